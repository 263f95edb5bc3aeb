/**
 * A replica's quota reads on Convex count the calls it spooled and has not
 * delivered yet. The quota tracker (lib/billing/quota-tracker.ts) takes what
 * it counted before a read to be in the read; a read that missed the spool
 * made it forget those calls until they arrived, so a replica could pass a
 * plan's limit by a spool's worth of calls (a whole outage's, after one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { billingPeriod } from '../../lib/billing/period.ts';
import { openConvexStore, type ConvexStore } from '../../lib/store/convex/index.ts';
import { CONVEX_SECRET, convexBackend } from '../helpers/convex-backend.ts';
import { captureLogger } from '../helpers/logs.ts';

let dir: string | undefined;
let store: ConvexStore | undefined;
afterEach(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  store = dir = undefined;
});

it('countBillableCalls delivers the spool first, so a call recorded a moment ago is counted', async () => {
  dir = mkdtempSync(join(tmpdir(), 'mcphub-convex-spool-'));
  store = openConvexStore({ caller: convexBackend(), secret: CONVEX_SECRET, pollIntervalMs: 50, spool: { dir, logger: captureLogger().logger } });
  const user = await store.createUser({ email: 'quota@example.com' });
  const at = Date.now();
  await store.recordUsage({ id: 'evt_000001', userId: user.id, keyId: 'key_1', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 1, upstreamMs: 1, bytesIn: 2, bytesOut: 3, at });
  // Spooled, not delivered: the spool's own delivery waits ~100 ms.
  expect(await store.countBillableCalls({ userId: user.id, period: billingPeriod(at) })).toBe(1);
});
