/**
 * What a remote MCP server's session survives and relays through the hub
 * (issue 15): the upstream restarting mid-session, its list_changed reaching
 * a real SDK client of the hub, progress and cancellation both ways, results
 * too large or too slow capped as for built-in integrations, and (on a
 * hosted configuration) private targets refused, also behind a redirect.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { DEFAULT_TOOLS, startFakeRemoteMcp, type FakeRemoteMcp } from '../helpers/fake-remote-mcp.ts';
import { addServer, eventually, remoteUser } from './helpers.ts';
import { randomBytes } from 'node:crypto';
import { createSealer } from '../../lib/crypto/seal.ts';
import { createLogger } from '../../lib/log.ts';
import { sealCredential } from '../../lib/remote/credential.ts';
import { RemoteSessions } from '../../lib/remote/sessions.ts';
import type { RemoteServer } from '../../lib/store/remote-servers.ts';

let hub: InProcessHub | undefined;
let fake: FakeRemoteMcp | undefined;
const closers: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await hub?.close();
  await fake?.close();
  hub = fake = undefined;
});

const text = (result: { content?: unknown }) => ((result.content as Array<{ text?: string }> | undefined) ?? []).map((c) => c.text).join('');

describe('remote MCP servers: sessions', () => {
  it('survives the upstream restarting mid-session: the forgotten session is initialized again and the call retried once', async () => {
    fake = startFakeRemoteMcp({ mode: 'sessions' });
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    expect((await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' })).status).toBe(200);
    const client = await hub.connect(ada.key);
    closers.push(() => client.close());
    expect(text(await client.callTool({ name: 'acme__echo', arguments: { message: 'before' } }))).toBe('before (for anonymous)');
    const opened = fake.sessionsOpened;
    fake.restart();
    const after = await client.callTool({ name: 'acme__echo', arguments: { message: 'after' } });
    expect(after.isError).toBeFalsy();
    expect(text(after)).toBe('after (for anonymous)');
    expect(fake.sessionsOpened).toBe(opened + 1);
    // The retry is the hub's own: the call is one usage event.
    const usage = await eventually(async () => {
      const events = await hub!.hub.store.listUsage({ userId: ada.userId });
      return events.length >= 2 ? events : undefined;
    }, 'two usage events');
    expect(usage.map((e) => e.outcome)).toEqual(['ok', 'ok']);
  });

  it('survives the restart for calls made at once too: each retries on the one new session, none closes another\'s', async () => {
    fake = startFakeRemoteMcp({ mode: 'sessions' });
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    expect((await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' })).status).toBe(200);
    const client = await hub.connect(ada.key);
    closers.push(() => client.close());
    expect((await client.callTool({ name: 'acme__echo', arguments: { message: 'before' } })).isError).toBeFalsy();
    fake.restart();
    const results = await Promise.all(['a', 'b', 'c'].map((message) => client.callTool({ name: 'acme__echo', arguments: { message } })));
    expect(results.map(text)).toEqual(['a (for anonymous)', 'b (for anonymous)', 'c (for anonymous)']);
  });

  it('relays the upstream\'s list_changed to the user\'s open sessions, with the new tool listed and callable', async () => {
    fake = startFakeRemoteMcp();
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' });
    const counts: number[] = [];
    const client = await hub.connect(ada.key, 'modern', { onToolsChanged: (count) => counts.push(count) });
    closers.push(() => client.close());
    // The hub's upstream session opens with the first call (its listen stream carries list_changed).
    await client.callTool({ name: 'acme__echo', arguments: { message: 'open' } });
    fake.setTools([...DEFAULT_TOOLS, { name: 'brand_new', description: 'Added later.', inputSchema: { type: 'object', properties: {} } }]);
    await eventually(() => (counts.length > 0 ? true : undefined), 'list_changed at the hub\'s client');
    await eventually(async () => ((await client.listTools()).tools.some((tool) => tool.name === 'acme__brand_new') ? true : undefined), 'the new tool listed');
    expect(text(await client.callTool({ name: 'acme__brand_new', arguments: {} }))).toBe('called brand_new');
    expect((await hub.hub.store.listRemoteServers(ada.userId))[0]!.tools.map((tool) => tool.name)).toContain('brand_new');
  });

  it('relays progress from the upstream to the caller, and the caller\'s cancellation to the upstream', async () => {
    fake = startFakeRemoteMcp();
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' });
    const client = await hub.connect(ada.key);
    closers.push(() => client.close());
    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    const counted = await client.callTool({ name: 'acme__count', arguments: { to: 3 } }, { onprogress: (update) => progress.push(update) });
    expect(text(counted)).toBe('counted to 3');
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3]);
    expect(progress[0]).toMatchObject({ total: 3, message: 'step 1' });

    const abort = new AbortController();
    const waiting = client.callTool({ name: 'acme__wait', arguments: {} }, { signal: abort.signal }).catch((error: Error) => error);
    await eventually(() => (fake!.calls.some((call) => call.tool === 'wait') ? true : undefined), 'the wait call upstream');
    abort.abort();
    await waiting;
    await eventually(() => (fake!.cancelled.includes('wait') ? true : undefined), 'the upstream told of the cancellation');
  });
});

describe('remote MCP servers: caps', () => {
  it('refuses a result over MCPHUB_MAX_UPSTREAM_BYTES and one slower than MCPHUB_TOOL_TIMEOUT_MS, each with words to act on', async () => {
    fake = startFakeRemoteMcp();
    hub = await startInProcessHub({ logLevel: 'warn', env: { MCPHUB_MAX_UPSTREAM_BYTES: '4096', MCPHUB_TOOL_TIMEOUT_MS: '400' } });
    const ada = await remoteUser(hub, 'ada@example.com');
    await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' });
    const client = await hub.connect(ada.key);
    closers.push(() => client.close());
    expect(text(await client.callTool({ name: 'acme__big', arguments: { bytes: 1_000 } }))).toHaveLength(1_000);
    const big = await client.callTool({ name: 'acme__big', arguments: { bytes: 50_000 } });
    expect(big.isError).toBe(true);
    expect(text(big)).toMatch(/more than 4,096 bytes.*MCPHUB_MAX_UPSTREAM_BYTES.*Ask for less/);
    const slow = await client.callTool({ name: 'acme__slow', arguments: { ms: 5_000 } });
    expect(slow.isError).toBe(true);
    expect(text(slow)).toMatch(/did not answer within 400 ms/);
    // The session still works after both.
    expect(text(await client.callTool({ name: 'acme__echo', arguments: { message: 'ok' } }))).toBe('ok (for anonymous)');
    const usage = await eventually(async () => {
      const events = await hub!.hub.store.listUsage({ userId: ada.userId });
      return events.length >= 4 ? events : undefined;
    }, 'four usage events');
    expect(usage.map((e) => e.outcome).reverse()).toEqual(['ok', 'upstream_error', 'timeout', 'ok']);
  });
});

describe('remote MCP servers: SSRF', () => {
  it('refuses loopback, private, link-local and metadata targets on a hosted configuration, before any request reaches them', async () => {
    fake = startFakeRemoteMcp();
    hub = await startInProcessHub({ logLevel: 'warn', env: { MCPHUB_REMOTE_ALLOW_PRIVATE: 'off' } });
    const ada = await remoteUser(hub, 'ada@example.com');
    for (const url of [fake.url, 'http://localhost:1/mcp', 'http://10.0.0.8/mcp', 'http://192.168.1.1/mcp', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:9/mcp', 'http://[fd00:ec2::254]/mcp', 'http://100.100.100.200/mcp', 'http://[::ffff:127.0.0.1]/mcp']) {
      const refused = await addServer(ada, { slug: 'acme', url, credentialKind: 'none' });
      expect(refused.status, url).toBe(422);
      expect(refused.body.error.message, url).toMatch(/which this hub does not call \(MCPHUB_REMOTE_ALLOW_PRIVATE is off\)/);
    }
    expect(fake.callers).toEqual([]);
    expect(await hub.hub.store.listRemoteServers(ada.userId)).toEqual([]);
  });

  it('allows loopback on the embedded default bound to loopback', async () => {
    fake = startFakeRemoteMcp();
    hub = await startInProcessHub({ logLevel: 'warn' });
    expect(hub.config.remote.allowPrivate).toBe(true);
    const ada = await remoteUser(hub, 'ada@example.com');
    expect((await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' })).status).toBe(200);
  });
});

describe('remote MCP sessions: what they keep', () => {
  it('forgets the probe verdict of a credential once no session uses it, and probes again when it is used again', async () => {
    fake = startFakeRemoteMcp();
    const sealer = createSealer(randomBytes(32));
    const sessions = new RemoteSessions({ sealer, logger: createLogger({ level: 'error', write: () => {} }), allowPrivate: true, maxBytes: 1_000_000, connectTimeoutMs: 5_000, idleMs: 50 });
    closers.push(() => sessions.close());
    const server: RemoteServer = {
      id: 'rms_1', ownerId: 'usr_1', slug: 'acme', url: fake.url, credentialKind: 'none', sealedCredential: sealCredential(sealer, 'usr_1', 'acme', { kind: 'none' }),
      protocol: null, tools: [], status: 'ok', statusReason: null, checkedAt: null, createdAt: 0, updatedAt: 0,
    };
    expect((await sessions.listTools('usr_1', server)).length).toBeGreaterThan(0);
    expect(sessions.protocolOf(server)).toBe('2026-07-28');
    // Idle: the session closes, and with it what was learnt about the credential.
    await eventually(() => (sessions.size === 0 && sessions.protocolOf(server) === null ? true : undefined), 'the idle session and its probe verdict to go');
    expect((await sessions.listTools('usr_1', server)).length).toBeGreaterThan(0);
    expect(sessions.protocolOf(server)).toBe('2026-07-28');
  });
});
