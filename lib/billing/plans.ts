/**
 * Plans: what a user may do per month and per minute, how many keys and
 * enabled integrations they may have, how long their logs are kept, and
 * whether calls past the monthly quota are refused or billed as overage.
 * The figures are set after the peers' free / pro / team / enterprise tiers;
 * an operator overrides or adds plans with MCPHUB_PLANS (lib/billing/plan-config.ts).
 * Pure data and lookups, free of zod, so convex/ can import the default id.
 */

/** One plan. `null` limits are unlimited. */
export interface Plan {
  /** Stable id stored on each user (`free`, `pro`…): lower case, digits, `-` or `_`, at most 32 characters. */
  id: string;
  /** Shown in the dashboard and in refusals. */
  name: string;
  /** Billable calls per UTC calendar month; null = unlimited. */
  callsPerMonth: number | null;
  /** Sustained calls per minute, per key and per user (a token bucket refilled at this rate). */
  callsPerMinute: number;
  /** Calls that may be made at once before the per-minute rate applies (the bucket's size). */
  burst: number;
  maxKeys: number | null;
  maxIntegrations: number | null;
  logRetentionDays: number;
  /** Past `callsPerMonth`: `refuse` answers QUOTA_EXCEEDED; `bill` lets the call through and bills it as overage. */
  overage: 'refuse' | 'bill';
}

/** What a user has until someone sets another plan (the store's default for new and existing users). */
export const DEFAULT_PLAN_ID = 'free';

/** The syntax of a plan id, checked by the store too (it does not know the table). */
export const PLAN_ID_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

export const DEFAULT_PLANS: readonly Plan[] = [
  { id: 'free', name: 'Free', callsPerMonth: 1_000, callsPerMinute: 20, burst: 40, maxKeys: 2, maxIntegrations: 3, logRetentionDays: 7, overage: 'refuse' },
  { id: 'pro', name: 'Pro', callsPerMonth: 50_000, callsPerMinute: 120, burst: 240, maxKeys: 10, maxIntegrations: null, logRetentionDays: 30, overage: 'bill' },
  { id: 'team', name: 'Team', callsPerMonth: 250_000, callsPerMinute: 600, burst: 1_200, maxKeys: 50, maxIntegrations: null, logRetentionDays: 90, overage: 'bill' },
  { id: 'enterprise', name: 'Enterprise', callsPerMonth: null, callsPerMinute: 3_000, burst: 6_000, maxKeys: null, maxIntegrations: null, logRetentionDays: 365, overage: 'bill' },
];

/** The plans a hub offers: lookup by id, the list in display order, and the default. */
export interface PlanTable {
  /** The plan with this id, or undefined. */
  get(id: string): Plan | undefined;
  /**
   * The plan a user is on: theirs, or the default when their id is no longer
   * in the table (an operator removed it) — a user is never left without limits.
   */
  resolve(id: string): Plan;
  list(): readonly Plan[];
  readonly defaultPlan: Plan;
}

/** A table over these plans (ids unique; the default id must be one of them). */
export function createPlanTable(plans: readonly Plan[], defaultId: string = DEFAULT_PLAN_ID): PlanTable {
  const byId = new Map(plans.map((plan) => [plan.id, plan] as const));
  if (byId.size !== plans.length) throw new Error('plan ids must be unique');
  const defaultPlan = byId.get(defaultId);
  if (!defaultPlan) throw new Error(`the default plan "${defaultId}" is not in the plan table`);
  const list = Object.freeze([...plans]);
  return {
    get: (id) => byId.get(id),
    resolve: (id) => byId.get(id) ?? defaultPlan,
    list: () => list,
    defaultPlan,
  };
}

/** The built-in table. */
export const defaultPlanTable = (): PlanTable => createPlanTable(DEFAULT_PLANS);
