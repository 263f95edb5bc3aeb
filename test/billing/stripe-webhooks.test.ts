/**
 * POST /webhooks/stripe, in-process against the Stripe-shaped fake: only
 * events signed with the endpoint's secret and within the tolerance are
 * processed; without a secret nothing is (fail closed, naming
 * STRIPE_WEBHOOK_SECRET); a redelivered event changes nothing twice; an
 * older event delivered after a newer one changes nothing; a failed
 * payment marks the subscription and keeps the plan; a failure while
 * applying answers 500 and Stripe's retry then applies it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedIn, type Browser } from '../api/helpers.ts';
import { startStripeHub, type StripeHub } from './stripe-hub.ts';

let env: StripeHub;

beforeAll(async () => {
  env = await startStripeHub();
});
afterAll(() => env.close());

/** A signed-in user who has completed a Pro checkout on the fake; returns the subscription id. */
async function subscribedUser(email: string, plan = 'pro'): Promise<{ browser: Browser; subscriptionId: string }> {
  const browser = await createSignedIn(env.hub, email);
  const response = await browser.api('/billing/checkout', { method: 'POST', body: { plan } });
  expect(response.status).toBe(200);
  const { url } = (await response.json()) as { url: string };
  const sessionId = url.split('/').at(-1)!;
  await env.fake.completeCheckout(sessionId);
  const subscriptionId = env.fake.state.checkoutSessions.get(sessionId)!.subscription!;
  return { browser, subscriptionId };
}

const planOf = async (userId: string) => (await env.hub.hub.store.getUser(userId))!.plan;
const lastEvent = (type: string) => env.fake.state.events.filter((e) => e.type === type).at(-1)!;

describe('webhook signatures', () => {
  it('processes a signed event and refuses a wrong signature, an expired one, and none at all', async () => {
    const { browser } = await subscribedUser('sig@example.com');
    expect(await planOf(browser.userId)).toBe('pro');
    const event = lastEvent('invoice.paid');
    // The right secret, now: a redelivery, accepted (and a duplicate).
    expect(await env.fake.webhooks.deliver(event)).toMatchObject({ status: 200 });
    const wrong = await env.fake.webhooks.deliver(event, { secret: 'whsec_someone_elses_secret_000' });
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.body)).toMatchObject({ error: 'signature_invalid', message: expect.stringContaining('STRIPE_WEBHOOK_SECRET') });
    const expired = await env.fake.webhooks.deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(expired.status).toBe(400);
    expect(JSON.parse(expired.body).message).toMatch(/tolerance/i);
    const unsigned = await env.hub.request('/webhooks/stripe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ error: 'signature_missing' });
  });

  it('refuses a body past its bound before verifying it', async () => {
    const response = await env.hub.request('/webhooks/stripe', { method: 'POST', headers: { 'stripe-signature': 't=1,v1=00' }, body: 'x'.repeat(600 * 1024) });
    expect(response.status).toBe(413);
  });
});

describe('fail closed', () => {
  it('processes nothing without STRIPE_WEBHOOK_SECRET, and says which variable is missing', async () => {
    const noSecret = await startStripeHub({ without: ['STRIPE_WEBHOOK_SECRET'] });
    try {
      const browser = await createSignedIn(noSecret.hub, 'closed@example.com');
      const { url } = (await (await browser.api('/billing/checkout', { method: 'POST', body: { plan: 'pro' } })).json()) as { url: string };
      await noSecret.fake.completeCheckout(url.split('/').at(-1)!);
      expect(noSecret.fake.webhooks.deliveries.map((d) => d.status)).toEqual([503, 503, 503]);
      expect(JSON.parse(noSecret.fake.webhooks.deliveries[0]!.body)).toMatchObject({ error: 'webhook_secret_missing', message: expect.stringContaining('STRIPE_WEBHOOK_SECRET') });
      expect((await noSecret.hub.hub.store.getUser(browser.userId))!.plan).toBe('free');
      expect((await noSecret.hub.hub.store.getBillingAccount(browser.userId))!.status).toBeNull();
    } finally {
      await noSecret.close();
    }
  });

  it('with billing off, says so on the webhook route and the Billing page, and refuses a checkout naming the variables', async () => {
    const off = await startStripeHub({ without: ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_URL', 'MCPHUB_STRIPE_PRICE_PRO', 'MCPHUB_STRIPE_PRICE_TEAM', 'MCPHUB_STRIPE_METER_EVENT', 'MCPHUB_STRIPE_OVERAGE_PRICE'] });
    try {
      const webhook = await off.hub.request('/webhooks/stripe', { method: 'POST', headers: { 'stripe-signature': 't=1,v1=00' }, body: '{}' });
      expect(webhook.status).toBe(503);
      expect(await webhook.json()).toMatchObject({ error: 'billing_off', message: expect.stringContaining('STRIPE_SECRET_KEY') });
      const browser = await createSignedIn(off.hub, 'off@example.com');
      expect(await (await browser.api('/billing/subscription')).json()).toMatchObject({ enabled: false, subscription: null, portal: false, plans: expect.arrayContaining([{ id: 'pro', name: 'Pro', purchasable: false }]) });
      const checkout = await browser.api('/billing/checkout', { method: 'POST', body: { plan: 'pro' } });
      expect(checkout.status).toBe(409);
      expect(((await checkout.json()) as { error: { message: string } }).error.message).toMatch(/Billing is off.*set by an admin.*STRIPE_SECRET_KEY/s);
    } finally {
      await off.close();
    }
  });
});

describe('idempotency and ordering', () => {
  it('changes nothing on a redelivered event, even after the plan was changed since', async () => {
    const { browser } = await subscribedUser('redeliver@example.com');
    expect(await planOf(browser.userId)).toBe('pro');
    // An admin moves the user meanwhile; Stripe then redelivers the old "created" event.
    await env.hub.hub.store.setUserPlan({ userId: browser.userId, plan: 'enterprise', actor: 'test' });
    const created = env.fake.state.events.filter((e) => e.type === 'customer.subscription.created').at(-1)!;
    const again = await env.fake.redeliver(created.id);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ outcome: 'duplicate' });
    expect(await planOf(browser.userId)).toBe('enterprise');
  });

  it('applies one of two concurrent deliveries of the same event, and answers the other as a duplicate', async () => {
    const { browser, subscriptionId } = await subscribedUser('twice@example.com');
    env.fake.webhooks.hold();
    await env.fake.state.changePrice(subscriptionId, 'price_team');
    const [upgrade] = env.fake.webhooks.held();
    await env.fake.webhooks.release([]);
    const both = await Promise.all([env.fake.webhooks.deliver(upgrade!), env.fake.webhooks.deliver(upgrade!)]);
    expect(both.map((d) => JSON.parse(d.body).outcome).sort()).toEqual(['duplicate', 'processed']);
    expect(await planOf(browser.userId)).toBe('team');
    expect((await env.hub.hub.store.listAudit(browser.userId)).filter((entry) => entry.action === 'user.plan' && entry.target === 'team')).toHaveLength(1);
  });

  it('changes nothing with an older event delivered after a newer one', async () => {
    const { browser, subscriptionId } = await subscribedUser('order@example.com');
    env.fake.webhooks.hold();
    await env.fake.state.changePrice(subscriptionId, 'price_team');
    await env.fake.state.cancelSubscription(subscriptionId, 'now');
    // Stripe delivers the cancellation first, the (older) upgrade after it.
    await env.fake.webhooks.release([1, 0]);
    const [deleted, updated] = env.fake.webhooks.deliveries.slice(-2);
    expect(deleted).toMatchObject({ type: 'customer.subscription.deleted', status: 200 });
    expect(JSON.parse(deleted!.body)).toMatchObject({ outcome: 'processed' });
    expect(updated).toMatchObject({ type: 'customer.subscription.updated', status: 200 });
    expect(JSON.parse(updated!.body)).toMatchObject({ outcome: 'stale' });
    expect(await planOf(browser.userId)).toBe('free');
    expect(await env.hub.hub.store.getBillingAccount(browser.userId)).toMatchObject({ status: 'canceled', priceId: 'price_team' });
  });

  it('ends on the subscription as Stripe has it when two events of the same second come in the wrong order', async () => {
    const { browser, subscriptionId } = await subscribedUser('same-second@example.com');
    env.fake.webhooks.hold();
    await env.fake.state.changePrice(subscriptionId, 'price_team');
    await env.fake.state.cancelSubscription(subscriptionId, 'now');
    // Stripe's `created` is whole seconds: the events of one change often share it, so their times cannot order them.
    const [updated, deleted] = env.fake.webhooks.held();
    updated!.created = deleted!.created;
    await env.fake.webhooks.release([1, 0]);
    expect(env.fake.webhooks.deliveries.slice(-2).map((d) => [d.type, d.status])).toEqual([['customer.subscription.deleted', 200], ['customer.subscription.updated', 200]]);
    expect(await planOf(browser.userId)).toBe('free');
    expect(await env.hub.hub.store.getBillingAccount(browser.userId)).toMatchObject({ status: 'canceled' });
  });

  it('keeps the plan on a failed payment and says past_due on the Billing page; a paid invoice clears it', async () => {
    const { browser, subscriptionId } = await subscribedUser('dunning@example.com');
    await env.fake.state.failRenewal(subscriptionId);
    expect(await planOf(browser.userId)).toBe('pro');
    const view = (await (await browser.api('/billing/subscription')).json()) as { subscription: { status: string; paymentFailedAt: number | null; plan: string } };
    expect(view.subscription).toMatchObject({ status: 'past_due', plan: 'pro', paymentFailedAt: expect.any(Number) });
    await env.fake.state.emit('invoice.paid', { ...env.fake.state.invoices.get(env.fake.state.subscriptions.get(subscriptionId)!.latest_invoice!)!, status: 'paid' });
    expect((await env.hub.hub.store.getBillingAccount(browser.userId))!.paymentFailedAt).toBeNull();
  });

  it('answers 500 when it cannot apply an event now, and applies Stripe\'s retry of it', async () => {
    const browser = await createSignedIn(env.hub, 'retry@example.com');
    const { url } = (await (await browser.api('/billing/checkout', { method: 'POST', body: { plan: 'team' } })).json()) as { url: string };
    env.fake.webhooks.hold();
    await env.fake.completeCheckout(url.split('/').at(-1)!);
    const [completed] = env.fake.webhooks.held();
    await env.fake.webhooks.release([]);
    // Applying checkout.session.completed reads the subscription from Stripe: the SDK's try and its one retry both fail.
    env.fake.failNext(2);
    const failed = await env.fake.webhooks.deliver(completed!);
    expect(failed.status).toBe(500);
    expect(await planOf(browser.userId)).toBe('free');
    const retried = await env.fake.webhooks.deliver(completed!);
    expect(retried.status).toBe(200);
    expect(JSON.parse(retried.body)).toMatchObject({ outcome: 'processed' });
    expect(await planOf(browser.userId)).toBe('team');
  });
});

