/**
 * Connect links from a chat, in-process: a real SDK client's call on a GitHub
 * connection whose token GitHub refuses (so it needs reconnecting), and on an
 * integration the user never connected, returns an isError result naming the
 * integration with a `/connect/<slug>?t=…` link; refused calls in a row share
 * one link. Opened with the owner's session the link goes to the token form
 * (or the OAuth flow when the integration offers one) and is spent; another
 * signed-in user is refused without spending it; a signed-out browser is sent
 * to sign in and back; an expired link says so; a store failure is a page.
 * No token reaches a log line or the call log.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { createSealer } from '../../lib/crypto/seal.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import { CONNECT_LINK_TTL_MS, issueConnectLink } from '../../lib/services/oauth-state.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { IN_PROCESS_ORIGIN, startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { createSignedIn, type Browser } from './helpers.ts';

const LINK = /http:\/\/127\.0\.0\.1:8787\/connect\/([a-z]+)\?t=([A-Za-z0-9_-]{43})/;

const fakes: FakeGitHub[] = [];
const hubs: InProcessHub[] = [];
afterAll(async () => {
  await Promise.all(hubs.map((hub) => hub.close()));
  await Promise.all(fakes.map((fake) => fake.close()));
});

interface Setup {
  fake: FakeGitHub;
  hub: InProcessHub;
  ada: Browser;
  bob: Browser;
  client: Client;
  /** GitHub's token for ada, which the fake accepts until it is deleted from `fake.tokens`. */
  token: string;
}

/** A hub whose links point at its in-process origin; ada connected GitHub through the API and has an MCP client. */
async function setUp(env: Record<string, string> = {}): Promise<Setup> {
  const fake = startFakeGitHub();
  fakes.push(fake);
  const hub = await startInProcessHub({ env: { MCPHUB_GITHUB_API_URL: fake.url, ...env }, publicUrl: IN_PROCESS_ORIGIN });
  hubs.push(hub);
  const ada = await createSignedIn(hub, 'ada@example.com');
  const bob = await createSignedIn(hub, 'bob@example.com');
  const token = `ghp_${randomBytes(18).toString('hex')}`;
  fake.tokens.set(token, 'ada-octo');
  expect((await ada.api('/integrations/github', { method: 'PUT', body: { credential: token } })).status).toBe(200);
  const key = generateApiKey();
  await hub.hub.store.createApiKey({ userId: ada.userId, name: 'laptop', hash: key.hash, prefix: key.prefix, actor: 'test' });
  return { fake, hub, ada, bob, client: await hub.connect(key.key), token };
}

const textOf = (result: Awaited<ReturnType<Client['callTool']>>) => (result.content as Array<{ type: string; text?: string }>).map((block) => block.text ?? '').join('\n');

/** Calls a tool, expects an isError result with a connect link, and gives its text and link. */
async function refusedWithLink(client: Client, name: string) {
  const result = await client.callTool({ name, arguments: {} });
  expect(result.isError).toBe(true);
  const text = textOf(result);
  const match = LINK.exec(text);
  if (!match) throw new Error(`no connect link in: ${text}`);
  return { text, url: match[0], slug: match[1]!, token: match[2]! };
}

/** Opens a link the way a browser would (no redirect following), with a session cookie or none. */
const open = (hub: InProcessHub, url: string, who?: Browser) => hub.request(new Request(url, { headers: who ? { cookie: who.cookie } : {}, redirect: 'manual' }));

describe('connect links from a chat', () => {
  it('a refused GitHub token gives a link; the owner opening it lands on the token form once, another user is refused without spending it', async () => {
    const { fake, hub, ada, bob, client, token } = await setUp();
    expect((await client.callTool({ name: 'github__get_me', arguments: {} })).isError).toBeFalsy();
    fake.tokens.delete(token);

    const first = await refusedWithLink(client, 'github__get_me');
    expect(first.slug).toBe('github');
    expect(first.text).toContain('The GitHub token was rejected');
    expect(first.text).toContain('to connect GitHub (a single-use link for your account, valid for 30 minutes)');
    // The connection now needs reconnecting; a model retrying gets the same link, not a new stored one per call.
    const again = await refusedWithLink(client, 'github__get_me');
    expect(again.url).toBe(first.url);

    const asBob = await open(hub, first.url, bob);
    expect(asBob.status).toBe(404);
    expect(await asBob.text()).toContain('made for another account: sign out, sign in as that person');

    const signedOut = await open(hub, first.url);
    expect(signedOut.status).toBe(401);
    const signInPage = await signedOut.text();
    expect(signInPage).toContain('Sign in to MCP Hub as that person, then open this link again.');
    expect(signInPage).toContain(`href="/sign-in?next=${encodeURIComponent(`/connect/github?t=${first.token}`)}"`);

    const asAda = await open(hub, first.url, ada);
    expect(asAda.status).toBe(303);
    expect(asAda.headers.get('location')).toBe('/integrations?reconnect=github');

    const reopened = await open(hub, first.url, ada);
    expect(reopened.status).toBe(404);
    const usedPage = await reopened.text();
    expect(usedPage).toContain('It was already used');
    expect(usedPage).toContain('href="/integrations"');
    expect(usedPage).not.toContain(first.token);

    // Spent, so the next refusal hands out a fresh link.
    const next = await refusedWithLink(client, 'github__get_me');
    expect(next.token).not.toBe(first.token);
    await client.close();
  });

  it('a tool of an integration the user never connected carries a link to connect it', async () => {
    const { hub, ada, client } = await setUp();
    const { text, url, slug } = await refusedWithLink(client, 'linear__get_issue');
    expect(slug).toBe('linear');
    expect(text).toContain('Linear is not enabled for your account');
    const opened = await open(hub, url, ada);
    expect(opened.headers.get('location')).toBe('/integrations?reconnect=linear');
    await client.close();
  });

  it("goes straight to the provider's authorize page when the operator set up OAuth, ending on the done page", async () => {
    const { fake, hub, ada, client, token } = await setUp({ MCPHUB_OAUTH_GITHUB_CLIENT_ID: 'Iv1.connectlinks', MCPHUB_OAUTH_GITHUB_CLIENT_SECRET: 'connect-links-secret', MCPHUB_OAUTH_GITHUB_WEB_URL: 'http://127.0.0.1:9' });
    fake.tokens.delete(token);
    const { url } = await refusedWithLink(client, 'github__get_me');
    const opened = await open(hub, url, ada);
    expect(opened.status).toBe(303);
    const authorize = new URL(opened.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe('http://127.0.0.1:9/login/oauth/authorize');
    expect(authorize.searchParams.get('client_id')).toBe('Iv1.connectlinks');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${IN_PROCESS_ORIGIN}/oauth/github/callback`);
    // The flow it started ends on the done page: its state holds that returnTo for this user's session.
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    const done = await hub.request('/connect/github/done');
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('GitHub is connected. You can go back to your chat — the next tool call works without restarting anything.');
    await client.close();
  });

  it('an expired link, a malformed one and an unknown integration each get a page, never the JSON error', async () => {
    const { hub, ada, client } = await setUp();
    const deps = { store: hub.hub.store, sealer: createSealer(hub.config.encryptionKey), now: () => Date.now() - CONNECT_LINK_TTL_MS - 1_000 };
    const stale = await issueConnectLink(deps, { userId: ada.userId, slug: 'github' });
    const expired = await open(hub, `${IN_PROCESS_ORIGIN}/connect/github?t=${stale.token}`, ada);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Connect links work for 30 minutes.');

    for (const path of ['/connect/github?t=short', `/connect/github?t=${'a'.repeat(500)}`, '/connect/github', '/connect/nosuch?t=x', '/connect/GitHub%3Cscript%3E?t=x']) {
      const response = await open(hub, `${IN_PROCESS_ORIGIN}${path}`, ada);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toContain('text/html');
      expect(await response.text(), path).not.toContain('<script>');
    }
    await client.close();
  });

  it('no link token reaches the hub log or the call log', async () => {
    const { fake, hub, ada, client, token } = await setUp();
    fake.tokens.delete(token);
    const github = await refusedWithLink(client, 'github__get_me');
    const linear = await refusedWithLink(client, 'linear__get_issue');
    await open(hub, github.url, ada);
    const logged = JSON.stringify(hub.logs);
    const calls = await (await ada.api('/logs')).text();
    expect(calls).toContain('The GitHub token was rejected');
    for (const link of [github, linear]) {
      expect(logged).not.toContain(link.token);
      expect(calls).not.toContain(link.token);
    }
    await client.close();
  });

  it('a store failure while opening a link is a page naming the hub log, and the log line holds no token', async () => {
    const store = openEmbeddedStore({ dataDir: ':memory:', pollIntervalMs: 20 });
    store.consumeConnectLink = async () => {
      throw new Error('database is locked');
    };
    const hub = await startInProcessHub({ store, publicUrl: IN_PROCESS_ORIGIN });
    hubs.push(hub);
    const ada = await createSignedIn(hub, 'ada@example.com');
    const key = generateApiKey();
    await hub.hub.store.createApiKey({ userId: ada.userId, name: 'laptop', hash: key.hash, prefix: key.prefix, actor: 'test' });
    const client = await hub.connect(key.key);
    const { url, token } = await refusedWithLink(client, 'github__get_me');
    const failed = await open(hub, url, ada);
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toContain('text/html');
    const body = await failed.text();
    expect(body).toContain('details are in the hub log');
    expect(body).not.toContain('database is locked');
    expect(hub.logs).toContainEqual(expect.objectContaining({ msg: 'connect link request failed', path: '/connect/github' }));
    expect(JSON.stringify(hub.logs)).not.toContain(token);
    await client.close();
  });
});
