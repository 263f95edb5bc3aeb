/**
 * The `@convex-dev/stripe` component on Convex, in convex-test: registered by
 * hand (its `/test` export is broken), its `stripe` SDK pointed at the
 * Stripe-shaped fake with vi.mock (the component takes no host option), and
 * the fake's signed webhooks delivered to the deployment's /stripe/webhook
 * route. A paid checkout puts the user on the plan — which the Convex
 * store's resolveApiKey (what a hub replica's principal is built from)
 * reports — a redelivery and an older event change nothing, the portal's
 * cancel puts the user back on the default plan, and without
 * STRIPE_WEBHOOK_SECRET nothing is processed. The overage report's action
 * sends Convex's folded meters to Stripe's meter once per customer and hour.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { convexTest } from 'convex-test';
import schema from '../../convex/schema.ts';
import { components } from '../../convex/components.ts';
import { internal } from '../../convex/_generated/api';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { openConvexStore, type ConvexStore } from '../../lib/store/convex/index.ts';
import { CONVEX_SECRET } from '../helpers/convex-backend.ts';
import { startFakeStripe, type FakeStripe } from '../helpers/fake-stripe.ts';

const fakeAt = vi.hoisted(() => ({ port: 0 }));

// The component makes its own `new Stripe(key)`: the same SDK, pointed at the fake.
vi.mock('stripe', async (importOriginal) => {
  const actual = await importOriginal<typeof import('stripe')>();
  const Real = actual.default;
  class PointedAtFake extends Real {
    constructor(key: string, config?: ConstructorParameters<typeof Real>[1]) {
      super(key, { ...config, host: '127.0.0.1', port: fakeAt.port, protocol: 'http', maxNetworkRetries: 0 });
    }
  }
  return { ...actual, default: PointedAtFake, Stripe: PointedAtFake };
});

const modules = import.meta.glob('../../convex/**/*.*s');
const stripeModules = import.meta.glob('../../node_modules/@convex-dev/stripe/dist/component/**/*.js');
const stripeSchema = (await import('../../node_modules/@convex-dev/stripe/dist/component/schema.js')).default;

let fake: FakeStripe;

beforeAll(() => {
  fake = startFakeStripe({ prices: { price_pro: { unitAmount: 1_900 }, price_team: { unitAmount: 9_900 } } });
  fakeAt.port = fake.port;
});
afterAll(async () => {
  await fake.close();
  for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'MCPHUB_STRIPE_PRICE_PRO', 'MCPHUB_STRIPE_PRICE_TEAM', 'MCPHUB_STRIPE_METER_EVENT', 'MCPHUB_PLANS']) delete process.env[name];
});

interface Deployment {
  t: ReturnType<typeof convexTest>;
  store: ConvexStore;
}

let open: Deployment | undefined;
afterEach(async () => {
  await open?.store.close();
  open = undefined;
});

function deployment(env: Record<string, string | undefined>): Deployment {
  Object.assign(process.env, { MCPHUB_CONVEX_SECRET: CONVEX_SECRET, MCPHUB_STRIPE_PRICE_PRO: 'price_pro', MCPHUB_STRIPE_PRICE_TEAM: 'price_team', ...env });
  for (const name of ['MCPHUB_STRIPE_METER_EVENT', 'MCPHUB_PLANS']) if (!(name in env)) delete process.env[name];
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete process.env[name];
  const t = convexTest(schema, modules);
  t.registerComponent('stripe', stripeSchema, stripeModules);
  const store = openConvexStore({ caller: t, secret: CONVEX_SECRET, pollIntervalMs: 50 });
  fake.setWebhookTarget(async (request) => t.fetch('/stripe/webhook', { method: 'POST', headers: Object.fromEntries(request.headers), body: await request.text() }));
  open = { t, store };
  return open;
}

/** A user with an API key who completes a checkout of `price` on the fake; a customer made the way the hub makes one. */
async function subscribe(d: Deployment, email: string, price = 'price_pro') {
  const user = await d.store.createUser({ email });
  const key = generateApiKey();
  await d.store.createApiKey({ userId: user.id, name: 'k', hash: key.hash, prefix: key.prefix });
  const customer = await (await fetch(`${fake.url}/v1/customers`, { method: 'POST', headers: { authorization: `Bearer ${fake.secretKey}` }, body: new URLSearchParams({ email, 'metadata[mcphub_user_id]': user.id }) })).json() as { id: string };
  await d.store.linkStripeCustomer({ userId: user.id, customerId: customer.id });
  const session = await (await fetch(`${fake.url}/v1/checkout/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.secretKey}` },
    body: new URLSearchParams({ mode: 'subscription', customer: customer.id, client_reference_id: user.id, 'line_items[0][price]': price, 'line_items[0][quantity]': '1', success_url: 'https://hub.example.com/billing', 'subscription_data[metadata][mcphub_user_id]': user.id }),
  })).json() as { id: string };
  const from = fake.webhooks.deliveries.length;
  await fake.completeCheckout(session.id);
  return { user, key, session, deliveries: fake.webhooks.deliveries.slice(from), subscriptionId: fake.state.checkoutSessions.get(session.id)!.subscription! };
}

const STRIPE_KEYS = { STRIPE_SECRET_KEY: 'sk_test_fake_0123456789abcdefghij', STRIPE_WEBHOOK_SECRET: 'whsec_fake_0123456789abcdefghijklmnop' };

describe('@convex-dev/stripe on Convex', () => {
  it('puts a paying user on the plan the webhooks name, as resolveApiKey reports it, and syncs the component\'s own tables', async () => {
    const d = deployment(STRIPE_KEYS);
    const { user, key, deliveries, subscriptionId } = await subscribe(d, 'ada@example.com');
    expect(deliveries.map((x) => [x.type, x.status])).toEqual([['checkout.session.completed', 200], ['customer.subscription.created', 200], ['invoice.paid', 200]]);
    expect((await d.store.resolveApiKey(key.hash))!.user.plan).toBe('pro');
    expect(await d.store.getBillingAccount(user.id)).toMatchObject({ subscriptionId, status: 'active', priceId: 'price_pro', lastInvoicePaidAt: expect.any(Number) });
    // The component keeps its own copy (what its client API answers from).
    const synced = await d.t.run((ctx) => ctx.runQuery(components.stripe.public.getSubscription, { stripeSubscriptionId: subscriptionId }));
    expect(synced).toMatchObject({ stripeSubscriptionId: subscriptionId, status: 'active', priceId: 'price_pro' });
  });

  it('changes nothing on a redelivery or an older event, and the portal\'s cancel puts the user back on the default plan', async () => {
    const d = deployment(STRIPE_KEYS);
    const { key, subscriptionId } = await subscribe(d, 'bob@example.com');
    const created = fake.state.events.filter((e) => e.type === 'customer.subscription.created').at(-1)!;
    fake.webhooks.hold();
    await fake.state.changePrice(subscriptionId, 'price_team');
    await fake.state.cancelSubscription(subscriptionId, 'now');
    await fake.webhooks.release([1, 0]);
    expect(fake.webhooks.deliveries.slice(-2).map((x) => [x.type, x.status])).toEqual([['customer.subscription.deleted', 200], ['customer.subscription.updated', 200]]);
    expect((await d.store.resolveApiKey(key.hash))!.user.plan).toBe('free');
    expect(await fake.redeliver(created.id)).toMatchObject({ status: 200 });
    expect((await d.store.resolveApiKey(key.hash))!.user.plan).toBe('free');
    const events = await d.t.run((ctx) => ctx.db.query('stripeEvents').collect());
    expect(events.filter((e) => e.eventId === created.id)).toHaveLength(1);
  });

  it('reports overage to Stripe\'s meter from Convex\'s folded meters, once per customer and hour', async () => {
    const d = deployment({ ...STRIPE_KEYS, MCPHUB_STRIPE_METER_EVENT: 'mcphub_overage_calls', MCPHUB_PLANS: JSON.stringify([{ id: 'pro', callsPerMonth: 2 }]) });
    const { user } = await subscribe(d, 'dee@example.com');
    const hourStart = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    for (let i = 0; i < 5; i++) await d.store.recordUsage({ id: `evt_convex_${i}`, userId: user.id, keyId: 'k', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 1, upstreamMs: 1, bytesIn: 0, bytesOut: 0, at: hourStart });
    await d.store.foldMeters();
    expect(await d.t.action(internal.stripeReport.run, {})).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(await d.t.action(internal.stripeReport.run, {})).toEqual({ sent: 0, skipped: 1, failed: 0 });
    const customerId = (await d.store.getBillingAccount(user.id))!.customerId;
    expect([...fake.state.meterEvents.values()].filter((e) => e.payload.stripe_customer_id === customerId)).toEqual([
      expect.objectContaining({ event_name: 'mcphub_overage_calls', identifier: `mcphub:${user.id}:${new Date(hourStart).toISOString().slice(0, 7)}:${new Date(hourStart).toISOString().slice(0, 13)}`, payload: { stripe_customer_id: customerId, value: '3' } }),
    ]);
  });

  it('processes nothing without STRIPE_WEBHOOK_SECRET (fail closed)', async () => {
    const d = deployment({ STRIPE_SECRET_KEY: STRIPE_KEYS.STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: undefined });
    const { key, deliveries } = await subscribe(d, 'cy@example.com');
    expect(deliveries.map((x) => x.status)).toEqual([500, 500, 500]);
    expect(deliveries[0]!.body).toContain('Webhook secret not configured');
    expect((await d.store.resolveApiKey(key.hash))!.user.plan).toBe('free');
    expect(await d.t.run((ctx) => ctx.db.query('stripeEvents').collect())).toEqual([]);
  });
});
