/**
 * Meter folding at volume on both Store adapters (embedded: 100k events;
 * Convex: 20k, see the Convex case below for why), across UTC month and year
 * boundaries, with duplicate deliveries, late events and several folders at
 * once. The expected meters are tallied here from what each kind of event
 * must add (KINDS), never by lib/billing/fold.ts, so a wrong rule there shows.
 * The Convex scheduled fold is checked draining a backlog larger than one
 * batch by rescheduling itself, as after downtime.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { internal } from '../../convex/_generated/api';
import { FOLD_BATCH } from '../../convex/model/usage.ts';
import { openConvexStore } from '../../lib/store/convex/index.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { Meter, Store, UsageEvent, UsageOutcome } from '../../lib/store/port.ts';
import { CONVEX_SECRET, convexBackend, type ConvexTestBackend } from '../helpers/convex-backend.ts';

/** Events per delivery: the spool's batch, and the most one Convex `usage.record` mutation takes. */
const DELIVERY = 1_000;
const USERS = ['usr_fold_0', 'usr_fold_1', 'usr_fold_2', 'usr_fold_3', 'usr_fold_4', 'usr_fold_5', 'usr_fold_6'];

interface Instant {
  at: number;
  period: string;
}
/** Both sides of three UTC month boundaries (the first also a year boundary), each with its period written out. */
const INSTANTS: Instant[] = [
  { at: Date.parse('2026-12-15T12:00:00.000Z'), period: '2026-12' },
  { at: Date.parse('2026-12-31T23:59:59.999Z'), period: '2026-12' },
  { at: Date.parse('2027-01-01T00:00:00.000Z'), period: '2027-01' },
  { at: Date.parse('2027-01-31T23:59:59.999Z'), period: '2027-01' },
  { at: Date.parse('2027-02-01T00:00:00.000Z'), period: '2027-02' },
  { at: Date.parse('2027-02-28T23:59:59.999Z'), period: '2027-02' },
  { at: Date.parse('2027-03-01T00:00:00.000Z'), period: '2027-03' },
];

interface Kind {
  outcome: UsageOutcome;
  billable: boolean;
  /** What the event adds to its meter's `errors`: every outcome but `ok` is an error. */
  errors: 0 | 1;
  /** Binary fractions, so the sums are exact in whatever order they are added. */
  upstreamMs: number;
}
const OK: Kind = { outcome: 'ok', billable: true, errors: 0, upstreamMs: 120.25 };
/** Every outcome, successful calls weighted as in real traffic, plus an unbillable success: billing follows the flag, not the outcome. */
const KINDS: Kind[] = [
  OK, OK, OK, OK, OK, OK,
  { outcome: 'ok', billable: false, errors: 0, upstreamMs: 3.5 },
  { outcome: 'upstream_error', billable: false, errors: 1, upstreamMs: 40.75 },
  { outcome: 'timeout', billable: false, errors: 1, upstreamMs: 30_000 },
  { outcome: 'invalid_arguments', billable: false, errors: 1, upstreamMs: 0 },
  { outcome: 'unknown_tool', billable: false, errors: 1, upstreamMs: 0 },
  { outcome: 'not_enabled', billable: false, errors: 1, upstreamMs: 0 },
  { outcome: 'cancelled', billable: false, errors: 1, upstreamMs: 12.5 },
  { outcome: 'internal_error', billable: false, errors: 1, upstreamMs: 0.25 },
];

/** The meters the fold must produce, tallied one event at a time as the test creates it. */
class Ledger {
  readonly #meters = new Map<string, Meter>();

  add(userId: string, period: string, kind: Kind): void {
    const key = `${userId} ${period}`;
    const m = this.#meters.get(key) ?? { userId, period, calls: 0, billableCalls: 0, errors: 0, upstreamMs: 0 };
    this.#meters.set(key, { ...m, calls: m.calls + 1, billableCalls: m.billableCalls + (kind.billable ? 1 : 0), errors: m.errors + kind.errors, upstreamMs: m.upstreamMs + kind.upstreamMs });
  }

  of(userId: string): Meter[] {
    return [...this.#meters.values()].filter((m) => m.userId === userId).sort((a, b) => a.period.localeCompare(b.period));
  }
}

/**
 * Deliveries of the new events `from` to `to` (exclusive), as the spool sends
 * them: each delivery repeats its first event, and every third delivery
 * (the first, fourth, …) is sent twice. Each event is tallied in `ledger` once.
 */
function deliveries(from: number, to: number, ledger: Ledger): UsageEvent[][] {
  const out: UsageEvent[][] = [];
  for (let start = from; start < to; start += DELIVERY - 1) {
    const fresh: UsageEvent[] = [];
    for (let n = start; n < Math.min(start + DELIVERY - 1, to); n++) {
      const userId = USERS[n % USERS.length]!;
      const instant = INSTANTS[Math.floor(n / USERS.length) % INSTANTS.length]!;
      const kind = KINDS[Math.floor(n / (USERS.length * INSTANTS.length)) % KINDS.length]!;
      ledger.add(userId, instant.period, kind);
      fresh.push({
        id: `evt_fold_${n}`, userId, keyId: 'key_fold', integration: 'github', tool: 'get_me', outcome: kind.outcome, billable: kind.billable,
        totalMs: kind.upstreamMs + 1, upstreamMs: kind.upstreamMs, bytesIn: 10, bytesOut: 100, at: instant.at,
      });
    }
    const delivery = [...fresh, fresh[0]!];
    if (Math.floor((start - from) / (DELIVERY - 1)) % 3 === 0) out.push(delivery);
    out.push(delivery);
  }
  return out;
}

async function expectMeters(store: Store, ledger: Ledger): Promise<void> {
  for (const userId of USERS) expect(await store.listMeters(userId)).toEqual(ledger.of(userId));
}

const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

interface FoldBackend {
  store: Store;
  /** Records a delivery through the Store. */
  deliver(delivery: UsageEvent[]): Promise<void>;
  /** Stores a delivery's events as `deliver` would, faster where the test backend needs it. */
  backfill(delivery: UsageEvent[]): Promise<void>;
  /** Folds with several folders at once; how many events each folded. */
  foldConcurrently(): Promise<number[]>;
  cleanup(): Promise<void>;
}

// A local-time slip in the period arithmetic would pass on a UTC machine; at
// UTC+14 every 23:59:59.999Z event above is already next month locally.
let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = 'Pacific/Kiritimati';
  expect(new Date(INSTANTS[1]!.at).getMonth()).toBe(0);
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

/**
 * The first `delivered` events go through `deliver` and are folded; the
 * first delivery is then sent again, and the rest of `total` is backfilled:
 * all of it late, as every month it falls in was folded in the first round.
 */
function foldAtVolume(name: string, sizes: { delivered: number; total: number }, timeoutMs: number, open: () => Promise<FoldBackend>): void {
  it(`${name}: folds ${sizes.total} events into UTC months exactly once, through redeliveries, late events and concurrent folds`, async () => {
    const backend = await open();
    const { store } = backend;
    try {
      const ledger = new Ledger();
      const first = deliveries(0, sizes.delivered, ledger);
      for (const delivery of first) await backend.deliver(delivery);
      expect(sum(await backend.foldConcurrently())).toBe(sizes.delivered);
      await expectMeters(store, ledger);

      await backend.deliver(first[0]!);
      for (const delivery of deliveries(sizes.delivered, sizes.total, ledger)) await backend.backfill(delivery);
      expect(sum(await backend.foldConcurrently())).toBe(sizes.total - sizes.delivered);
      await expectMeters(store, ledger);
      expect((await store.foldMeters()).events).toBe(0);
      await expectMeters(store, ledger);
    } finally {
      await backend.cleanup();
    }
  }, timeoutMs);
}

const FOLD_PROCESS = fileURLToPath(new URL('../helpers/fold-process.ts', import.meta.url));

/** Starts a second process on the same data dir; `foldAt` sets when it folds, `folded` is how many events it did. */
async function startFolder(dataDir: string): Promise<{ foldAt(at: number): Promise<void>; folded: Promise<number> }> {
  const child = spawn(process.execPath, [FOLD_PROCESS, dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk) => (err += chunk));
  const folded = new Promise<number>((resolve, reject) => {
    child.on('exit', (code) => {
      const match = /folded (\d+)/.exec(out);
      if (code === 0 && match) resolve(Number(match[1]));
      else reject(new Error(`fold process exited with ${code}:\n${out}\n${err}`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('ready\n')) resolve();
    });
    folded.catch(reject);
  });
  return { foldAt: (at) => new Promise((resolve) => child.stdin!.write(`${at}\n`, () => resolve())), folded };
}

/**
 * Stores events as `usage.record` does, skipping ids in `stored`, without its
 * per-event duplicate lookup: convex-test answers every index query by
 * scanning all documents, which makes `usage.record` quadratic there (5k
 * events through it take ~15 s); a deployment's indexes have no such cost.
 */
async function insertUsage(t: ConvexTestBackend, events: UsageEvent[], stored: Set<string>): Promise<void> {
  const fresh = [...new Map(events.filter((event) => !stored.has(event.id)).map((event) => [event.id, event])).values()];
  for (const event of fresh) stored.add(event.id);
  await t.run(async (ctx) => {
    for (const event of fresh) await ctx.db.insert('usageEvents', { ...event, folded: false });
  });
}

describe('meter fold at volume', () => {
  foldAtVolume('embedded', { delivered: 10_000, total: 100_000 }, 60_000, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcphub-fold-'));
    const store = openEmbeddedStore({ dataDir: dir });
    const deliver = async (delivery: UsageEvent[]) => {
      for (const event of delivery) await store.recordUsage(event);
    };
    return {
      store,
      deliver,
      backfill: deliver,
      // Two more processes on the same file and two folds in this one, all starting at the same instant
      // (bun:sqlite is synchronous, so the two in this process run one after the other).
      foldConcurrently: async () => {
        const others = await Promise.all([startFolder(dir), startFolder(dir)]);
        const startAt = Date.now() + 100;
        await Promise.all(others.map((other) => other.foldAt(startAt)));
        await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
        const own = await Promise.all([store.foldMeters(), store.foldMeters()]);
        return [...own.map((result) => result.events), ...(await Promise.all(others.map((other) => other.folded)))];
      },
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  // 20k, not 100k, and only the first delivery through `usage.record` (see
  // insertUsage): convex-test scans every document for the fold's index
  // queries too, so 100k events take ~23 s to fold there and 20k ~2 s, while
  // the CI budget for this whole file is a few seconds.
  foldAtVolume('convex', { delivered: DELIVERY - 1, total: 20_000 }, 60_000, async () => {
    const t = convexBackend();
    const store = openConvexStore({ caller: t, secret: CONVEX_SECRET });
    const replica = openConvexStore({ caller: t, secret: CONVEX_SECRET });
    const stored = new Set<string>();
    return {
      store,
      deliver: async (delivery) => {
        await store.recordUsageBatch(delivery);
      },
      backfill: (delivery) => insertUsage(t, delivery, stored),
      // Two hub replicas, each folding twice at once.
      foldConcurrently: async () => (await Promise.all([store.foldMeters(), store.foldMeters(), replica.foldMeters(), replica.foldMeters()])).map((result) => result.events),
      cleanup: async () => {
        await store.close();
        await replica.close();
      },
    };
  });

  it('convex: the scheduled fold drains a backlog of several batches by rescheduling itself, then stops', async () => {
    const t = convexBackend();
    const store = openConvexStore({ caller: t, secret: CONVEX_SECRET });
    const ledger = new Ledger();
    // As after downtime: three and a half batches waiting, so three full batches each schedule the next.
    const stored = new Set<string>();
    for (const delivery of deliveries(0, FOLD_BATCH * 3.5, ledger)) await insertUsage(t, delivery, stored);
    vi.useFakeTimers();
    try {
      await t.mutation(internal.usage.foldScheduled, {});
      await t.finishAllScheduledFunctions(vi.runAllTimers);
    } finally {
      vi.useRealTimers();
    }
    const runs = await t.run((ctx) => ctx.db.system.query('_scheduled_functions').collect());
    expect(runs.map((run) => run.state.kind)).toEqual(['success', 'success', 'success']);
    expect(await t.run(async (ctx) => (await ctx.db.query('usageEvents').withIndex('by_folded', (q) => q.eq('folded', false)).collect()).length)).toBe(0);
    await expectMeters(store, ledger);
    expect((await store.foldMeters()).events).toBe(0);
  }, 30_000);
});
