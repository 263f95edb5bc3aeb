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
import type { Admission, QuotaTracker } from '../../billing/quota-tracker.ts';
import type { RateLimiter } from '../../billing/rate-limiter.ts';
import { parseWireName } from '../../mcp/names.ts';
import { errorResult } from '../../mcp/output.ts';
import type { CallMiddleware, ToolCall, ToolCallOutcome } from '../pipeline.ts';

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
  const { plans, limiter, quota } = options;
  const refusal = (call: ToolCall, outcome: 'rate_limited' | 'quota_exceeded', text: string): ToolCallOutcome => {
    const entry = call.principal.catalog.resolve(call.name);
    return { result: errorResult(text), outcome, integration: entry?.integration ?? null, tool: entry?.tool ?? parseWireName(call.name)?.tool ?? call.name.slice(0, 128), upstreamMs: 0 };
  };
  // Plain functions over promises, not async ones: on every call's path an async wrapper and its awaits cost more than the checks themselves (bench/plan-limits.bench.ts).
  return (next) => (call) => {
    const { principal } = call;
    const plan = plans.resolve(principal.plan);
    const at = now();
    const waitMs = limiter.take(principal.keyId, principal.userId, plan, at);
    if (waitMs > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1_000));
      return Promise.resolve({ ...refusal(call, 'rate_limited', rateLimitedText(plan, retryAfterSeconds, at, options.upgradeHint())), rateLimited: { plan: plan.id, retryAfterSeconds } });
    }
    if (plan.callsPerMonth === null || plan.overage === 'bill' || !principal.catalog.resolve(call.name)) return next(call);
    const limit = plan.callsPerMonth;
    const decide = (admission: Admission): Promise<ToolCallOutcome> => {
      if (!admission.ok) return Promise.resolve(refusal(call, 'quota_exceeded', quotaExceededText(plan, admission.used, at, options.upgradeHint())));
      let running: Promise<ToolCallOutcome>;
      try {
        running = next(call);
      } catch (error) {
        quota.finish(admission.ticket, false);
        return Promise.reject(error);
      }
      return running.then(
        (outcome) => {
          quota.finish(admission.ticket, outcome.outcome === 'ok');
          return outcome;
        },
        (error: unknown) => {
          quota.finish(admission.ticket, false);
          throw error;
        },
      );
    };
    // Waits only while the count is being read (a user's first call on this replica).
    const pending = quota.admit(principal.userId, limit, at);
    return pending instanceof Promise ? pending.then(decide) : decide(pending);
  };
}
