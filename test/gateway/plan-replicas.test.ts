/**
 * How far past a monthly quota several replicas can go (README, "Plans and
 * limits"). Each replica admits calls against the store's count as it last
 * read it (Store.countBillableCalls) plus its own calls since, and reads again
 * once that is `quotaRefreshMs` old; it cannot see another replica's calls in
 * between. So with N replicas the month's billable calls stay within
 *
 *   limit + (N − 1) × min(limit, burst + callsPerMinute × refresh / 60 s)
 *
 * — the other replicas' calls in one refresh window, which their own token
 * buckets bound. The buckets themselves are per replica too: N replicas let
 * up to N × burst calls through at once. Here two in-process hubs share one store — the embedded
 * SQLite file, and one Convex deployment (convex-test) — with a refresh longer
 * than the test, so neither reads again: the worst case, exactly.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { billingPeriod } from '../../lib/billing/period.ts';
import { openConvexStore } from '../../lib/store/convex/index.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { Store } from '../../lib/store/port.ts';
import { CONVEX_SECRET, convexBackend } from '../helpers/convex-backend.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startInProcessHub } from '../helpers/in-process-hub.ts';

const LIMIT = 10;
const BURST = 1_000;
const PER_MINUTE = 1_000;
/** Longer than the test: no replica reads the count again while it runs. */
const REFRESH_MS = 10 * 60_000;
const REPLICAS = 2;
const BOUND = LIMIT + (REPLICAS - 1) * Math.min(LIMIT, BURST + (PER_MINUTE * REFRESH_MS) / 60_000);
const TOKEN = 'ghp_replicaPlanToken0000000000000000000001';
const GET_ME = { name: 'github__get_me', arguments: {} };

/** A shared backing store, and how a replica opens its own store on it. */
const BACKENDS: Record<string, () => { open: () => Store; cleanup: () => void }> = {
  'the embedded store (one SQLite file)': () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcphub-plan-replicas-'));
    return { open: () => openEmbeddedStore({ dataDir: dir, pollIntervalMs: 50 }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  },
  'Convex (one deployment)': () => {
    const t = convexBackend();
    return { open: () => openConvexStore({ caller: t, secret: CONVEX_SECRET, pollIntervalMs: 50 }), cleanup: () => {} };
  },
};

const opened: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

describe.each(Object.keys(BACKENDS))('two replicas on %s', (backend) => {
  it(`stay within limit + (N−1) × min(limit, burst + rate × refresh) = ${BOUND} billable calls, and a replica that reads afterwards refuses at once`, async () => {
    const fake: FakeGitHub = startFakeGitHub();
    fake.tokens.set(TOKEN, 'octo');
    opened.push({ close: () => fake.close() });
    const { open, cleanup } = BACKENDS[backend]!();
    opened.push({ close: cleanup });
    // One encryption key for both, as replicas must share it: a credential sealed through one opens in the other.
    const env = {
      MCPHUB_GITHUB_API_URL: fake.url,
      MCPHUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      MCPHUB_PLANS: JSON.stringify([{ id: 'free', callsPerMonth: LIMIT, callsPerMinute: PER_MINUTE, burst: BURST }]),
    };
    // The account is made through a store of its own, as the CLI would.
    const setup = await startInProcessHub({ env, store: open(), logLevel: 'warn' });
    opened.push(setup);
    const account = await setup.createAccount('ada@example.com');
    await setup.enable(account.userId, 'github', TOKEN);
    /** A replica: a hub on its own store over the shared one, with the account's MCP session. */
    const replica = async () => {
      const hub = await startInProcessHub({ env, store: open(), quotaRefreshMs: REFRESH_MS, logLevel: 'warn' });
      opened.push(hub);
      const client = await hub.connect(account.key);
      opened.push(client);
      return { hub, client };
    };
    const a = await replica();
    const b = await replica();
    const clients = [a.client, b.client];

    // Strictly alternating, each call recorded before it is answered: replica A reads 0 on its first call, B reads 1 on its own.
    const admitted = [0, 0];
    for (let round = 0; round < LIMIT + 1; round++) {
      for (const [i, client] of clients.entries()) if (!(await client.callTool(GET_ME)).isError) admitted[i]! += 1;
    }
    const total = admitted[0]! + admitted[1]!;
    expect(admitted).toEqual([LIMIT, LIMIT - 1]);
    expect(total).toBeGreaterThan(LIMIT);
    expect(total).toBeLessThanOrEqual(BOUND);
    expect(await setup.hub.store.countBillableCalls({ userId: account.userId, period: billingPeriod(Date.now()) })).toBe(total);

    // A third replica reads the count on its first call: the burst is over for it.
    const late = await replica();
    const refused = await late.client.callTool(GET_ME);
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain(`QUOTA_EXCEEDED: You have used ${total} of the ${LIMIT} tool calls`);
  }, 60_000);

  it('take a burst each: the per-minute rate is per replica, so N replicas admit up to N × burst at once', async () => {
    const fake: FakeGitHub = startFakeGitHub();
    fake.tokens.set(TOKEN, 'octo');
    opened.push({ close: () => fake.close() });
    const { open, cleanup } = BACKENDS[backend]!();
    opened.push({ close: cleanup });
    const burst = 3;
    // One call a minute: nothing refills while the test runs.
    const env = { MCPHUB_GITHUB_API_URL: fake.url, MCPHUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'), MCPHUB_PLANS: JSON.stringify([{ id: 'free', callsPerMonth: null, callsPerMinute: 1, burst }]) };
    const setup = await startInProcessHub({ env, store: open(), logLevel: 'warn' });
    opened.push(setup);
    const account = await setup.createAccount('ada@example.com');
    await setup.enable(account.userId, 'github', TOKEN);
    const outcomes: string[][] = [];
    for (let i = 0; i < REPLICAS; i++) {
      const hub = await startInProcessHub({ env, store: open(), logLevel: 'warn' });
      opened.push(hub);
      const client = await hub.connect(account.key);
      opened.push(client);
      const mine: string[] = [];
      // A plain POST over the rate is HTTP 429; the SDK client raises it as an HTTP error carrying the status.
      const statusOf = (error: { status?: number; data?: { status?: number } }) => error.data?.status ?? error.status;
      for (let call = 0; call < burst + 1; call++) mine.push(await client.callTool(GET_ME).then((r) => (r.isError ? 'error' : 'ok'), (e: { status?: number; data?: { status?: number } }) => `refused ${statusOf(e)}`));
      outcomes.push(mine);
    }
    expect(outcomes).toEqual(Array(REPLICAS).fill([...Array(burst).fill('ok'), 'refused 429']));
  }, 60_000);
});
