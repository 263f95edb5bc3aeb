/** The plans half of the Convex Store (lib/store/plans.ts): each method one call of a function in convex/plans.ts. */
import { api } from '../../../convex/_generated/api';
import type { PlanStore } from '../plans.ts';
import type { ConvexCalls } from './accounts.ts';

export function convexPlans({ query, mutation, now }: ConvexCalls): PlanStore {
  return {
    setUserPlan: (input) => mutation(api.plans.setUserPlan, { userId: input.userId, plan: input.plan, ...(input.actor !== undefined && { actor: input.actor }), now: now() }),
    countBillableCalls: (input) => query(api.plans.countBillableCalls, { userId: input.userId, period: input.period }),
  };
}
