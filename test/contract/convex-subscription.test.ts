/**
 * The change feed's subscription path against the real client: `ConvexClient`
 * (convex/browser) speaking the WebSocket sync protocol to the test backend
 * (test/helpers/convex-sync.ts over convex-test), first raw, then as the hub
 * wires it (lib/store/open.ts with `changes: 'subscribe'`). Changes come from
 * another client over HTTP, as they do between replicas.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConvexClient, ConvexHttpClient } from 'convex/browser';
import { ConvexError } from 'convex/values';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api } from '../../convex/_generated/api';
import { convexHttpCaller, openConvexStore, type ConvexStore } from '../../lib/store/convex/index.ts';
import { openStore } from '../../lib/store/open.ts';
import type { Store, StoreChange } from '../../lib/store/port.ts';
import { CONVEX_SECRET, startConvexBackend, type ConvexHttpBackend } from '../helpers/convex-backend.ts';
import { captureLogger } from '../helpers/logs.ts';
import { waitUntil } from '../helpers/wait.ts';

type FeedEntry = { seq: number; kind: string; userId: string };

/** The replicas' propagation bound; a pushed update takes milliseconds (no poll interval), the margin is for a loaded machine. */
const PUSH_MS = 1_000;
/**
 * After a dropped WebSocket the client waits 1 s × 2^failures, ±50 % jitter,
 * before reconnecting (web_socket_manager.js): 0.5–1.5 s, then 1–3 s after a
 * refused attempt. Two attempts' worth plus margin.
 */
const RECONNECT_MS = 6_000;

let backend: ConvexHttpBackend;
const closers: Array<() => Promise<unknown>> = [];

beforeEach(async () => {
  backend = await startConvexBackend();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await backend.close();
});

function liveClient(): ConvexClient {
  const client = new ConvexClient(backend.url, { logger: false });
  closers.push(() => client.close());
  return client;
}

/** The other replica: a Store over plain HTTP, as the CLI and every replica's calls are. */
function httpStore(): ConvexStore {
  const store = openConvexStore({ caller: convexHttpCaller(backend.url), secret: CONVEX_SECRET });
  closers.push(() => store.close());
  return store;
}

/** The store a hub opens for `MCPHUB_STORE=convex` with the default (subscribed) change feed. */
async function subscribedStore(secret = CONVEX_SECRET): Promise<{ store: Store; lines: string[] }> {
  const { logger, lines } = captureLogger();
  const spoolDir = join(mkdtempSync(join(tmpdir(), 'mcphub-subscription-')), 'usage-spool');
  const store = await openStore({ kind: 'convex', url: backend.url, secret, changes: 'subscribe', spoolDir }, { dataDir: tmpdir(), logger, spoolUsage: false });
  closers.push(() => store.close());
  return { store, lines };
}

describe('ConvexClient subscriptions against the test backend', () => {
  it('deliver the change feed, then its update after a mutation made over HTTP', async () => {
    const values: FeedEntry[][] = [];
    const errors: Error[] = [];
    liveClient().onUpdate(api.usage.changes, { limit: 10, secret: CONVEX_SECRET }, (value) => values.push(value), (error) => errors.push(error));
    await waitUntil(() => values.length === 1, 2_000, 'the initial value');
    expect(values[0]).toEqual([]);

    const user = await new ConvexHttpClient(backend.url, { logger: false }).mutation(api.users.create, { email: 'ws@example.com', name: null, now: Date.now(), secret: CONVEX_SECRET });
    await waitUntil(() => values.length === 2, PUSH_MS, 'the pushed update');
    expect(values[1]).toEqual([{ seq: 1, kind: 'user', userId: user.id }]);

    // A change made through convex-test directly reaches subscribers once the test says so.
    await backend.t.mutation(api.users.create, { email: 'direct@example.com', name: null, now: Date.now(), secret: CONVEX_SECRET });
    await backend.refreshSubscriptions();
    await waitUntil(() => values.length === 3, PUSH_MS, 'the update after refreshSubscriptions');
    expect(values[2]).toHaveLength(2);
    expect(errors).toEqual([]);
    // The values came over the socket: nothing polled.
    expect(backend.calls.query['usage:changes']).toBeUndefined();
  });

  it('report a wrong secret through onError, with the ConvexError data, rather than hang', async () => {
    const values: unknown[] = [];
    const errors: Error[] = [];
    liveClient().onUpdate(api.usage.changes, { limit: 10, secret: 'not-the-hub-secret-0123456789abcdefghij' }, (value) => values.push(value), (error) => errors.push(error));
    await waitUntil(() => errors.length === 1, 2_000, 'the subscription error');
    expect(errors[0]).toBeInstanceOf(ConvexError);
    expect((errors[0] as ConvexError<{ code: string }>).data.code).toBe('UNAUTHORIZED');
    expect(values).toEqual([]);

    // An unchanged failure is not sent again (the real backend deduplicates results, errors included).
    await httpStore().createUser({ email: 'after-error@example.com' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors).toHaveLength(1);

    // The hub's wiring hands the same failure to its logger.
    const { store, lines } = await subscribedStore('not-the-hub-secret-0123456789abcdefghij');
    store.watch(() => undefined);
    await waitUntil(() => lines.some((line) => line.includes('store change feed failed')), 2_000, 'the logged feed failure');
    expect(lines.find((line) => line.includes('store change feed failed'))).toContain('hub secret');
  });

  it('reach the hub store: watch() delivers a change made by another store instance', async () => {
    const other = httpStore();
    const user = await other.createUser({ email: 'watched@example.com' });
    const key = await other.createApiKey({ userId: user.id, name: 'k', hash: 'h'.repeat(64), prefix: 'mcp_sk_abc' });
    const { store, lines } = await subscribedStore();
    const seen: StoreChange[] = [];
    store.watch((change) => seen.push(change));
    // The first value is the recent history (lib/store/change-feed.ts delivers it on purpose).
    await waitUntil(() => seen.length === 2, 2_000, 'the history');

    await other.revokeApiKey({ id: key.id });
    await waitUntil(() => seen.length === 3, PUSH_MS, 'the revocation');
    expect(seen[2]).toEqual({ kind: 'key', userId: user.id });

    await other.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'sealed' });
    expect(await other.disableConnection({ userId: user.id, slug: 'github' })).toBe(true);
    await waitUntil(() => seen.filter((c) => c.kind === 'connection').length === 2, PUSH_MS, 'the connection changes');
    expect(lines.filter((line) => line.includes('change feed failed'))).toEqual([]);
  });

  it('resume after the backend drops and comes back, with changes made meanwhile and after', async () => {
    const other = httpStore();
    const user = await other.createUser({ email: 'outage@example.com' });
    const { store, lines } = await subscribedStore();
    const seen: StoreChange[] = [];
    store.watch((change) => seen.push(change));
    await waitUntil(() => seen.length === 1 && backend.syncSessions === 1, 2_000, 'subscribed');

    await backend.stop();
    expect(backend.syncSessions).toBe(0);
    // Written while the socket is down (convex-test directly: HTTP is down too); the re-subscription must pick it up.
    await backend.t.mutation(api.keys.create, { userId: user.id, name: 'meanwhile', hash: 'm'.repeat(64), prefix: 'mcp_sk_mmm', now: Date.now(), secret: CONVEX_SECRET });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await backend.start();
    await waitUntil(() => seen.length === 2, RECONNECT_MS, 'the change made during the outage, after reconnecting');
    expect(seen[1]).toEqual({ kind: 'key', userId: user.id });
    expect(backend.syncSessions).toBe(1);

    await other.createUser({ email: 'after@example.com' });
    await waitUntil(() => seen.length === 3, PUSH_MS, 'a change after the reconnect');
    expect(seen[2]?.kind).toBe('user');
    // A dropped socket is the client's to retry quietly; it is not a feed failure.
    expect(lines.filter((line) => line.includes('change feed failed'))).toEqual([]);
  }, RECONNECT_MS + 5_000);
});
