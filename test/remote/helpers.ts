/** What the remote-server tests share: a signed-in user with an API key on an in-process hub, and adding a server through the API. */
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { createSignedIn, type Browser } from '../api/helpers.ts';
import type { InProcessHub } from '../helpers/in-process-hub.ts';

export interface RemoteUser {
  browser: Browser;
  userId: string;
  key: string;
  keyId: string;
}

export async function remoteUser(hub: InProcessHub, email: string): Promise<RemoteUser> {
  const browser = await createSignedIn(hub, email);
  const key = generateApiKey();
  const record = await hub.hub.store.createApiKey({ userId: browser.userId, name: 'test', hash: key.hash, prefix: key.prefix, actor: 'test' });
  return { browser, userId: browser.userId, key: key.key, keyId: record.id };
}

export interface AddBody {
  slug: string;
  url: string;
  credentialKind: 'none' | 'bearer' | 'headers';
  token?: string;
  headers?: Record<string, string>;
  forEveryone?: boolean;
}

/** POST /api/v1/remote-servers; its JSON body and status. */
export async function addServer(user: RemoteUser, body: AddBody): Promise<{ status: number; body: any }> {
  const response = await user.browser.api('/remote-servers', { method: 'POST', body });
  return { status: response.status, body: await response.json() };
}

/** Waits (bounded) until `read` gives a value, polling every 20 ms. */
export async function eventually<T>(read: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
