/**
 * The plans half of the Store port (lib/store/port.ts): which plan a user is
 * on, and how many billable calls they made in a period. The store keeps plan
 * ids only; what a plan allows is configuration (lib/billing/plans.ts), so
 * the store checks an id's syntax, not that the hub offers it — that is the
 * service's check (lib/services/plans.ts).
 */
import type { Actor, User } from './port.ts';

export interface PlanStore {
  /**
   * Puts a user on a plan. Audited (`user.plan`, target the plan id) and a
   * `user` change on the feed, so every replica's principals carry the new
   * plan within a second. `USER_NOT_FOUND` when the user is gone,
   * `INVALID_INPUT` when the id is not a plan id's shape.
   */
  setUserPlan(input: { userId: string; plan: string } & Actor): Promise<User>;
  /**
   * A user's billable calls in a period (`YYYY-MM`, UTC): the meter plus the
   * events recorded but not folded into it yet, so the figure does not lag a
   * fold. Events still in a replica's local spool (Convex) are not in it yet.
   * `INVALID_INPUT` for a malformed period.
   */
  countBillableCalls(input: { userId: string; period: string }): Promise<number>;
}
