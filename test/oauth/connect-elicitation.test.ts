/**
 * Connect links as URL-mode elicitation (lib/gateway/connect-elicitation.ts),
 * in-process with a real SDK client on 2026-07-28 that declares
 * `elicitation.url`: a call on GitHub, which the user never connected, is
 * answered `input_required` with one URL-mode `elicitation/create` holding the
 * connect link; the client's handler plays the person — opens the link in
 * their signed-in browser, approves on the GitHub OAuth fake, lands on the
 * callback — and accepts; the SDK retries and the same `callTool` returns the
 * tool's result, as the OAuth account. A declined ask ends in the text result
 * carrying the same link and no second ask; a client without URL mode, or on a
 * 2025-era revision, gets the text result only. Usage: one event per attempt,
 * only the successful one billable.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { createSignedIn, type Browser } from '../api/helpers.ts';
import { startFakeGitHub } from '../helpers/fake-github.ts';
import { FAKE_GITHUB_USER, startFakeGitHubOAuth } from '../helpers/fake-oauth/github.ts';
import { IN_PROCESS_ORIGIN, startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { oauthEnvOf } from '../helpers/oauth-flow.ts';

const api = startFakeGitHub();
const oauth = startFakeGitHubOAuth({ api: api.tokens });
let hub: InProcessHub;

beforeAll(async () => {
  hub = await startInProcessHub({ env: { MCPHUB_GITHUB_API_URL: api.url, ...oauthEnvOf('github', oauth) }, publicUrl: IN_PROCESS_ORIGIN });
});
afterAll(async () => {
  await hub.close();
  await Promise.all([api.close(), oauth.close()]);
});

/** A signed-in person with a key, and an MCP client of that key; `urlElicitation` declares URL-mode elicitation. */
async function personWithClient(email: string, urlElicitation: boolean, mode: 'modern' | 'legacy' = 'modern'): Promise<{ browser: Browser; client: Client }> {
  const browser = await createSignedIn(hub, email);
  const key = generateApiKey();
  await hub.hub.store.createApiKey({ userId: browser.userId, name: 'laptop', hash: key.hash, prefix: key.prefix, actor: 'test' });
  const client = await hub.connect(key.key, mode, urlElicitation ? { capabilities: { elicitation: { url: {} } } } : {});
  return { browser, client };
}

/** What the person does with the link in their browser: open it signed in, approve at the provider, follow the callback. */
async function connectInBrowser(browser: Browser, link: string): Promise<void> {
  const opened = await hub.request(new Request(link, { headers: { cookie: browser.cookie }, redirect: 'manual' }));
  expect(opened.status).toBe(303);
  const callback = await oauth.approve(opened.headers.get('location')!);
  const landed = await hub.request(new Request(callback, { headers: { cookie: browser.cookie }, redirect: 'manual' }));
  expect(landed.status).toBe(302);
}

const textOf = (result: Awaited<ReturnType<Client['callTool']>>) => (result.content as Array<{ type: string; text?: string }>).map((block) => block.text ?? '').join('\n');
const LINK = /http:\/\/127\.0\.0\.1:8787\/connect\/github\?t=[\w-]{43}/;

describe('connect links as URL-mode elicitation', () => {
  it('asks for the link once; the person connects through OAuth and the same call returns the result', async () => {
    const { browser, client } = await personWithClient('ada@example.com', true);
    const asks: Array<{ mode?: string; url?: string; message: string }> = [];
    client.setRequestHandler('elicitation/create', async (request) => {
      const params = request.params as { mode?: string; url?: string; message: string };
      asks.push(params);
      await connectInBrowser(browser, params.url!);
      return { action: 'accept' };
    });

    const result = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain(FAKE_GITHUB_USER.login);
    expect(asks).toHaveLength(1);
    expect(asks[0]).toMatchObject({ mode: 'url', url: expect.stringMatching(LINK) });
    expect(asks[0]!.message).toContain('MCP Hub needs GitHub connected to run github/get_me');
    // One event for the refused attempt, one for the call that ran; only the second is billable.
    const events = await hub.hub.store.listUsage({ userId: browser.userId });
    expect(events.map((event) => [event.outcome, event.billable]).sort()).toEqual([
      ['not_enabled', false],
      ['ok', true],
    ]);
    await client.close();
  });

  it('a declined ask ends in the text result carrying the link it offered, and is not asked again on that call', async () => {
    const { client } = await personWithClient('bea@example.com', true);
    const asked: string[] = [];
    client.setRequestHandler('elicitation/create', async (request) => {
      asked.push((request.params as { url: string }).url);
      return { action: 'decline' };
    });
    const result = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(result.isError).toBe(true);
    expect(asked).toHaveLength(1);
    const text = textOf(result);
    expect(text).toContain('GitHub is not enabled for your account');
    expect(LINK.exec(text)?.[0]).toBe(asked[0]);
    await client.close();
  });

  it('a client without URL mode, and a 2025-era client, get the link as text only', async () => {
    for (const [email, urlElicitation, mode] of [
      ['cy@example.com', false, 'modern'],
      ['di@example.com', true, 'legacy'],
    ] as const) {
      const { client } = await personWithClient(email, urlElicitation, mode);
      const result = await client.callTool({ name: 'github__get_me', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(LINK);
      await client.close();
    }
  });
});
