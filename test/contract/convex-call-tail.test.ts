/**
 * The Convex store's live tail as the hub wires it (lib/store/open.ts with
 * `changes: 'subscribe'`): calls another replica records reach `watchCalls`
 * over the WebSocket subscription, only the watched user's, and nothing polls.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { convexHttpCaller, openConvexStore } from '../../lib/store/convex/index.ts';
import { openStore } from '../../lib/store/open.ts';
import type { Store, UsageEvent } from '../../lib/store/port.ts';
import { CONVEX_SECRET, startConvexBackend, type ConvexHttpBackend } from '../helpers/convex-backend.ts';
import { captureLogger } from '../helpers/logs.ts';
import { waitUntil } from '../helpers/wait.ts';

let backend: ConvexHttpBackend;
const closers: Array<() => Promise<unknown>> = [];

beforeEach(async () => {
  backend = await startConvexBackend();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await backend.close();
});

const event = (userId: string, n: number): UsageEvent => ({
  id: `evt_tail_${n}`, userId, keyId: 'key_t', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 5, upstreamMs: 4, bytesIn: 1, bytesOut: 1, at: Date.now(), client: 'replica-client/1.0',
});

it('watchCalls delivers the calls another replica records, pushed over the subscription, only the watched user\'s', async () => {
  const other = openConvexStore({ caller: convexHttpCaller(backend.url), secret: CONVEX_SECRET });
  closers.push(() => other.close());
  const ada = await other.createUser({ email: 'ada@example.com' });
  const bob = await other.createUser({ email: 'bob@example.com' });
  await other.recordUsage(event(ada.id, 0));

  const { logger } = captureLogger();
  const spoolDir = join(mkdtempSync(join(tmpdir(), 'mcphub-tail-')), 'usage-spool');
  const store: Store = await openStore({ kind: 'convex', url: backend.url, secret: CONVEX_SECRET, changes: 'subscribe', spoolDir }, { dataDir: tmpdir(), logger, spoolUsage: false });
  closers.push(() => store.close());
  const seen: UsageEvent[] = [];
  store.watchCalls(ada.id, (call) => seen.push(call));
  await waitUntil(() => backend.syncSessions === 1, 2_000, 'subscribed');
  // Let the first value (which only sets where the tail starts) arrive.
  await new Promise((resolve) => setTimeout(resolve, 200));

  await other.recordUsage(event(bob.id, 1));
  await other.recordUsage(event(ada.id, 2));
  await other.recordUsage(event(ada.id, 3));
  await waitUntil(() => seen.length === 2, 2_000, 'the two new calls');
  expect(seen.map((c) => c.id)).toEqual(['evt_tail_2', 'evt_tail_3']);
  expect(seen[0]).toMatchObject({ userId: ada.id, client: 'replica-client/1.0' });
  expect(backend.calls.query['calls:latest']).toBeUndefined();
});
