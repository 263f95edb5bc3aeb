/**
 * Stripe's configuration (lib/billing/stripe/config.ts over lib/env.ts):
 * billing is off without STRIPE_SECRET_KEY and refuses Stripe variables set
 * without it; STRIPE_API_URL becomes the SDK's host/port/protocol; prices map
 * to plans; bad values are refused naming the variable and the fix, and a
 * secret's value is never echoed. And the event reading it relies on:
 * which plan a subscription state puts its user on.
 */
import { describe, expect, it } from 'vitest';
import { defaultPlanTable } from '../../lib/billing/plans.ts';
import { parseStripeApiUrl, resolveStripeConfig } from '../../lib/billing/stripe/config.ts';
import { parseStripeEvent, planForSubscription } from '../../lib/billing/stripe/events.ts';
import { readEnv } from '../../lib/env.ts';

const KEY = 'sk_test_abcdefghijklmnop0123';

describe('Stripe configuration', () => {
  it('is off without a secret key, and refuses Stripe variables that would then be ignored', () => {
    expect(resolveStripeConfig(readEnv({}))).toBeNull();
    expect(() => resolveStripeConfig(readEnv({ STRIPE_WEBHOOK_SECRET: 'whsec_abcdefghij', MCPHUB_STRIPE_PRICE_PRO: 'price_123' }))).toThrow(/STRIPE_WEBHOOK_SECRET, MCPHUB_STRIPE_PRICE_\* are set but STRIPE_SECRET_KEY is not/);
  });

  it('reads keys, prices by plan, the meter and an API address', () => {
    const config = resolveStripeConfig(readEnv({ STRIPE_SECRET_KEY: KEY, STRIPE_API_URL: 'http://127.0.0.1:12111', MCPHUB_STRIPE_PRICE_PRO: 'price_pro1', MCPHUB_STRIPE_PRICE_BIG_TEAM: 'price_bt', MCPHUB_STRIPE_METER_EVENT: 'mcphub_calls' }));
    expect(config).toMatchObject({ secretKey: KEY, webhookSecret: null, toleranceSeconds: 300, api: { host: '127.0.0.1', port: 12111, protocol: 'http' }, prices: { pro: 'price_pro1', 'big-team': 'price_bt' }, meterEvent: 'mcphub_calls', overagePrice: null });
    expect(parseStripeApiUrl('https://stripe-proxy.example.com')).toEqual({ host: 'stripe-proxy.example.com', port: 443, protocol: 'https' });
    expect(() => parseStripeApiUrl('http://127.0.0.1:1/v1')).toThrow(/origin only/);
  });

  it('refuses bad values naming the variable and the fix, never echoing a secret', () => {
    expect(() => readEnv({ STRIPE_SECRET_KEY: 'pk_live_thisisapublishablekey' })).toThrow(/STRIPE_SECRET_KEY=\(hidden\): must be a Stripe secret or restricted key/);
    expect(() => readEnv({ STRIPE_WEBHOOK_SECRET: 'nope-secret-value' })).toThrow(/STRIPE_WEBHOOK_SECRET=\(hidden\)/);
    expect(() => readEnv({ STRIPE_WEBHOOK_SECRET: 'nope-secret-value' })).not.toThrow(/nope-secret-value/);
    expect(() => readEnv({ MCPHUB_STRIPE_PRICE_PRO: 'prod_123' })).toThrow(/MCPHUB_STRIPE_PRICE_PRO="prod_123": must be a Stripe price id/);
  });
});

describe('reading Stripe events', () => {
  const config = { prices: { pro: 'price_pro', team: 'price_team' } };
  const plans = defaultPlanTable();
  const subscription = (status: string, price = 'price_pro') => ({ id: 'evt_1', type: 'customer.subscription.updated', created: 1_700_000_000, data: { object: { id: 'sub_1', customer: 'cus_1', status, items: { data: [{ price: { id: 'price_metered' }, current_period_end: 1_702_000_000 }, { price: { id: price }, current_period_end: 1_702_000_000 }] } } } });

  it('picks the plan\'s price out of the items (beside a metered one), and reads times in ms', () => {
    expect(parseStripeEvent(subscription('active'), config)).toEqual({ ok: true, id: 'evt_1', type: 'customer.subscription.updated', at: 1_700_000_000_000, event: { kind: 'subscription', customerId: 'cus_1', userId: null, deleted: false, state: { subscriptionId: 'sub_1', status: 'active', priceId: 'price_pro', cancelAtPeriodEnd: false, currentPeriodEnd: 1_702_000_000_000, at: 1_700_000_000_000 } } });
    expect(parseStripeEvent({ id: 'evt_2', type: 'customer.subscription.deleted', created: 1, data: { object: { id: 'sub_1', customer: 'cus_1', status: 'active', items: { data: [] } } } }, config)).toMatchObject({ ok: true, event: { deleted: true, state: { status: 'canceled' } } });
    expect(parseStripeEvent({ id: 'evt_3', type: 'customer.subscription.updated', created: 1, data: { object: { id: 'sub_1', status: 'active' } } }, config)).toEqual({ ok: false, reason: 'data.object.customer is missing' });
    expect(parseStripeEvent({ id: 'evt_4', type: 'charge.refunded', created: 1, data: { object: {} } }, config)).toMatchObject({ ok: true, event: { kind: 'ignored' } });
  });

  it('maps a state to a plan: the price\'s while active, unchanged while past_due, the default once ended', () => {
    expect(planForSubscription({ status: 'active', priceId: 'price_team' }, config, plans)).toBe('team');
    expect(planForSubscription({ status: 'trialing', priceId: 'price_pro' }, config, plans)).toBe('pro');
    expect(planForSubscription({ status: 'active', priceId: 'price_unknown' }, config, plans)).toBe('keep');
    expect(planForSubscription({ status: 'past_due', priceId: 'price_pro' }, config, plans)).toBe('keep');
    expect(planForSubscription({ status: 'incomplete', priceId: 'price_pro' }, config, plans)).toBe('keep');
    for (const status of ['canceled', 'unpaid', 'incomplete_expired', 'paused']) expect(planForSubscription({ status, priceId: 'price_pro' }, config, plans)).toBe('free');
  });
});
