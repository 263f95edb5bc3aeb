/**
 * /api/v1 keys, integrations, usage and client config, in-process: each
 * endpoint refuses a request with no session (401), keeps every user to
 * their own keys, connections and usage (two users, per endpoint), names
 * the field and the fix when input is wrong (400), and pages lists.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import type { UsageEvent } from '../../lib/store/port.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { NO_PLAN_LIMITS } from '../helpers/plans.ts';
import { apiRequest, createSignedIn, type Browser } from './helpers.ts';

let fake: FakeGitHub;
let hub: InProcessHub;
let ada: Browser;
let bob: Browser;
const adaToken = `ghp_${randomBytes(18).toString('hex')}`;
const bobToken = `ghp_${randomBytes(18).toString('hex')}`;

beforeAll(async () => {
  fake = startFakeGitHub();
  fake.tokens.set(adaToken, 'ada-octo');
  fake.tokens.set(bobToken, 'bob-octo');
  // More keys than the free plan's two: these tests are about the resources, not plans.
  hub = await startInProcessHub({ env: { MCPHUB_GITHUB_API_URL: fake.url, ...NO_PLAN_LIMITS } });
  ada = await createSignedIn(hub, 'ada@example.com');
  bob = await createSignedIn(hub, 'bob@example.com');
});
afterAll(async () => {
  await hub.close();
  await fake.close();
});

const json = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
type ErrorJson = { error: { code: string; message: string } };

describe('every resource route needs a session', () => {
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/keys'],
    ['POST', '/keys', { name: 'x' }],
    ['POST', '/keys/key_1/rotate'],
    ['DELETE', '/keys/key_1'],
    ['GET', '/integrations'],
    ['PUT', '/integrations/github', { credential: 'ghp_x' }],
    ['PATCH', '/integrations/github/settings', { settings: {} }],
    ['DELETE', '/integrations/github'],
    ['GET', '/usage'],
    ['GET', '/logs'],
    ['GET', '/logs/evt_1'],
    ['GET', '/logs/stream'],
    ['GET', '/logs/settings'],
    ['PATCH', '/logs/settings', { storeArguments: true }],
    ['GET', '/client-config?client=claude'],
  ];
  it.each(routes)('%s %s without a cookie is 401 unauthenticated, with a cookie no session has 401 too', async (method, path, body) => {
    const none = await apiRequest(hub, path, { method, body });
    expect(none.status).toBe(401);
    expect((await json<ErrorJson>(none)).error).toMatchObject({ code: 'unauthenticated', message: expect.stringContaining('Sign in') });
    const forged = await apiRequest(hub, path, { method, body, cookie: `mcphub_session=${randomBytes(32).toString('base64url')}`, csrf: 'x' });
    expect(forged.status).toBe(401);
  });
});

describe('the edge and unknown paths', () => {
  it('refuses a request from another origin before the API sees it, like /mcp', async () => {
    const refused = await apiRequest(hub, '/keys', { method: 'POST', body: { name: 'x' }, cookie: ada.cookie, csrf: ada.csrf, headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    expect(await hub.hub.store.listApiKeys(ada.userId).then((keys) => keys.some((k) => k.name === 'x'))).toBe(false);
  });

  it('answers an unknown API path or method with the API error body (404)', async () => {
    for (const [method, path] of [['GET', '/nope'], ['PUT', '/keys']] as const) {
      const response = await ada.api(path, { method });
      expect(response.status).toBe(404);
      expect(((await response.json()) as ErrorJson).error).toMatchObject({ code: 'not_found', message: expect.stringContaining(`No API route ${method} /api/v1${path}`) });
    }
  });
});

describe('keys', () => {
  it('creates a key shown once, lists it without the key, and only to its owner', async () => {
    const created = await ada.api('/keys', { method: 'POST', body: { name: 'laptop' } });
    expect(created.status).toBe(200);
    const { key, record } = await json<{ key: string; record: { id: string; prefix: string } }>(created);
    expect(key.startsWith(record.prefix)).toBe(true);
    const adaList = await json<{ items: Array<{ id: string }> }>(await ada.api('/keys'));
    expect(adaList.items.map((k) => k.id)).toContain(record.id);
    expect(JSON.stringify(adaList)).not.toContain(key);
    const bobList = await json<{ items: Array<{ id: string }> }>(await bob.api('/keys'));
    expect(bobList.items.map((k) => k.id)).not.toContain(record.id);
  });

  it("refuses another user's key: rotate and revoke are 404 and the key still works", async () => {
    const { record } = await json<{ record: { id: string } }>(await ada.api('/keys', { method: 'POST', body: { name: 'desk' } }));
    for (const [method, path] of [['POST', `/keys/${record.id}/rotate`], ['DELETE', `/keys/${record.id}`]] as const) {
      const refused = await bob.api(path, { method });
      expect(refused.status).toBe(404);
      expect((await json<ErrorJson>(refused)).error.code).toBe('not_found');
    }
    const still = await json<{ items: Array<{ id: string; revokedAt: number | null }> }>(await ada.api('/keys'));
    expect(still.items.find((k) => k.id === record.id)?.revokedAt).toBeNull();
  });

  it('rotates (new key, old one revoked) and revokes; a revoked key cannot be rotated (409)', async () => {
    const { record } = await json<{ record: { id: string } }>(await ada.api('/keys', { method: 'POST', body: { name: 'ci' } }));
    const rotated = await json<{ record: { id: string; name: string }; key: string; revoked: { id: string; revokedAt: number } }>(await ada.api(`/keys/${record.id}/rotate`, { method: 'POST' }));
    expect(rotated.record.name).toBe('ci');
    expect(rotated.revoked).toMatchObject({ id: record.id, revokedAt: expect.any(Number) });
    const again = await ada.api(`/keys/${record.id}/rotate`, { method: 'POST' });
    expect(again.status).toBe(409);
    const revoked = await ada.api(`/keys/${rotated.record.id}`, { method: 'DELETE' });
    expect(await json(revoked)).toMatchObject({ id: rotated.record.id, revokedAt: expect.any(Number) });
  });

  it('names the field and the fix for a bad name, limit or cursor (400 invalid), and a malformed body', async () => {
    const empty = await json<ErrorJson>(await ada.api('/keys', { method: 'POST', body: { name: '' } }));
    expect(empty.error.code).toBe('invalid');
    expect(empty.error.message).toMatch(/body field "name".*1 to 100 characters/);
    const missing = await ada.api('/keys', { method: 'POST', body: {} });
    expect(missing.status).toBe(400);
    const limit = await ada.api('/keys?limit=0');
    expect(limit.status).toBe(400);
    expect((await json<ErrorJson>(limit)).error.message).toMatch(/"limit".*1 to 100/);
    const cursor = await ada.api('/keys?cursor=nonsense');
    expect(cursor.status).toBe(400);
    expect((await json<ErrorJson>(cursor)).error.message).toContain('nextCursor');
    const broken = await apiRequest(hub, '/keys', { method: 'POST', cookie: ada.cookie, csrf: ada.csrf, headers: { 'content-type': 'application/json' }, body: undefined });
    expect(broken.status).toBe(400);
  });

  it('pages a list with limit and an opaque cursor, never repeating or skipping a key', async () => {
    const fresh = await createSignedIn(hub, 'pager@example.com');
    for (const name of ['a', 'b', 'c']) await fresh.api('/keys', { method: 'POST', body: { name } });
    const first = await json<{ items: Array<{ name: string }>; nextCursor: string | null }>(await fresh.api('/keys?limit=2'));
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await json<{ items: Array<{ name: string }>; nextCursor: string | null }>(await fresh.api(`/keys?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`));
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    // Keys made in the same millisecond are ordered by id, so the pages hold all three once each, in no fixed creation order.
    expect([...first.items, ...second.items].map((k) => k.name).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('integrations', () => {
  it('lists the catalog with status, filtered by search and category', async () => {
    const all = await json<{ items: Array<{ slug: string; status: string; category: string }> }>(await ada.api('/integrations'));
    expect(all.items.map((i) => i.slug)).toEqual(expect.arrayContaining(['github', 'linear', 'notion', 'slack', 'postgres']));
    expect(all.items.every((i) => i.status === 'not_connected' || i.status === 'connected')).toBe(true);
    const found = await json<{ items: Array<{ slug: string }> }>(await ada.api('/integrations?q=GitHub'));
    expect(found.items.map((i) => i.slug)).toEqual(['github']);
    const category = all.items.find((i) => i.slug === 'github')!.category;
    const inCategory = await json<{ items: Array<{ category: string }> }>(await ada.api(`/integrations?category=${encodeURIComponent(category)}`));
    expect(inCategory.items.length).toBeGreaterThan(0);
    expect(inCategory.items.every((i) => i.category === category)).toBe(true);
  });

  it("connects with a credential checked by the service (the account comes back, never the token), and only for the user who did", async () => {
    const connected = await ada.api('/integrations/github', { method: 'PUT', body: { credential: adaToken } });
    expect(connected.status).toBe(200);
    const body = await connected.text();
    expect(JSON.parse(body)).toMatchObject({ account: { label: expect.stringContaining('ada-octo') }, connection: { slug: 'github' } });
    expect(body).not.toContain(adaToken);
    const adaView = await json<{ items: Array<{ slug: string; status: string }> }>(await ada.api('/integrations?q=github'));
    expect(adaView.items[0]!.status).toBe('connected');
    const bobView = await json<{ items: Array<{ slug: string; status: string }> }>(await bob.api('/integrations?q=github'));
    expect(bobView.items[0]!.status).toBe('not_connected');
  });

  it("refuses a token the service rejects (422 credential_rejected, with the service's reason) and stores nothing", async () => {
    const refused = await bob.api('/integrations/github', { method: 'PUT', body: { credential: `ghp_${'0'.repeat(36)}` } });
    expect(refused.status).toBe(422);
    expect((await json<ErrorJson>(refused)).error).toMatchObject({ code: 'credential_rejected', message: expect.stringContaining('Nothing was stored') });
    expect(await hub.hub.store.listConnections(bob.userId)).toEqual([]);
  });

  it("cannot change or disconnect another user's connection: bob's settings change is 404, his disconnect changes nothing of ada's", async () => {
    await hub.enable(ada.userId, 'postgres', 'postgres://ada@127.0.0.1:1/db');
    const settings = await bob.api('/integrations/postgres/settings', { method: 'PATCH', body: { settings: { allow_writes: true } } });
    expect(settings.status).toBe(404);
    expect(await json(await bob.api('/integrations/postgres', { method: 'DELETE' }))).toEqual({ disabled: false, revoke: { status: 'none' } });
    const adas = (await hub.hub.store.listConnections(ada.userId)).find((c) => c.slug === 'postgres');
    expect(adas).toMatchObject({ enabled: true, settings: {} });
  });

  it('changes settings (typed values), refuses an unknown one (422), and disconnects', async () => {
    const changed = await json<{ settings: Array<{ name: string; value: unknown }> }>(await ada.api('/integrations/postgres/settings', { method: 'PATCH', body: { settings: { allow_writes: true } } }));
    expect(changed.settings.find((s) => s.name === 'allow_writes')?.value).toBe(true);
    const unknown = await ada.api('/integrations/postgres/settings', { method: 'PATCH', body: { settings: { no_such: 1 } } });
    expect(unknown.status).toBe(422);
    expect(await json(await ada.api('/integrations/postgres', { method: 'DELETE' }))).toEqual({ disabled: true, revoke: { status: 'none' } });
  });

  it('names the field for a missing credential or a bad slug (400), and says an unknown integration is 404', async () => {
    const missing = await json<ErrorJson>(await ada.api('/integrations/github', { method: 'PUT', body: {} }));
    expect(missing.error.message).toContain('"credential"');
    expect((await ada.api('/integrations/Git%20Hub', { method: 'DELETE' })).status).toBe(400);
    expect((await ada.api('/integrations/nope', { method: 'DELETE' })).status).toBe(404);
  });
});

/** Records a finished call of `userId` as the gateway would. */
async function recordCall(userId: string, overrides: Partial<UsageEvent> = {}): Promise<UsageEvent> {
  const event: UsageEvent = { id: `evt_${randomBytes(8).toString('hex')}`, userId, keyId: 'key_x', integration: 'github', tool: 'github__get_me', outcome: 'ok', billable: true, totalMs: 5, upstreamMs: 3, bytesIn: 1, bytesOut: 1, at: Date.now(), ...overrides };
  await hub.hub.store.recordUsage(event);
  return event;
}

describe('usage', () => {
  it("summarises only the signed-in user's calls: per day, per tool, top tools, this month", async () => {
    await recordCall(ada.userId);
    await recordCall(ada.userId, { outcome: 'upstream_error', billable: false, error: 'GitHub said no' });
    const adas = await json<{ days: Array<{ calls: number; errors: number }>; tools: Array<{ tool: string; calls: number }>; topTools: unknown[]; month: { calls: number; errors: number } }>(await ada.api('/usage?days=7'));
    expect(adas.days).toHaveLength(7);
    expect(adas.days.at(-1)).toMatchObject({ calls: 2, errors: 1 });
    expect(adas.tools).toEqual([expect.objectContaining({ tool: 'github__get_me', calls: 2 })]);
    expect(adas.month).toMatchObject({ calls: 2, errors: 1 });
    const bobs = await json<{ month: { calls: number }; tools: unknown[] }>(await bob.api('/usage'));
    expect(bobs).toMatchObject({ month: { calls: 0, errors: 0 }, tools: [] });
    const tooLong = await ada.api('/usage?days=1000');
    expect(tooLong.status).toBe(400);
    expect((await json<ErrorJson>(tooLong)).error.message).toContain('"days"');
  });
});

describe('logs', () => {
  it("lists, filters and pages only the user's own calls, and one call by id; another user's call is 404", async () => {
    const logger = await createSignedIn(hub, 'logger@example.com');
    const failed = await recordCall(logger.userId, { outcome: 'upstream_error', billable: false, error: 'Bad credentials', tool: 'github__list_issues' });
    await recordCall(logger.userId);
    await recordCall(logger.userId);
    const first = await json<{ items: Array<{ id: string; userId?: string }>; nextCursor: string | null }>(await logger.api('/logs?limit=2'));
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(first.items[0]).not.toHaveProperty('userId');
    const rest = await json<{ items: Array<{ id: string }> }>(await logger.api(`/logs?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`));
    expect([...first.items, ...rest.items].map((c) => c.id)).toContain(failed.id);
    const errorsOnly = await json<{ items: Array<{ id: string; error: string | null }> }>(await logger.api('/logs?outcome=upstream_error'));
    expect(errorsOnly.items).toEqual([expect.objectContaining({ id: failed.id, error: 'Bad credentials' })]);
    expect((await json<{ id: string }>(await logger.api(`/logs/${failed.id}`))).id).toBe(failed.id);
    expect((await bob.api(`/logs/${failed.id}`)).status).toBe(404);
    expect((await json<{ items: Array<{ id: string }> }>(await bob.api('/logs'))).items.map((c) => c.id)).not.toContain(failed.id);
    expect((await logger.api('/logs?outcome=fine')).status).toBe(400);
  });

  it("streams the user's new calls as server-sent events, and none of another user's", async () => {
    const watcher = await createSignedIn(hub, 'watcher@example.com');
    const stream = await watcher.api('/logs/stream');
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    await recordCall(bob.userId, { tool: 'github__bobs_call' });
    const mine = await recordCall(watcher.userId, { tool: 'github__watched' });
    let text = '';
    // app.handle hands Elysia's chunks over as they are (strings); Bun's server encodes them.
    while (!text.includes(mine.id)) {
      const { value } = await reader.read();
      text += typeof value === 'string' ? value : new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(text).toContain('event: call');
    expect(text).not.toContain('github__bobs_call');
  });

  it('streams only the new calls the filters match, as the list filters them; a bad filter is 400 before the stream starts', async () => {
    const watcher = await createSignedIn(hub, 'filtered-watcher@example.com');
    const stream = await watcher.api('/logs/stream?outcome=upstream_error&integration=github');
    const reader = stream.body!.getReader();
    await recordCall(watcher.userId, { tool: 'github__fine_call' });
    await recordCall(watcher.userId, { tool: 'linear__failed_call', integration: 'linear', outcome: 'upstream_error', billable: false, error: 'no' });
    const wanted = await recordCall(watcher.userId, { outcome: 'upstream_error', billable: false, error: 'Bad credentials' });
    let text = '';
    while (!text.includes(wanted.id)) {
      const { value } = await reader.read();
      text += typeof value === 'string' ? value : new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(text).not.toContain('github__fine_call');
    expect(text).not.toContain('linear__failed_call');
    const bad = await watcher.api('/logs/stream?outcome=fine');
    expect(bad.status).toBe(400);
    expect((await json<ErrorJson>(bad)).error.message).toContain('"outcome"');
  });

  it('keeps arguments only when the user turns it on, within the retention bounds', async () => {
    expect(await json(await bob.api('/logs/settings'))).toEqual({ storeArguments: false, argumentRetentionDays: 7 });
    expect(await json(await bob.api('/logs/settings', { method: 'PATCH', body: { storeArguments: true, argumentRetentionDays: 3 } }))).toEqual({ storeArguments: true, argumentRetentionDays: 3 });
    expect(await json(await ada.api('/logs/settings'))).toMatchObject({ storeArguments: false });
    expect((await bob.api('/logs/settings', { method: 'PATCH', body: { argumentRetentionDays: 365 } })).status).toBe(400);
  });
});

describe('client config', () => {
  it("gives each client's entry pointed at this hub, with a placeholder where the key goes, never a key", async () => {
    for (const client of ['claude', 'cursor', 'vscode', 'claude-code', 'http']) {
      const config = await json<{ keyPlaceholder: string; url: string; entry: unknown; command: string[] | null; http: unknown }>(await ada.api(`/client-config?client=${client}`));
      expect(config.url).toBe('http://127.0.0.1:8787/mcp');
      expect(JSON.stringify(config)).toContain(config.keyPlaceholder);
      expect(JSON.stringify(config)).not.toMatch(/mcp_sk_[0-9A-Za-z]{43}/);
    }
    const claude = await json<{ entry: { mcpServers: { mcphub: { command: string; args: string[] } } } }>(await ada.api('/client-config?client=claude'));
    expect(claude.entry.mcpServers.mcphub.command).toBe('npx');
    // The bridge comes from this hub (the package is not on npm), on the origin the request reached.
    expect(claude.entry.mcpServers.mcphub.args.slice(0, 3)).toEqual(['-y', '--package=http://127.0.0.1:8787/client/mcphub-client-0.1.0.tgz', 'mcphub-client']);
    const code = await json<{ command: string[] }>(await ada.api('/client-config?client=claude-code'));
    expect(code.command.slice(0, 3)).toEqual(['claude', 'mcp', 'add']);
    const unknown = await ada.api('/client-config?client=emacs');
    expect(unknown.status).toBe(400);
    expect((await json<ErrorJson>(unknown)).error.message).toContain('claude-code');
  });

  it('gives the one-click installs: the .mcpb URL for Claude Desktop, keyless install links for Cursor and VS Code, none for the others', async () => {
    type Installs = { bundle: string | null; installLink: string | null; keyVariable: string | null; keyPlaceholder: string };
    const claude = await json<Installs>(await ada.api('/client-config?client=claude'));
    expect(claude).toMatchObject({ bundle: 'http://127.0.0.1:8787/client/mcphub.mcpb', installLink: null, keyVariable: null });

    const cursor = await json<Installs>(await ada.api('/client-config?client=cursor'));
    expect(cursor).toMatchObject({ bundle: null, keyVariable: 'MCPHUB_API_KEY' });
    const cursorConfig = JSON.parse(Buffer.from(new URL(cursor.installLink!).searchParams.get('config')!, 'base64').toString('utf8')) as { args: string[]; env: Record<string, string> };
    expect(cursorConfig.args).toContain('--package=http://127.0.0.1:8787/client/mcphub-client-0.1.0.tgz');
    expect(cursorConfig.env).toStrictEqual({ MCPHUB_TOKEN: '${env:MCPHUB_API_KEY}' });

    const vscode = await json<Installs>(await ada.api('/client-config?client=vscode&windows=true'));
    const vscodeConfig = JSON.parse(decodeURIComponent(vscode.installLink!.slice('vscode:mcp/install?'.length))) as { command: string; env: Record<string, string>; inputs: Array<{ id: string; password: boolean }> };
    expect(vscodeConfig).toMatchObject({ command: 'cmd', env: { MCPHUB_TOKEN: '${input:mcphub-api-key}' }, inputs: [{ id: 'mcphub-api-key', password: true }] });
    // The links stand alone: not even the placeholder the pasted entries carry.
    for (const decoded of [cursorConfig, vscodeConfig]) expect(JSON.stringify(decoded)).not.toMatch(/mcp_sk_[A-Za-z0-9]|--token/);

    for (const client of ['claude-code', 'http']) {
      expect(await json<Installs>(await ada.api(`/client-config?client=${client}`))).toMatchObject({ bundle: null, installLink: null, keyVariable: null });
    }
  });
});
