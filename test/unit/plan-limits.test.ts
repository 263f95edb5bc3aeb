/**
 * The pieces the plan limits are made of, on a clock the test moves: token
 * buckets with burst and refill (per key and per user at once), and the
 * quota tracker's count — the store's figure (meter plus unfolded), what this
 * replica counted since, and calls still running — across refreshes, a month
 * boundary and a store that cannot be read.
 */
import { describe, expect, it } from 'vitest';
import { QuotaTracker } from '../../lib/billing/quota-tracker.ts';
import { RateLimiter } from '../../lib/billing/rate-limiter.ts';

const PLAN = { callsPerMinute: 60, burst: 3 };

describe('token buckets', () => {
  it('lets a burst through at once, then one call per refill interval, and says how long to wait', () => {
    const limiter = new RateLimiter();
    const t = 1_000_000;
    expect([0, 0, 0].map(() => limiter.take('k', 'u', PLAN, t))).toEqual([0, 0, 0]);
    // Empty: 60 a minute is one token a second.
    expect(limiter.take('k', 'u', PLAN, t)).toBe(1_000);
    expect(limiter.take('k', 'u', PLAN, t + 400)).toBe(600);
    expect(limiter.take('k', 'u', PLAN, t + 1_000)).toBe(0);
    expect(limiter.take('k', 'u', PLAN, t + 1_000)).toBe(1_000);
    // Idle long enough refills to the burst, not beyond it.
    expect([0, 0, 0, 0].map(() => limiter.take('k', 'u', PLAN, t + 60_000))).toEqual([0, 0, 0, 1_000]);
  });

  it('takes from the key\'s and the user\'s bucket or from neither: the user bucket empties across keys, a refused call costs no key token', () => {
    const limiter = new RateLimiter();
    const t = 0;
    expect(limiter.take('a', 'u', PLAN, t)).toBe(0);
    expect(limiter.take('b', 'u', PLAN, t)).toBe(0);
    expect(limiter.take('b', 'u', PLAN, t)).toBe(0);
    expect(limiter.take('a', 'u', PLAN, t)).toBe(1_000);
    // key:a still holds two tokens: for another user's bucket it goes through twice.
    expect(limiter.take('a', 'v', PLAN, t)).toBe(0);
    expect(limiter.take('a', 'v', PLAN, t)).toBe(0);
    expect(limiter.take('a', 'v', PLAN, t)).toBe(1_000);
  });

  it('caps what is left at a lowered burst (a plan change) and refills nothing when the clock goes back', () => {
    const limiter = new RateLimiter();
    expect(limiter.take('k', 'u', { callsPerMinute: 60, burst: 100 }, 0)).toBe(0);
    expect(limiter.take('k', 'u', { callsPerMinute: 60, burst: 1 }, 0)).toBe(0);
    expect(limiter.take('k', 'u', { callsPerMinute: 60, burst: 1 }, 0)).toBe(1_000);
    expect(limiter.take('k', 'u', { callsPerMinute: 60, burst: 1 }, -5_000)).toBe(1_000);
  });

  it('forgets buckets that have refilled, so idle keys cost no memory', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 20_000; i++) limiter.take(`old${i}`, `old${i}`, PLAN, 0);
    // Still refilling at 0: kept (a key's and a user's bucket each; the sweep at 20,000 found none full). Ten minutes on they are full, and the next sweep drops them.
    expect(limiter.size).toBe(40_000);
    for (let i = 0; i < 20_000; i++) limiter.take(`new${i}`, `new${i}`, PLAN, 10 * 60_000);
    expect(limiter.size).toBeLessThanOrEqual(40_000);
  });
});

/** A store count the test sets, and how often it was read. */
function fakeCount(initial: number) {
  const state = { stored: initial, reads: 0, fail: false, gate: null as Promise<void> | null };
  return {
    state,
    count: async () => {
      state.reads += 1;
      if (state.gate) await state.gate;
      if (state.fail) throw new Error('store down');
      return state.stored;
    },
  };
}

const admitted = async (tracker: QuotaTracker, limit: number) => {
  const a = await tracker.admit('u', limit);
  return a.ok ? a : null;
};

describe('quota tracker', () => {
  it('admits against the stored count (meter plus unfolded) plus what it counted since, reading the store once per refresh', async () => {
    let now = Date.UTC(2026, 10, 15);
    const store = fakeCount(3);
    const tracker = new QuotaTracker({ count: store.count, refreshMs: 5_000, now: () => now });
    tracker.finish((await admitted(tracker, 5))!.ticket, true);
    tracker.finish((await admitted(tracker, 5))!.ticket, true);
    expect(await tracker.admit('u', 5)).toEqual({ ok: false, used: 5 });
    expect(store.state.reads).toBe(1);
    // Stale: served from what it knows while the store is read again in the background.
    store.state.stored = 0;
    now += 5_001;
    expect((await tracker.admit('u', 5)).ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.state.reads).toBe(2);
    // The read holds the two calls counted before it started (here the store says 0, as after a month's reset by hand).
    expect(tracker.used('u')).toBe(0);
    expect((await tracker.admit('u', 5)).ok).toBe(true);
  });

  it('keeps what it counted after a read started, and drops what the read already holds', async () => {
    let now = Date.UTC(2026, 10, 15);
    const store = fakeCount(0);
    const tracker = new QuotaTracker({ count: store.count, refreshMs: 1_000, now: () => now });
    tracker.finish((await admitted(tracker, 100))!.ticket, true);
    expect(tracker.used('u')).toBe(1);
    let open = () => {};
    store.state.gate = new Promise((resolve) => (open = resolve));
    // The store has recorded that call by now; a stale entry starts a read in the background and is served meanwhile.
    store.state.stored = 1;
    now += 1_001;
    tracker.finish((await admitted(tracker, 100))!.ticket, true);
    expect(tracker.used('u')).toBe(2);
    open();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The read counted the first call; the second, made while it ran, is still counted here.
    expect(tracker.used('u')).toBe(2);
  });

  it('counts calls still running against the limit, and a failed call gives its place back', async () => {
    const tracker = new QuotaTracker({ count: fakeCount(0).count, now: () => Date.UTC(2026, 10, 15) });
    const running = [await admitted(tracker, 2), await admitted(tracker, 2)];
    expect(running.every(Boolean)).toBe(true);
    expect((await tracker.admit('u', 2)).ok).toBe(false);
    tracker.finish(running[0]!.ticket, false);
    expect((await tracker.admit('u', 2)).ok).toBe(true);
  });

  it('starts a new UTC month from the store\'s count of it', async () => {
    let now = Date.UTC(2026, 11, 1) - 1;
    const store = fakeCount(2);
    const tracker = new QuotaTracker({ count: store.count, refreshMs: 60_000, now: () => now });
    expect(await tracker.admit('u', 2)).toEqual({ ok: false, used: 2 });
    store.state.stored = 0;
    now += 1;
    expect((await tracker.admit('u', 2)).ok).toBe(true);
    expect(store.state.reads).toBe(2);
  });

  it('lets calls through when the store cannot be read, reports it, and reads again after a pause', async () => {
    let now = Date.UTC(2026, 10, 15);
    const store = fakeCount(10);
    store.state.fail = true;
    const errors: unknown[] = [];
    const tracker = new QuotaTracker({ count: store.count, now: () => now, onError: (error) => errors.push(error) });
    expect((await tracker.admit('u', 5)).ok).toBe(true);
    expect(errors).toHaveLength(1);
    store.state.fail = false;
    now += 2_001;
    await tracker.admit('u', 5);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await tracker.admit('u', 5)).toEqual({ ok: false, used: 10 });
  });
});
