/**
 * Usage-based overage to Stripe (issue 14; DESIGN.md, Stripe): after each
 * meter fold, for every user with a live subscription on a plan whose
 * overage is billed, send the month's billable calls above the plan's
 * included calls as one Stripe meter event per customer per hour.
 *
 * What is sent, and why it cannot double count: the value is the
 * month-to-date overage (cumulative, from the folded meter), for a meter
 * whose aggregation is `last` — so the newest value in a billing period is
 * what Stripe bills, and sending one again can never add it twice. Each
 * event covers the last completed UTC hour and its `identifier` is
 * `mcphub:<user>:<YYYY-MM>:<YYYY-MM-DDTHH>`: a re-send after a crash or an
 * outage carries the same identifier and Stripe refuses the copy. The
 * timestamp is the hour's last second, so the final hour of a month lands in
 * that month even when it is sent after midnight. Sends are retried with
 * backoff through a Stripe outage; what still fails is sent by the next run.
 * Hours missed while the hub was down are not sent one by one: the next
 * event's cumulative value covers them.
 */
import { billingPeriod } from '../fold.ts';
import type { PlanTable } from '../plans.ts';
import type { Logger } from '../../log.ts';
import { errorFields } from '../../log.ts';
import type { BillingAccount } from '../../store/billing.ts';
import type { Store } from '../../store/port.ts';
import type { StripeAccess } from './client.ts';
import { isStripeRefusal } from './errors.ts';

const HOUR_MS = 3_600_000;

export interface MeterReportDeps {
  store: Pick<Store, 'listSubscribedAccounts' | 'getUser' | 'listMeters' | 'setMeterReported'>;
  plans: PlanTable;
  stripe: StripeAccess | null;
  logger: Logger;
  now?: () => number;
  /** Waits between retries (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

export interface MeterReportOptions {
  /** Tries per event within one run (default 4: ~0.5 s, 1 s, 2 s between them). */
  attempts?: number;
  baseDelayMs?: number;
}

export interface MeterReportResult {
  /** Events Stripe accepted (or already had under that identifier). */
  sent: number;
  /** Accounts with nothing to send this hour (not overage-billed, nothing over the quota, or already sent). */
  skipped: number;
  /** Events that failed every try; the next run sends them. */
  failed: number;
}

/** The event's identifier: one per customer (user), meter period and hour; at most 100 characters as Stripe requires. */
export function meterEventIdentifier(userId: string, hourStart: number): string {
  return `mcphub:${userId}:${billingPeriod(hourStart)}:${new Date(hourStart).toISOString().slice(0, 13)}`.slice(0, 100);
}

/** True when Stripe refused the event because it has one with this identifier (a re-send). */
function isDuplicate(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'resource_already_exists' || /identifier .*already exists|duplicate/i.test(String(e?.message ?? ''));
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends the last completed hour's overage events; see the module header. Never throws for Stripe's failures (it counts and logs them). */
export async function reportOverage(deps: MeterReportDeps, options: MeterReportOptions = {}): Promise<MeterReportResult> {
  const result: MeterReportResult = { sent: 0, skipped: 0, failed: 0 };
  const eventName = deps.stripe?.config.meterEvent;
  if (!deps.stripe || !eventName) return result;
  const now = (deps.now ?? Date.now)();
  const hourStart = Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS;
  const period = billingPeriod(hourStart);
  for (const account of await deps.store.listSubscribedAccounts()) {
    const value = await overageOf(deps, account, period);
    const identifier = meterEventIdentifier(account.userId, hourStart);
    // Nothing over the quota and nothing sent this period: Stripe's meter is at 0 already.
    const sentThisPeriod = account.lastMeterReport?.startsWith(`mcphub:${account.userId}:${period}:`) ?? false;
    if (value === null || account.lastMeterReport === identifier || (value === 0 && !sentThisPeriod)) {
      result.skipped++;
      continue;
    }
    const event = { event_name: eventName, payload: { stripe_customer_id: account.customerId, value: String(value) }, identifier, timestamp: Math.floor((hourStart + HOUR_MS) / 1000) - 1 };
    if (await sendWithRetries(deps, event, options)) {
      result.sent++;
      await deps.store.setMeterReported({ userId: account.userId, identifier });
    } else {
      result.failed++;
    }
  }
  if (result.sent + result.failed > 0) deps.logger.info('overage meter events', { period, hour: new Date(hourStart).toISOString().slice(0, 13), ...result });
  return result;
}

/** The period's billable calls above the plan's included ones; null when the plan bills no overage. */
async function overageOf(deps: MeterReportDeps, account: BillingAccount, period: string): Promise<number | null> {
  const user = await deps.store.getUser(account.userId);
  if (!user) return null;
  const plan = deps.plans.resolve(user.plan);
  if (plan.overage !== 'bill' || plan.callsPerMonth === null) return null;
  const meter = (await deps.store.listMeters(account.userId)).find((m) => m.period === period);
  return Math.max(0, (meter?.billableCalls ?? 0) - plan.callsPerMonth);
}

async function sendWithRetries(deps: MeterReportDeps, event: { event_name: string; payload: Record<string, string>; identifier: string; timestamp: number }, options: MeterReportOptions): Promise<boolean> {
  const attempts = options.attempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const sleep = deps.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    try {
      // No idempotency key of ours: Stripe keeps a key's 500 answer for 24 h, so a retry under it would fail the same way.
      // The identifier is what dedupes the event, across retries and runs.
      await deps.stripe!.client.billing.meterEvents.create(event);
      return true;
    } catch (error) {
      if (isDuplicate(error)) return true;
      if (isStripeRefusal(error)) {
        deps.logger.error('Stripe refused an overage meter event; check MCPHUB_STRIPE_METER_EVENT and the meter', { identifier: event.identifier, ...errorFields(error) });
        return false;
      }
      if (attempt >= attempts) {
        deps.logger.warn('an overage meter event could not be sent; the next run sends it', { identifier: event.identifier, attempts, ...errorFields(error) });
        return false;
      }
      await sleep(Math.min(30_000, baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}
