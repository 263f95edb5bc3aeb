/**
 * Two hub processes over one Convex deployment behave as one hub. The
 * deployment is the real `convex/` functions in convex-test, served over the
 * HTTP protocol `ConvexHttpClient` speaks and the WebSocket sync protocol each
 * hub's change-feed subscription uses (test/helpers/convex-backend.ts); the
 * hubs are real `mcphub serve` processes with MCPHUB_STORE=convex, each with its
 * own data dir (its usage spool), behind a round-robin balancer with no
 * affinity. Changes are made with the CLI on the same deployment.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../convex/_generated/api';
import { CONVEX_SECRET, startConvexBackend, type ConvexHttpBackend } from '../helpers/convex-backend.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, createAccount, freePort, runCli, startHub, textOf, type Account, type HubProcess } from '../helpers/hub-process.ts';
import { startRoundRobin, type RoundRobin } from '../helpers/round-robin.ts';
import { waitUntil } from '../helpers/wait.ts';

const TOKEN = 'ghp_replicaToken00000000000000000000001';
/** The bound: a change made anywhere is enforced by every replica within a second. */
const PROPAGATION_MS = 1_000;

let backend: ConvexHttpBackend;
let github: FakeGitHub;
let env: Record<string, string>;
const replicas: Array<{ hub: HubProcess; dataDir: string; port: number }> = [];
let balancer: RoundRobin;
const clients: Client[] = [];

async function startReplica(dataDir: string, port: number): Promise<HubProcess> {
  return startHub(env, { dataDir, port });
}

/** What a raw request with this key gets from a replica: 200 once it is known, 401 once revoked, 503 while the store is unreachable. */
async function statusFor(hub: HubProcess, key: string): Promise<number> {
  const response = await fetch(hub.mcpUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'probe', version: '1' } } }),
  });
  await response.body?.cancel();
  return response.status;
}

async function connect(url: string, key: string, mode: 'legacy' | 'modern' = 'modern', onToolsChanged?: (count: number) => void): Promise<Client> {
  const client = await connectClient(url, key, mode, onToolsChanged ? { onToolsChanged } : {});
  clients.push(client);
  return client;
}

function cli(args: string[], stdin?: string) {
  return runCli(args, { ...env, MCPHUB_DATA_DIR: replicas[0]!.dataDir }, stdin);
}

/** Usage events the deployment holds for a user. */
async function storedEvents(userId: string) {
  return backend.t.run((ctx) => ctx.db.query('usageEvents').withIndex('by_user_at', (q) => q.eq('userId', userId)).collect());
}

beforeAll(async () => {
  backend = await startConvexBackend();
  github = startFakeGitHub();
  github.tokens.set(TOKEN, 'replica-user');
  env = {
    MCPHUB_STORE: 'convex',
    MCPHUB_CONVEX_URL: backend.url,
    MCPHUB_CONVEX_SECRET: CONVEX_SECRET,
    MCPHUB_ENCRYPTION_KEY: Buffer.alloc(32, 42).toString('base64'),
    MCPHUB_GITHUB_API_URL: github.url,
  };
  for (let i = 0; i < 2; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), `mcphub-replica-${i}-`));
    const port = await freePort();
    replicas.push({ hub: await startReplica(dataDir, port), dataDir, port });
  }
  balancer = await startRoundRobin(replicas.map((r) => r.hub.url));
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  await balancer?.close();
  for (const { hub } of replicas) await hub.stop();
  await backend?.close();
  github?.close();
});

describe('two replicas over one Convex deployment', () => {
  let account: Account;
  beforeAll(async () => {
    account = await createAccount({ cli }, 'replicas@example.com', TOKEN);
  });

  it('serve a 2025-11-25 client whose every request lands on the other replica', async () => {
    const before = [...balancer.hits];
    const client = await connect(`${balancer.url}/mcp`, account.key, 'legacy');
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('github__get_me');
    for (let i = 0; i < 4; i++) {
      const result = await client.callTool({ name: 'github__get_me', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toContain('replica-user');
    }
    const modern = await connect(`${balancer.url}/mcp`, account.key, 'modern');
    expect((await modern.callTool({ name: 'github__get_me', arguments: {} })).isError).toBeFalsy();
    // Both replicas answered a share of the same client's requests.
    expect(balancer.hits[0]! - before[0]!).toBeGreaterThanOrEqual(3);
    expect(balancer.hits[1]! - before[1]!).toBeGreaterThanOrEqual(3);
    await waitUntil(async () => (await storedEvents(account.userId)).length === 5, 5_000, 'usage of both replicas delivered');
  });

  it('enforce a key revoked through the CLI on every replica within a second', async () => {
    const created = await cli(['keys', 'create', '--user', account.email, '--name', 'doomed', '--json']);
    const doomed = JSON.parse(created.stdout) as { id: string; key: string };
    for (const { hub } of replicas) {
      const client = await connect(hub.mcpUrl, doomed.key);
      await client.listTools(); // the key is now cached by this replica
      expect(await statusFor(hub, doomed.key)).toBe(200);
    }
    expect(backend.syncSessions).toBe(replicas.length);
    expect((await cli(['keys', 'revoke', doomed.id])).code).toBe(0);
    await Promise.all(replicas.map(({ hub }) => waitUntil(async () => (await statusFor(hub, doomed.key)) === 401, PROPAGATION_MS, `replica ${hub.url} refusing the revoked key`)));
    // Pushed over each replica's subscription: nobody polled the feed.
    expect(backend.calls.query['usage:changes']).toBeUndefined();
    expect(await statusFor(replicas[0]!.hub, account.key)).toBe(200);
  });

  it('drop a disabled integration on every replica within a second, and tell open sessions', async () => {
    const seen = replicas.map(() => [] as number[]);
    const sessions = await Promise.all(replicas.map(({ hub }, i) => connect(hub.mcpUrl, account.key, 'modern', (count) => seen[i]!.push(count))));
    for (const session of sessions) expect((await session.listTools()).tools.length).toBeGreaterThan(0);
    expect((await cli(['integrations', 'disable', 'github', '--user', account.email])).code).toBe(0);
    await Promise.all(seen.map((counts, i) => waitUntil(() => counts.includes(0), PROPAGATION_MS, `list_changed on replica ${i}`)));
    for (const session of sessions) expect((await session.listTools()).tools).toEqual([]);
    const enabled = await cli(['integrations', 'enable', 'github', '--user', account.email, '--token-stdin'], TOKEN + '\n');
    expect(enabled.code).toBe(0);
    await Promise.all(seen.map((counts, i) => waitUntil(() => counts.at(-1)! > 0, PROPAGATION_MS, `tools back on replica ${i}`)));
  });

  it('lose no usage while Convex is down, even across a replica restart, and store each event once', async () => {
    const outage = await createAccount({ cli }, 'outage@example.com', TOKEN);
    const [a, b] = await Promise.all(replicas.map(({ hub }) => connect(hub.mcpUrl, outage.key)));
    await a!.listTools();
    await b!.listTools();

    await backend.stop();
    // Keys already resolved keep working; their usage goes to each replica's spool.
    for (let i = 0; i < 6; i++) {
      for (const client of [a!, b!]) expect((await client.callTool({ name: 'github__get_me', arguments: {} })).isError).toBeFalsy();
    }
    const spooled = (dataDir: string) =>
      readdirSync(join(dataDir, 'usage-spool'))
        .filter((name) => /^\d+\.jsonl$/.test(name))
        .reduce((sum, name) => sum + readFileSync(join(dataDir, 'usage-spool', name), 'utf8').split('\n').filter(Boolean).length, 0);
    expect(spooled(replicas[0]!.dataDir)).toBeGreaterThanOrEqual(6);

    // Replica 1 restarts mid-outage: its spool stays on disk, and with no store it answers new lookups 503, not 401.
    const second = replicas[1]!;
    expect(await second.hub.stop()).toBe(0);
    expect(spooled(second.dataDir)).toBe(6);
    second.hub = await startReplica(second.dataDir, second.port);
    expect(await statusFor(second.hub, outage.key)).toBe(503);
    expect(second.hub.stderr()).toContain('delivering them first');

    await backend.start();
    await waitUntil(async () => (await storedEvents(outage.userId)).length >= 12, 15_000, 'spooled usage delivered after the outage');
    const events = await storedEvents(outage.userId);
    expect(events).toHaveLength(12);
    expect(new Set(events.map((e) => e.id)).size).toBe(12);
    expect(events.every((e) => e.outcome === 'ok' && e.billable)).toBe(true);
    await waitUntil(() => replicas.every(({ dataDir }) => spooled(dataDir) === 0), 5_000, 'spools empty');
    expect(await statusFor(second.hub, outage.key)).toBe(200);

    // The fold (Convex's cron in production) counts them once.
    await backend.t.mutation(api.usage.fold, { secret: CONVEX_SECRET, now: Date.now() });
    const usage = JSON.parse((await cli(['usage', '--user', outage.email, '--json'])).stdout) as { totals: { calls: number; billable: number } };
    expect(usage.totals).toMatchObject({ calls: 12, billable: 12 });
  });
});
