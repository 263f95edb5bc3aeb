/**
 * The free plan with none of its limits, for tests (and benchmarks) about
 * something else — keys, integrations, in-flight bounds, the gateway's speed —
 * that make more calls, keys or connections than the free plan allows. Tests
 * of the plans themselves use the real table or their own MCPHUB_PLANS.
 */
import { resolvePlans } from '../../lib/billing/plan-config.ts';
import type { PlanTable } from '../../lib/billing/plans.ts';

const UNLIMITED_FREE = [{ id: 'free', callsPerMonth: null, callsPerMinute: 1_000_000, burst: 1_000_000, maxKeys: null, maxIntegrations: null }];

/** As environment, for a hub in-process or as a process. */
export const NO_PLAN_LIMITS = { MCPHUB_PLANS: JSON.stringify(UNLIMITED_FREE) };

/** As a plan table, for service deps. */
export const noPlanLimits = (): PlanTable => resolvePlans(NO_PLAN_LIMITS.MCPHUB_PLANS);
