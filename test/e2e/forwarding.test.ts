/**
 * Forwarding to per-integration functions. With MCPHUB_FORWARD=http the
 * gateway signs each call and POSTs it to /fn/<slug>; the function refuses
 * anything unsigned, forged, stale or replayed. The default mode runs calls
 * in-process and still keeps /fn/<slug> closed to unsigned callers.
 */
import { Database } from 'bun:sqlite';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../lib/crypto/signing.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, createAccount, freePort, startHub, textOf, type HubProcess } from '../helpers/hub-process.ts';

const TOKEN = 'ghp_forwardToken000000000000000000000001';
const SECRET = 'test-forward-secret-0123456789abcdef0123456789';
let fake: FakeGitHub;

beforeAll(() => {
  fake = startFakeGitHub();
  fake.tokens.set(TOKEN, 'fwd');
});
afterAll(() => fake.close());

function post(hub: HubProcess, body: string, headers: Record<string, string>) {
  return fetch(`${hub.url}/fn/github`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe.each<{ mode: string; env: Record<string, string> }>([
  { mode: 'inprocess', env: {} },
  { mode: 'http', env: { MCPHUB_FORWARD: 'http', MCPHUB_FORWARD_SECRET: SECRET } },
])('forward mode $mode', ({ mode, env }) => {
  let hub: HubProcess;
  beforeAll(async () => {
    hub = await startHub({ MCPHUB_GITHUB_API_URL: fake.url, ...env });
  });
  afterAll(async () => {
    expect(await hub.stop()).toBe(0);
  });

  it('serves tool calls end to end', async () => {
    const account = await createAccount(hub, 'fwd@example.com', TOKEN);
    const client = await connectClient(hub.mcpUrl, account.key);
    const result = await client.callTool({ name: 'github__list_issues', arguments: { owner: 'octo', repo: 'hello', per_page: 2 } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('2 open issues in octo/hello');
    const invalid = await client.callTool({ name: 'github__get_issue', arguments: { owner: 'octo', repo: 'hello' } });
    expect(textOf(invalid)).toMatch(/`issue_number`/);
    await client.close();
    const usage = JSON.parse((await hub.cli(['usage', '--user', account.email, '--json'])).stdout);
    expect(usage.totals).toEqual({ calls: 2, errors: 1, billable: 1 });
    expect(hub.stderr()).not.toContain('refused unsigned');
  });

  it('refuses an unsigned /fn/github request', async () => {
    const body = JSON.stringify({ tool: 'get_me', args: {}, userId: 'usr_x', sealedCredential: 'v1.a.b.c' });
    const response = await post(hub, body, {});
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_signature' });
    const unknownSlug = await fetch(`${hub.url}/fn/nosuchthing`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unknownSlug.status).toBe(401);
  });

  it('refuses a forged signature (wrong secret) and a bare token header', async () => {
    const body = JSON.stringify({ tool: 'get_me', args: {}, userId: 'usr_x', sealedCredential: 'v1.a.b.c' });
    expect((await post(hub, body, signedHeaders('not-the-secret-not-the-secret-not-the', body))).status).toBe(401);
    expect((await post(hub, body, { authorization: `Bearer ${TOKEN}` })).status).toBe(401);
  });

  it.runIf(mode === 'http')('refuses a stale timestamp', async () => {
    const body = JSON.stringify({ tool: 'get_me', args: {}, userId: 'usr_x', sealedCredential: 'v1.a.b.c' });
    const response = await post(hub, body, signedHeaders(SECRET, body, Date.now() - 5 * 60_000));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { message: string }).message).toContain('stale');
  });

  it.runIf(mode === 'http')('refuses a replayed request and a body changed after signing', async () => {
    const body = JSON.stringify({ tool: 'nope', args: {}, userId: 'usr_x', sealedCredential: 'v1.a.b.c' });
    const headers = signedHeaders(SECRET, body);
    expect((await post(hub, body, headers)).status).toBe(404);
    const replay = await post(hub, body, headers);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { message: string }).message).toContain('replayed');
    const tampered = await post(hub, body.replace('usr_x', 'usr_y'), signedHeaders(SECRET, body));
    expect(tampered.status).toBe(401);
  });

  it.runIf(mode === 'http')("a validly signed call cannot use another user's sealed credential", async () => {
    const victim = await createAccount(hub, 'victim@example.com', TOKEN);
    // Read the victim's sealed credential straight from the database, as an attacker with a leaked row would.
    const db = new Database(join(hub.dataDir, 'hub.db'), { readonly: true });
    const row = db.query<{ sealed_credential: string }, [string]>("SELECT sealed_credential FROM connections WHERE user_id = ? AND slug = 'github'").get(victim.userId);
    db.close();
    const call = (userId: string) => {
      const body = JSON.stringify({ tool: 'get_me', args: {}, userId, sealedCredential: row!.sealed_credential });
      return post(hub, body, signedHeaders(SECRET, body)).then((r) => r.json() as Promise<{ outcome: string; result: { content: Array<{ text: string }> } }>);
    };
    const stolen = await call('usr_attacker');
    expect(stolen.outcome).toBe('not_enabled');
    expect(stolen.result.content[0]!.text).toMatch(/could not be opened/);
    expect((await call(victim.userId)).outcome).toBe('ok');
  });
});

describe('replay protection across a restart', () => {
  it('a signed /fn call replayed after the hub restarts is refused as replayed, not run again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mcphub-replay-'));
    const port = await freePort();
    const env = { MCPHUB_GITHUB_API_URL: fake.url, MCPHUB_FORWARD: 'http' };
    let hub = await startHub(env, { dataDir, port });
    try {
      // The forwarding secret the hub generated in its data dir, as an attacker who captured one call would not need it.
      const secret = readFileSync(join(dataDir, 'forward.secret'), 'utf8').trim();
      const account = await createAccount(hub, 'replay@example.com', TOKEN);
      const db = new Database(join(dataDir, 'hub.db'), { readonly: true });
      const row = db.query<{ sealed_credential: string }, [string]>("SELECT sealed_credential FROM connections WHERE user_id = ? AND slug = 'github'").get(account.userId);
      db.close();
      const body = JSON.stringify({ tool: 'get_me', args: {}, userId: account.userId, sealedCredential: row!.sealed_credential });
      const captured = signedHeaders(secret, body);
      const first = await post(hub, body, captured);
      expect(((await first.json()) as { outcome: string }).outcome).toBe('ok');
      const callsBefore = fake.requests.length;

      expect(await hub.stop()).toBe(0);
      hub = await startHub(env, { dataDir, port });
      const replay = await post(hub, body, captured);
      expect(replay.status).toBe(401);
      expect(((await replay.json()) as { message: string }).message).toContain('replayed');
      expect(fake.requests.length).toBe(callsBefore);
    } finally {
      await hub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('gateway and function with different secrets', () => {
  it('the call fails as an internal error and the gateway log says which setting to fix', async () => {
    const functions = await startHub({ MCPHUB_GITHUB_API_URL: fake.url });
    const gateway = await startHub({ MCPHUB_GITHUB_API_URL: fake.url, MCPHUB_FORWARD: 'http', MCPHUB_FORWARD_URL: functions.url, MCPHUB_FORWARD_SECRET: SECRET });
    try {
      const account = await createAccount(gateway, 'mismatch@example.com', TOKEN);
      const client = await connectClient(gateway.mcpUrl, account.key);
      await expect(client.callTool({ name: 'github__get_me', arguments: {} })).rejects.toMatchObject({ code: -32603 });
      await client.close();
      expect(gateway.stderr()).toContain('Check that MCPHUB_FORWARD_SECRET is the same for the gateway and the function');
      expect(functions.stderr()).toContain('refused unsigned or forged function call');
    } finally {
      await gateway.stop();
      await functions.stop();
    }
  });
});
