import type { MutationCtx, QueryCtx } from '../_generated/server';
import { foldEvents } from '../../lib/billing/fold.ts';
import type { UsageEventDoc } from '../validators.ts';
import { pruneChanges } from './changes.ts';
import { toAudit, toMeter, toUsageEvent } from './records.ts';

/** Events folded per transaction: well inside Convex's per-mutation read and write limits. */
export const FOLD_BATCH = 1_000;

/** Stores each event once: an id already stored is skipped (the spool may deliver a batch twice). Returns how many were new. */
export async function recordUsage(ctx: MutationCtx, events: UsageEventDoc[]): Promise<number> {
  let added = 0;
  for (const event of events) {
    const existing = await ctx.db.query('usageEvents').withIndex('by_event_id', (q) => q.eq('id', event.id)).first();
    if (existing) continue;
    await ctx.db.insert('usageEvents', { ...event, folded: false, ...(event.arguments !== undefined && { hasArguments: true as const }) });
    added += 1;
  }
  return added;
}

export async function listUsage(ctx: QueryCtx, input: { userId: string; since?: number; limit?: number }) {
  const query = ctx.db.query('usageEvents').withIndex('by_user_at', (q) => q.eq('userId', input.userId).gte('at', input.since ?? 0)).order('desc');
  const docs = input.limit === undefined ? await query.collect() : await query.take(input.limit);
  return docs.map(toUsageEvent);
}

/**
 * Folds up to FOLD_BATCH unfolded events into their meters and marks them
 * folded, in one transaction. Two folds running at once read the same events,
 * so Convex's optimistic concurrency makes one of them retry, and on retry it
 * finds them folded: an event is counted exactly once.
 */
export async function foldBatch(ctx: MutationCtx, now: number): Promise<number> {
  const events = await ctx.db.query('usageEvents').withIndex('by_folded', (q) => q.eq('folded', false)).take(FOLD_BATCH);
  for (const delta of foldEvents(events)) {
    const meter = await ctx.db.query('meters').withIndex('by_user_period', (q) => q.eq('userId', delta.userId).eq('period', delta.period)).unique();
    if (meter) {
      await ctx.db.patch(meter._id, {
        calls: meter.calls + delta.calls,
        billableCalls: meter.billableCalls + delta.billableCalls,
        errors: meter.errors + delta.errors,
        upstreamMs: meter.upstreamMs + delta.upstreamMs,
      });
    } else {
      await ctx.db.insert('meters', delta);
    }
  }
  for (const event of events) await ctx.db.patch(event._id, { folded: true });
  if (events.length < FOLD_BATCH) await pruneChanges(ctx, now);
  return events.length;
}

export async function listMeters(ctx: QueryCtx, userId: string) {
  return (await ctx.db.query('meters').withIndex('by_user_period', (q) => q.eq('userId', userId)).collect()).map(toMeter);
}

export async function listAudit(ctx: QueryCtx, userId: string, limit: number) {
  return (await ctx.db.query('audit').withIndex('by_user_at', (q) => q.eq('userId', userId)).order('desc').take(limit)).map(toAudit);
}
