/**
 * Plans as use cases: putting a user on a plan (the admin's dashboard, the
 * CLI's `users set-plan` and Stripe's webhooks all call `setPlan`) and where a
 * user stands this month (`planStatus`, the Billing page and the API).
 *
 * `used` is the store's count of billable calls in the period: the folded
 * meter plus the events recorded since the last fold (Store.countBillableCalls),
 * so it does not lag the fold by up to its interval. On Convex, calls still in
 * a replica's local usage spool (delivered within seconds) are not in it yet.
 */
import type { Plan } from '../billing/plans.ts';
import { billingPeriod, nextPeriodStart, periodBounds } from '../billing/period.ts';
import type { User } from '../store/port.ts';
import type { ServiceDeps } from './deps.ts';
import { ServiceError, fromStoreError } from './errors.ts';
import { requireUser } from './users.ts';

/** Share of the quota from which a user is warned (the dashboard's banner). */
export const QUOTA_WARNING_SHARE = 0.8;

export interface PlanStatus {
  plan: Plan;
  /** The UTC calendar month, `YYYY-MM`. */
  period: string;
  /** Billable calls in the period so far. */
  used: number;
  /** The plan's monthly calls; null = unlimited. */
  limit: number | null;
  /** The first instant (ms) of the next UTC month, when `used` starts again from 0. */
  resetsAt: number;
  overage: Plan['overage'];
  /** `near`: at least 80% of the limit used; `reached`: the limit used up (refused, or billed as overage); null otherwise or when unlimited. */
  warning: 'near' | 'reached' | null;
}

type PlanDeps = Pick<ServiceDeps, 'store' | 'plans'>;

/** Whether `used` of `limit` calls deserves a warning. */
export function quotaWarning(used: number, limit: number | null): PlanStatus['warning'] {
  if (limit === null) return null;
  if (used >= limit) return 'reached';
  return used >= limit * QUOTA_WARNING_SHARE ? 'near' : null;
}

/**
 * Puts a user on a plan of this hub's table. `invalid` names the known plans
 * when the id is not one of them; `not_found` when the user is gone. Running
 * MCP sessions pick the plan up within a second (the store's change feed).
 */
export async function setPlan(deps: PlanDeps & Pick<ServiceDeps, 'actor'>, input: { userId: string; plan: string }): Promise<User> {
  const id = input.plan.trim().toLowerCase();
  const plan = deps.plans.get(id);
  if (!plan) throw new ServiceError('invalid', `"${input.plan.slice(0, 40)}" is not a plan on this hub. Choose one of: ${deps.plans.list().map((p) => p.id).join(', ')}.`);
  try {
    return await deps.store.setUserPlan({ userId: input.userId, plan: plan.id, actor: deps.actor });
  } catch (error) {
    throw fromStoreError(error, { USER_NOT_FOUND: `No user with id ${input.userId}.` });
  }
}

/** Where a user stands in the UTC month holding `now`: their plan, billable calls used, the limit and when it resets. */
export async function planStatus(deps: PlanDeps, userId: string, now: number = Date.now()): Promise<PlanStatus> {
  const user = await requireUser(deps, userId);
  return statusOf(deps.plans.resolve(user.plan), await deps.store.countBillableCalls({ userId, period: billingPeriod(now) }), now);
}

/** The status of `used` billable calls on `plan` in the month holding `now` (pure: the gateway's refusal words it the same way). */
export function statusOf(plan: Plan, used: number, now: number): PlanStatus {
  return { plan, period: billingPeriod(now), used, limit: plan.callsPerMonth, resetsAt: nextPeriodStart(now), overage: plan.overage, warning: quotaWarning(used, plan.callsPerMonth) };
}

/** Billable calls on one UTC day. */
export interface BillableDay {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  calls: number;
}

/** What the Billing page shows: where the user stands, this month's billable calls per day, and the plans to choose from. */
export interface BillingOverview {
  status: PlanStatus;
  /** Every day of the month from the 1st to today, zero-filled, oldest first. */
  days: BillableDay[];
  plans: readonly Plan[];
}

const DAY_MS = 86_400_000;

/** Billable calls per UTC day of the month holding `now`, from its first day to `now`'s (pure, for the chart). */
export function billableByDay(events: Iterable<{ at: number; billable: boolean }>, now: number): BillableDay[] {
  const { start } = periodBounds(billingPeriod(now));
  const days = Array.from({ length: Math.floor((now - start) / DAY_MS) + 1 }, (_, i) => ({ day: new Date(start + i * DAY_MS).toISOString().slice(0, 10), calls: 0 }));
  for (const event of events) {
    const index = Math.floor((event.at - start) / DAY_MS);
    if (event.billable && index >= 0 && index < days.length) days[index]!.calls += 1;
  }
  return days;
}

/**
 * The Billing page's answer for one user. The chart reads the month's events
 * (as the Usage page does; bounded by the month), while `status.used` is the
 * store's count, so the two agree once every event is stored.
 */
export async function billingOverview(deps: PlanDeps, userId: string, now: number = Date.now()): Promise<BillingOverview> {
  const [status, events] = await Promise.all([planStatus(deps, userId, now), deps.store.listUsage({ userId, since: periodBounds(billingPeriod(now)).start })]);
  return { status, days: billableByDay(events, now), plans: deps.plans.list() };
}
