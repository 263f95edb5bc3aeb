/**
 * The Integrations page's status, in-process: connecting GitHub (against a
 * GitHub-shaped fake) lists it as connected as the account GitHub named; once
 * GitHub refuses the stored token on a real MCP tool call the list says it
 * needs reconnecting, with GitHub's reason — with the tool run in-process and
 * through the hub's signed /fn function — and connecting again clears it.
 * Another user's list never shows any of it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { createSignedIn, type Browser } from './helpers.ts';

interface Listed { slug: string; status: string; account: string | null; attention: { kind: string; reason: string; at: number } | null }

const githubOf = async (browser: Browser): Promise<Listed> => ((await (await browser.api('/integrations?q=github')).json()) as { items: Listed[] }).items[0]!;

/** Polls until `read` gives a value (the mark is written after the call's answer), for at most 2 s. */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + 2_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting for the connection status');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const fakes: FakeGitHub[] = [];
const hubs: InProcessHub[] = [];
const servers: Array<ReturnType<typeof Bun.serve>> = [];
afterAll(async () => {
  await Promise.all(hubs.map((hub) => hub.close()));
  servers.forEach((server) => server.stop(true));
  await Promise.all(fakes.map((fake) => fake.close()));
});

/** A hub on a fresh fake; `http` runs tools through the hub's own /fn function on a 127.0.0.1 port, as a split deployment would. */
async function setUp(mode: 'inprocess' | 'http') {
  const fake = startFakeGitHub();
  fakes.push(fake);
  let hub: InProcessHub | undefined;
  const env: Record<string, string> = { MCPHUB_GITHUB_API_URL: fake.url };
  if (mode === 'http') {
    const functions = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => hub!.hub.app.handle(request) });
    servers.push(functions);
    Object.assign(env, { MCPHUB_FORWARD: 'http', MCPHUB_FORWARD_URL: `http://127.0.0.1:${functions.port}`, MCPHUB_FORWARD_SECRET: randomBytes(32).toString('hex') });
  }
  hub = await startInProcessHub({ env });
  hubs.push(hub);
  const ada = await createSignedIn(hub, 'ada@example.com');
  const bob = await createSignedIn(hub, 'bob@example.com');
  const key = generateApiKey();
  await hub.hub.store.createApiKey({ userId: ada.userId, name: 'laptop', hash: key.hash, prefix: key.prefix, actor: 'test' });
  return { fake, hub, ada, bob, key: key.key };
}

describe.each(['inprocess', 'http'] as const)('integration status (tools run %s)', (mode) => {
  it('is connected as the checked account, needs reconnecting once GitHub refuses the token on a call, and is connected again after reconnecting', async () => {
    const { fake, hub, ada, bob, key } = await setUp(mode);
    const first = `ghp_${randomBytes(18).toString('hex')}`;
    fake.tokens.set(first, 'ada-octo');
    expect(await githubOf(ada)).toMatchObject({ status: 'not_connected', account: null, attention: null });
    expect((await ada.api('/integrations/github', { method: 'PUT', body: { credential: first } })).status).toBe(200);
    expect(await githubOf(ada)).toEqual(expect.objectContaining({ status: 'connected', account: 'ada-octo', attention: null }));

    const client = await hub.connect(key);
    try {
      expect((await client.callTool({ name: 'github__get_me', arguments: {} })).isError).toBeFalsy();
      expect((await githubOf(ada)).status).toBe('connected');
      fake.tokens.delete(first);
      const refused = await client.callTool({ name: 'github__get_me', arguments: {} });
      expect(refused.isError).toBe(true);
      const listed = await eventually(async () => {
        const github = await githubOf(ada);
        return github.status === 'needs_reconnect' ? github : undefined;
      });
      expect(listed).toMatchObject({ account: 'ada-octo', attention: { kind: 'needs_reconnect', reason: 'The GitHub token was rejected (401: Bad credentials).', at: expect.any(Number) } });
      expect(JSON.stringify(listed)).not.toContain(first);
      expect(await githubOf(bob)).toMatchObject({ status: 'not_connected', account: null, attention: null });
      // Still listed: a refused token is the person's to fix, and the model keeps being told how.
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('github__get_me');

      const second = `ghp_${randomBytes(18).toString('hex')}`;
      fake.tokens.set(second, 'ada-octo-2');
      expect((await ada.api('/integrations/github', { method: 'PUT', body: { credential: second } })).status).toBe(200);
      expect(await githubOf(ada)).toMatchObject({ status: 'connected', account: 'ada-octo-2', attention: null });
      expect((await ada.api('/integrations/github', { method: 'DELETE' })).status).toBe(200);
      expect(await githubOf(ada)).toMatchObject({ status: 'not_connected', account: null, attention: null });
    } finally {
      await client.close();
    }
  });
});
