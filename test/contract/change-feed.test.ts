/**
 * The change-feed gap: a replica reads the newest FEED_WINDOW changes of the
 * Convex feed, so a burst larger than that between two deliveries used to
 * push a revocation out of sight and leave the key working on that replica.
 * The feed's rows are numbered now; a read that does not reach back to the
 * last row delivered is a `reset` (lib/store/change-feed.ts). Proved here on
 * a whole hub over convex-test with the feed delivered when the test says,
 * on the embedded store when rows are pruned before a process reads them,
 * and on the rule itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionReference } from 'convex/server';
import { api } from '../../convex/_generated/api';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { readFeed, type FeedRow } from '../../lib/store/change-feed.ts';
import { FEED_WINDOW, openConvexStore, type Subscribe } from '../../lib/store/convex/index.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { StoreChange } from '../../lib/store/port.ts';
import { CONVEX_SECRET, convexBackend, type ConvexTestBackend } from '../helpers/convex-backend.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { waitUntil } from '../helpers/wait.ts';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A subscription whose updates arrive when the test calls `deliver()`: the feed query, run on the deployment, handed to the adapter as ConvexClient would. */
function deliveredOnDemand(t: ConvexTestBackend): { subscribe: Subscribe; deliver: () => Promise<void> } {
  let update: (() => Promise<void>) | null = null;
  const run = (ref: FunctionReference<'query'>, args: Record<string, unknown>) => t.query(ref, args);
  const subscribe: Subscribe = (ref, args, onUpdate) => {
    update = async () => onUpdate(await run(ref, args));
    return () => {
      update = null;
    };
  };
  return { subscribe, deliver: () => update!() };
}

/** A replica: the whole hub in-process over a Convex store on `t`. */
async function replica(t: ConvexTestBackend): Promise<{ hub: InProcessHub; deliver: () => Promise<void> }> {
  const feed = deliveredOnDemand(t);
  const store = openConvexStore({ caller: t, secret: CONVEX_SECRET, subscribe: feed.subscribe });
  const hub = await startInProcessHub({ store });
  closers.push(() => hub.close());
  return { hub, deliver: feed.deliver };
}

/** `count` changes by others (users created elsewhere), as a busy deployment makes. */
async function burst(t: ConvexTestBackend, count: number, label = 'burst'): Promise<void> {
  for (let i = 0; i < count; i++) await t.mutation(api.users.create, { email: `${label}-${i}@example.com`, name: null, now: Date.now(), secret: CONVEX_SECRET });
}

async function status(hub: InProcessHub, key: string): Promise<number> {
  const response = await hub.request('/mcp', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'probe', version: '1' } } }),
  });
  await response.body?.cancel();
  return response.status;
}

describe('a replica on Convex', () => {
  it(`refuses a key revoked in a burst of more than ${FEED_WINDOW} changes between two deliveries, its session included, and re-lists every other open session`, async () => {
    const t = convexBackend();
    const { hub, deliver } = await replica(t);
    const alice = await hub.createAccount('alice@example.com');
    const bob = await hub.createAccount('bob@example.com');
    await hub.enable(bob.userId, 'github', 'ghp_changeFeedToken00000000000000000001');
    await deliver();
    expect(await status(hub, alice.key)).toBe(200);
    const relisted: number[] = [];
    const bobClient = await hub.connect(bob.key, 'modern', { onToolsChanged: (count) => relisted.push(count) });
    expect((await bobClient.listTools()).tools.length).toBeGreaterThan(0);
    const aliceClient = await hub.connect(alice.key, 'modern');
    await aliceClient.listTools();

    await hub.hub.store.revokeApiKey({ id: alice.keyId, actor: 'test' });
    await burst(t, FEED_WINDOW + 50);
    // Not delivered yet: the replica still serves the cached principal (no store read per request).
    expect(await status(hub, alice.key)).toBe(200);

    await deliver();
    expect(await status(hub, alice.key)).toBe(401);
    await expect(aliceClient.listTools()).rejects.toThrow();
    await aliceClient.close().catch(() => undefined);
    // The burst touched nothing of bob's, but a reset cannot tell: his session re-lists, and keeps working.
    await waitUntil(() => relisted.length > 0, 2_000, 'list_changed for an open session after the reset');
    expect((await bobClient.listTools()).tools.length).toBeGreaterThan(0);
    await bobClient.close();
  });

  it(`refuses a key revoked among fewer than ${FEED_WINDOW} changes from the change itself, with no reset`, async () => {
    const t = convexBackend();
    const { hub, deliver } = await replica(t);
    const alice = await hub.createAccount('alice@example.com');
    await deliver();
    expect(await status(hub, alice.key)).toBe(200);
    const heard: StoreChange[] = [];
    hub.hub.store.watch((change) => heard.push(change));
    await hub.hub.store.revokeApiKey({ id: alice.keyId, actor: 'test' });
    await burst(t, FEED_WINDOW - 10);
    await deliver();
    expect(await status(hub, alice.key)).toBe(401);
    expect(heard.filter((change) => change.kind === 'reset')).toEqual([]);
    expect(heard).toContainEqual({ kind: 'key', userId: alice.userId });
  });

  it('numbers feed rows one after another, and pruning keeps the newest so numbering carries on', async () => {
    const t = convexBackend();
    await burst(t, 3);
    const old = Date.now() - 60 * 60_000;
    await t.run(async (ctx) => {
      for (const row of await ctx.db.query('changes').collect()) await ctx.db.patch(row._id, { at: old });
    });
    await t.mutation(api.usage.fold, { now: Date.now(), secret: CONVEX_SECRET });
    expect(await t.query(api.usage.changes, { limit: 10, secret: CONVEX_SECRET })).toEqual([expect.objectContaining({ seq: 3 })]);
    await burst(t, 1, 'later');
    expect((await t.query(api.usage.changes, { limit: 10, secret: CONVEX_SECRET })).map((row) => row.seq)).toEqual([4, 3]);
  });
});

describe('the embedded store', () => {
  it('reads rows pruned before this process read them as a reset, not as nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcphub-feed-'));
    let now = Date.now();
    // A process that does not poll (paused, say) while another one changes and prunes the shared file.
    const paused = openEmbeddedStore({ dataDir: dir, pollIntervalMs: 3_600_000, now: () => now });
    const other = openEmbeddedStore({ dataDir: dir, pollIntervalMs: 3_600_000, now: () => now });
    closers.push(async () => {
      await paused.close();
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const heard: StoreChange[] = [];
    paused.watch((change) => heard.push(change));
    const user = await other.createUser({ email: 'ada@example.com' });
    const key = generateApiKey();
    await other.createApiKey({ userId: user.id, name: 'k', hash: key.hash, prefix: key.prefix });
    now += 11 * 60_000;
    await other.foldMeters();
    // Its own next change makes it read the feed (as its poll would).
    await paused.createUser({ email: 'grace@example.com' });
    expect(heard).toEqual([{ kind: 'reset' }]);
  });

  it('reads a revocation pruned before this process polled as a reset, with no later change to reveal the gap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcphub-feed-'));
    let now = Date.now();
    const polling = openEmbeddedStore({ dataDir: dir, pollIntervalMs: 20, now: () => now });
    const other = openEmbeddedStore({ dataDir: dir, pollIntervalMs: 3_600_000, now: () => now });
    closers.push(async () => {
      await polling.close();
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const heard: StoreChange[] = [];
    polling.watch((change) => heard.push(change));
    // All within one event-loop turn (the embedded store answers synchronously), so no poll runs in between:
    // the revocation is written and pruned before the poller reads the feed, as if it had been paused that long.
    const user = await other.createUser({ email: 'ada@example.com' });
    const key = generateApiKey();
    const created = await other.createApiKey({ userId: user.id, name: 'k', hash: key.hash, prefix: key.prefix });
    await other.revokeApiKey({ id: created.id });
    now += 11 * 60_000;
    await other.foldMeters();
    expect(heard).toEqual([]);
    await waitUntil(() => heard.length > 0, 2_000, 'the poller to read the feed');
    expect(heard).toEqual([{ kind: 'reset' }]);
  });
});

describe('readFeed', () => {
  const row = (seq: number, userId = `usr_${seq}`): FeedRow => ({ seq, kind: 'key', userId });

  it('delivers the rows after the last one, oldest first, in whatever order they come', () => {
    expect(readFeed(4, [row(7), row(6), row(5), row(4), row(3)])).toEqual({ lastSeq: 7, changes: [5, 6, 7].map((seq) => ({ kind: 'key', userId: `usr_${seq}` })) });
    expect(readFeed(7, [row(7), row(6)])).toEqual({ lastSeq: 7, changes: [] });
    expect(readFeed(7, [])).toEqual({ lastSeq: 7, changes: [] });
  });

  it('is a reset when the rows do not reach back to the one after the last, or skip one', () => {
    expect(readFeed(4, [row(207), row(8)])).toEqual({ lastSeq: 207, changes: [{ kind: 'reset' }] });
    expect(readFeed(4, [row(5), row(7)])).toEqual({ lastSeq: 7, changes: [{ kind: 'reset' }] });
  });

  it('is a reset when the feed holds only rows older than the last one (it was emptied and started again)', () => {
    expect(readFeed(500, [row(2), row(1)])).toEqual({ lastSeq: 2, changes: [{ kind: 'reset' }] });
  });

  it('delivers the first read as history, since the cache fills only after watching begins', () => {
    expect(readFeed(null, [row(2), row(1)])).toEqual({ lastSeq: 2, changes: [{ kind: 'key', userId: 'usr_1' }, { kind: 'key', userId: 'usr_2' }] });
    expect(readFeed(null, [])).toEqual({ lastSeq: 0, changes: [] });
  });
});
