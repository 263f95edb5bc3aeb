/**
 * The plan's limits on `tools/call` (issue 14), with no store round trip on
 * the hot path: the principal carries the user's plan id, the token buckets
 * live in this process (lib/billing/rate-limiter.ts), and the month's
 * billable calls come from the quota tracker (lib/billing/quota-tracker.ts),
 * which reads the store in the background.
 *
 * - Rate: one bucket per key and one per user, both of the plan's
 *   `callsPerMinute` and `burst`. Over it the outcome is `rate_limited` and
 *   carries `rateLimited`, which the call's answer turns into HTTP 429 with
 *   Retry-After (a plain POST) or a JSON-RPC error (inside a stream).
 * - Quota: a plan that refuses overage refuses a call once the month's
 *   billable calls reach `callsPerMonth`, with an `isError` result starting
 *   `QUOTA_EXCEEDED` that gives used/limit, the reset date and where to
 *   upgrade. A plan that bills overage lets every call through; only calls to
 *   a tool in the principal's catalog can be billable, so only those count.
 *
 * `tools/list` never passes here. Place it inside usage metering, so refused
 * calls are recorded (not billable) and appear in the call log.
 */
import type { Plan, PlanTable } from '../../billing/plans.ts';
import { billingPeriod, nextPeriodStart } from '../../billing/period.ts';
import type { QuotaTracker } from '../../billing/quota-tracker.ts';
import type { RateLimiter } from '../../billing/rate-limiter.ts';
import { parseWireName } from '../../mcp/names.ts';
import { errorResult } from '../../mcp/output.ts';
import type { CallMiddleware, ToolCallOutcome } from '../pipeline.ts';

export interface PlanLimitsOptions {
  plans: PlanTable;
  limiter: RateLimiter;
  quota: QuotaTracker;
  /** The sentence that says where to upgrade (lib/server/hints.ts `upgrade`), worded once per answer. */
  upgradeHint: () => string;
  now?: () => number;
}

/** The code a quota refusal's text starts with, for clients and models that look for it. */
export const QUOTA_EXCEEDED = 'QUOTA_EXCEEDED';
export const RATE_LIMITED = 'RATE_LIMITED';

const figure = (n: number) => n.toLocaleString('en-US');
/** `2027-01-01 00:00 UTC`. */
const utc = (at: number) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The text of a quota refusal. */
export function quotaExceededText(plan: Plan, used: number, now: number, upgrade: string): string {
  const limit = plan.callsPerMonth ?? 0;
  return `${QUOTA_EXCEEDED}: You have used ${figure(used)} of the ${figure(limit)} tool calls the ${plan.name} plan includes in ${billingPeriod(now)} (UTC). ` +
    `Calls work again when the quota resets on ${utc(nextPeriodStart(now))}. ${upgrade}`;
}

/** The text of a rate refusal (also the JSON-RPC error's message). */
export function rateLimitedText(plan: Plan, retryAfterSeconds: number, now: number, upgrade: string): string {
  return `${RATE_LIMITED}: Too many tool calls at once: the ${plan.name} plan allows ${figure(plan.callsPerMinute)} a minute, in bursts of up to ${figure(plan.burst)}, per key and per user. ` +
    `Retry in ${retryAfterSeconds} s (at ${new Date(now + retryAfterSeconds * 1_000).toISOString()}). ${upgrade}`;
}

export function withPlanLimits(options: PlanLimitsOptions): CallMiddleware {
  const now = options.now ?? Date.now;
  return (next) => async (call) => {
    const { principal } = call;
    const plan = options.plans.resolve(principal.plan);
    const entry = principal.catalog.resolve(call.name);
    const refusal = (outcome: 'rate_limited' | 'quota_exceeded', text: string): ToolCallOutcome => ({
      result: errorResult(text), outcome, integration: entry?.integration ?? null, tool: entry?.tool ?? parseWireName(call.name)?.tool ?? call.name.slice(0, 128), upstreamMs: 0,
    });
    const at = now();
    const waitMs = options.limiter.take([`key:${principal.keyId}`, `user:${principal.userId}`], plan, at);
    if (waitMs > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1_000));
      return { ...refusal('rate_limited', rateLimitedText(plan, retryAfterSeconds, at, options.upgradeHint())), rateLimited: { plan: plan.id, retryAfterSeconds } };
    }
    if (!entry || plan.callsPerMonth === null || plan.overage === 'bill') return next(call);
    const admission = await options.quota.admit(principal.userId, plan.callsPerMonth);
    if (!admission.ok) return refusal('quota_exceeded', quotaExceededText(plan, admission.used, at, options.upgradeHint()));
    let billable = false;
    try {
      const outcome = await next(call);
      billable = outcome.outcome === 'ok';
      return outcome;
    } finally {
      admission.finish(billable);
    }
  };
}
