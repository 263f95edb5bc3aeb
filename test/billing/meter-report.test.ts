/**
 * Overage to Stripe's meter (lib/billing/stripe/meter-report.ts) against the
 * Stripe-shaped fake, on a real embedded store with folded meters: the
 * month's billable calls above the plan's included ones, once per customer
 * per hour under a deterministic identifier — exactly once across a crash
 * between Stripe's acceptance and the store's record, and across a Stripe
 * outage that outlasts a run's retries; the next hour carries the new
 * cumulative value; plans without billed overage send nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlanTable, DEFAULT_PLANS } from '../../lib/billing/plans.ts';
import { resolveStripeConfig } from '../../lib/billing/stripe/config.ts';
import { createStripeClient, type StripeAccess } from '../../lib/billing/stripe/client.ts';
import { meterEventIdentifier, reportOverage, type MeterReportDeps } from '../../lib/billing/stripe/meter-report.ts';
import { readEnv } from '../../lib/env.ts';
import { createLogger } from '../../lib/log.ts';
import { openEmbeddedStore, type EmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { UsageEvent } from '../../lib/store/port.ts';
import { startFakeStripe, type FakeStripe } from '../helpers/fake-stripe.ts';
import { stripeEnv } from './stripe-hub.ts';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 11, 14, 10, 20); // 10:20 UTC: the last completed hour is 09:00–10:00.
const plans = createPlanTable(DEFAULT_PLANS.map((plan) => (plan.id === 'pro' ? { ...plan, callsPerMonth: 5 } : plan)));

let fake: FakeStripe;
let store: EmbeddedStore;
let stripe: StripeAccess;
let now = T;
let seq = 0;

beforeEach(() => {
  fake = startFakeStripe();
  store = openEmbeddedStore({ dataDir: ':memory:' });
  const config = resolveStripeConfig(readEnv(stripeEnv(fake)))!;
  stripe = { config: { ...config, maxNetworkRetries: 0 }, client: createStripeClient({ ...config, maxNetworkRetries: 0 }), publicUrl: () => 'http://127.0.0.1:8787' };
  now = T;
});
afterEach(async () => {
  await store.close();
  await fake.close();
});

const deps = (overrides: Partial<MeterReportDeps> = {}): MeterReportDeps => ({ store, plans, stripe, logger: createLogger({ level: 'silent' }), now: () => now, sleep: async () => {}, ...overrides });

async function subscriber(email: string, plan: string, customerId: string): Promise<string> {
  const user = await store.createUser({ email });
  await store.setUserPlan({ userId: user.id, plan, actor: 'test' });
  await store.linkStripeCustomer({ userId: user.id, customerId });
  await store.applySubscriptionState({ customerId, subscriptionId: `sub_${customerId}`, status: 'active', priceId: 'price_pro', cancelAtPeriodEnd: false, currentPeriodEnd: null, at: T - 10 * HOUR });
  return user.id;
}

async function calls(userId: string, count: number, at: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const event: UsageEvent = { id: `evt_${++seq}`, userId, keyId: 'key_1', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 1, upstreamMs: 1, bytesIn: 0, bytesOut: 0, at };
    await store.recordUsage(event);
  }
  await store.foldMeters();
}

const accepted = () => [...fake.state.meterEvents.values()];
const meterRequests = () => fake.requests.filter((r) => r.path === '/v1/billing/meter_events');

describe('overage meter events', () => {
  it('sends the overage above the included calls, once, under the hour\'s identifier, timed at the hour\'s last second', async () => {
    const ada = await subscriber('ada@example.com', 'pro', 'cus_ada');
    await calls(ada, 8, T - HOUR);
    expect(await reportOverage(deps())).toEqual({ sent: 1, skipped: 0, failed: 0 });
    const identifier = meterEventIdentifier(ada, Date.UTC(2026, 11, 14, 9));
    expect(identifier).toBe(`mcphub:${ada}:2026-12:2026-12-14T09`);
    expect(accepted()).toEqual([expect.objectContaining({ event_name: 'mcphub_overage_calls', identifier, payload: { stripe_customer_id: 'cus_ada', value: '3' }, timestamp: Date.UTC(2026, 11, 14, 10) / 1000 - 1 })]);
    // The same hour again: already sent, nothing goes out.
    expect(await reportOverage(deps())).toEqual({ sent: 0, skipped: 1, failed: 0 });
    expect(meterRequests()).toHaveLength(1);
  });

  it('sends each identifier exactly once across a crash between Stripe accepting it and the store recording it', async () => {
    const ada = await subscriber('ada@example.com', 'pro', 'cus_ada');
    await calls(ada, 7, T - HOUR);
    const crashing: MeterReportDeps["store"] = { listSubscribedAccounts: () => store.listSubscribedAccounts(), getUser: (id: string) => store.getUser(id), listMeters: (id: string) => store.listMeters(id), setMeterReported: async () => { throw new Error('the process died here'); } };
    await expect(reportOverage(deps({ store: crashing }))).rejects.toThrow('the process died here');
    // More calls came in before the restart; the re-run re-sends the hour under the same identifier and Stripe refuses the copy.
    await calls(ada, 2, T - 30 * 60_000);
    expect(await reportOverage(deps())).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(accepted()).toEqual([expect.objectContaining({ identifier: `mcphub:${ada}:2026-12:2026-12-14T09`, payload: { stripe_customer_id: 'cus_ada', value: '2' } })]);
    expect(meterRequests().map((r) => r.status)).toEqual([200, 400]);
    expect((await store.getBillingAccount(ada))!.lastMeterReport).toBe(`mcphub:${ada}:2026-12:2026-12-14T09`);
    // The next hour carries the new cumulative value under its own identifier.
    now = T + HOUR;
    expect(await reportOverage(deps())).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(accepted().map((e) => [e.identifier, e.payload.value])).toEqual([[`mcphub:${ada}:2026-12:2026-12-14T09`, '2'], [`mcphub:${ada}:2026-12:2026-12-14T10`, '4']]);
  });

  it('retries through a Stripe outage with backoff, and sends what still failed on the next run, once', async () => {
    const ada = await subscriber('ada@example.com', 'pro', 'cus_ada');
    await calls(ada, 6, T - HOUR);
    const waits: number[] = [];
    fake.failNext(2);
    expect(await reportOverage(deps({ sleep: async (ms) => void waits.push(ms) }), { attempts: 4, baseDelayMs: 100 })).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(waits).toEqual([100, 200]);
    expect(meterRequests().map((r) => r.status)).toEqual([500, 500, 200]);

    // An outage longer than one run's tries: nothing recorded, the next run sends it.
    now = T + HOUR;
    fake.failNext(10);
    expect(await reportOverage(deps(), { attempts: 3 })).toEqual({ sent: 0, skipped: 0, failed: 1 });
    expect((await store.getBillingAccount(ada))!.lastMeterReport).toBe(`mcphub:${ada}:2026-12:2026-12-14T09`);
    fake.failNext(0);
    expect(await reportOverage(deps())).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(await reportOverage(deps())).toEqual({ sent: 0, skipped: 1, failed: 0 });
    const identifiers = accepted().map((e) => e.identifier);
    expect(identifiers).toEqual([...new Set(identifiers)]);
    expect(identifiers).toHaveLength(2);
  });

  it('sends nothing for a plan that refuses overage, nothing before the quota is passed, and nothing without a meter', async () => {
    const free = await subscriber('free@example.com', 'free', 'cus_free');
    const under = await subscriber('under@example.com', 'pro', 'cus_under');
    await calls(free, 2_000, T - HOUR);
    await calls(under, 3, T - HOUR);
    expect(await reportOverage(deps())).toEqual({ sent: 0, skipped: 2, failed: 0 });
    expect(await reportOverage(deps({ stripe: { ...stripe, config: { ...stripe.config, meterEvent: null } } }))).toEqual({ sent: 0, skipped: 0, failed: 0 });
    expect(meterRequests()).toHaveLength(0);
  });

  it('reports the last hour of a month into that month when sent after midnight', async () => {
    const ada = await subscriber('ada@example.com', 'pro', 'cus_ada');
    await calls(ada, 9, Date.UTC(2026, 11, 31, 23, 50));
    now = Date.UTC(2027, 0, 1, 0, 5);
    expect(await reportOverage(deps())).toMatchObject({ sent: 1 });
    expect(accepted()).toEqual([expect.objectContaining({ identifier: `mcphub:${ada}:2026-12:2026-12-31T23`, payload: { stripe_customer_id: 'cus_ada', value: '4' }, timestamp: Date.UTC(2027, 0, 1) / 1000 - 1 })]);
  });
});
