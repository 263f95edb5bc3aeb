/**
 * Users' plans (lib/store/plans.ts): setting one, audited and on the change
 * feed, and a user's billable calls in a period as the meter plus the events
 * not folded yet.
 */
import type { MutationCtx, QueryCtx } from '../_generated/server';
import { PLAN_ID_PATTERN } from '../../lib/billing/plans.ts';
import { isPeriod, periodBounds } from '../../lib/billing/period.ts';
import { recordChange } from './changes.ts';
import { refuse, toUser } from './records.ts';
import { userById } from './users.ts';

/**
 * Unfolded events of one user read per count. The fold runs every minute
 * (crons.ts), so this is far above what one user makes between two folds;
 * past it the count is low by the rest until the next fold catches up.
 */
export const MAX_UNFOLDED_READ = 8_000;

export async function setUserPlan(ctx: MutationCtx, input: { userId: string; plan: string; actor?: string; now: number }) {
  if (!PLAN_ID_PATTERN.test(input.plan)) refuse('INVALID_INPUT', `"${input.plan.slice(0, 40)}" is not a plan id (lower case letters, digits, - or _, at most 32 characters)`);
  const doc = await userById(ctx, input.userId);
  if (!doc) refuse('USER_NOT_FOUND', `no user with id ${input.userId}`);
  await ctx.db.patch(doc._id, { plan: input.plan });
  await recordChange(ctx, { kind: 'user', userId: doc.id, actor: input.actor, action: 'user.plan', target: input.plan, now: input.now });
  return toUser({ ...doc, plan: input.plan });
}

/** In one query, so it reads one snapshot: a fold commits an event's meter and its `folded` flag together, and either both or neither are seen. */
export async function countBillableCalls(ctx: QueryCtx, input: { userId: string; period: string }): Promise<number> {
  if (!isPeriod(input.period)) refuse('INVALID_INPUT', `"${input.period.slice(0, 40)}" is not a billing period (YYYY-MM)`);
  const { start, end } = periodBounds(input.period);
  const meter = await ctx.db.query('meters').withIndex('by_user_period', (q) => q.eq('userId', input.userId).eq('period', input.period)).unique();
  const unfolded = await ctx.db
    .query('usageEvents')
    .withIndex('by_user_folded_at', (q) => q.eq('userId', input.userId).eq('folded', false).gte('at', start).lt('at', end))
    .take(MAX_UNFOLDED_READ);
  return (meter?.billableCalls ?? 0) + unfolded.filter((event) => event.billable).length;
}
