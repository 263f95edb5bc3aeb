/**
 * Meter folding, shared by every Store adapter: turns usage events into
 * per-user, per-month (UTC) deltas. Adapters apply the deltas and advance
 * their watermark in one transaction, which is what makes a fold idempotent.
 */
import type { Meter, UsageEvent } from '../store/port.ts';

/** The billing period (`YYYY-MM`, UTC) an instant falls in. */
export function billingPeriod(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

export type MeterDelta = Meter;

/** Sums events into one delta per (user, period). */
export function foldEvents(events: Iterable<Pick<UsageEvent, 'userId' | 'outcome' | 'billable' | 'upstreamMs' | 'at'>>): MeterDelta[] {
  const deltas = new Map<string, MeterDelta>();
  for (const event of events) {
    const period = billingPeriod(event.at);
    const id = `${event.userId}\u0000${period}`;
    let delta = deltas.get(id);
    if (!delta) {
      delta = { userId: event.userId, period, calls: 0, billableCalls: 0, errors: 0, upstreamMs: 0 };
      deltas.set(id, delta);
    }
    delta.calls += 1;
    if (event.billable) delta.billableCalls += 1;
    if (event.outcome !== 'ok') delta.errors += 1;
    delta.upstreamMs += event.upstreamMs;
  }
  return [...deltas.values()];
}
