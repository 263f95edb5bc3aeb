/**
 * Paying for a plan, end to end in-process: a free user whose quota is used
 * up starts a checkout from the API, clicks the fake Stripe Checkout page's
 * "Subscribe" button (the form it posts), lands back on <hub>/billing, and
 * the same running MCP session's next tool call works — the signed webhooks
 * set the plan through setPlan and the session sees it within a second.
 * Then "Manage billing": the portal's "Cancel plan" puts the user back on
 * the default plan and the quota refuses again. Also: the customer is made
 * once and reused, invoices are listed, and a second checkout while
 * subscribed is refused in favour of the portal.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedIn, type Browser } from '../api/helpers.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { IN_PROCESS_ORIGIN } from '../helpers/in-process-hub.ts';
import { waitUntil } from '../helpers/wait.ts';
import { startStripeHub, type StripeHub } from './stripe-hub.ts';

const ROOMY = { callsPerMinute: 100_000, burst: 100_000 };
const GET_ME = { name: 'github__get_me', arguments: {} };

let github: FakeGitHub;
let env: StripeHub;
let browser: Browser;
let key: string;
const token = `ghp_${randomBytes(18).toString('hex')}`;

beforeAll(async () => {
  github = startFakeGitHub();
  github.tokens.set(token, 'alice');
  env = await startStripeHub({ env: { MCPHUB_GITHUB_API_URL: github.url, MCPHUB_PLANS: JSON.stringify([{ id: 'free', callsPerMonth: 2, ...ROOMY }, { id: 'pro', ...ROOMY }]) } });
  browser = await createSignedIn(env.hub, 'alice@example.com');
  await env.hub.enable(browser.userId, 'github', token);
  const { generateApiKey } = await import('../../lib/crypto/api-keys.ts');
  const generated = generateApiKey();
  await env.hub.hub.store.createApiKey({ userId: browser.userId, name: 'laptop', hash: generated.hash, prefix: generated.prefix });
  key = generated.key;
});
afterAll(async () => {
  await env.close();
  await github.close();
});

const isError = (result: { isError?: boolean }) => result.isError === true;
const textOf = (result: { content?: unknown }) => ((result.content as Array<{ text?: string }>)[0]?.text ?? '');

/** What a browser does with a page's one form: posts it to its action and returns where the redirect points. */
async function submitForm(pageUrl: string, buttonText: string): Promise<string> {
  const html = await (await fetch(pageUrl)).text();
  const form = [...html.matchAll(/<form method="post" action="([^"]+)">(.*?)<\/form>/gs)].find((match) => match[2]!.includes(`>${buttonText}</button>`));
  if (!form) throw new Error(`no "${buttonText}" button on ${pageUrl}: ${html.slice(0, 500)}`);
  const fields = new URLSearchParams([...form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!] as [string, string]));
  const response = await fetch(new URL(form[1]!, pageUrl), { method: 'POST', body: fields, redirect: 'manual' });
  expect(response.status).toBe(303);
  return response.headers.get('location')!;
}

describe('checkout to a live session', () => {
  it('upgrades a free user out of QUOTA_EXCEEDED on the same running session, and the portal\'s cancel puts them back', async () => {
    const client = await env.hub.connect(key);
    try {
      expect(isError(await client.callTool(GET_ME))).toBe(false);
      expect(isError(await client.callTool(GET_ME))).toBe(false);
      const refused = await client.callTool(GET_ME);
      expect(textOf(refused)).toMatch(/^QUOTA_EXCEEDED: .*Upgrade your plan at http:\/\/127\.0\.0\.1:8787\/billing\./);

      expect(await (await browser.api('/billing/subscription')).json()).toMatchObject({ enabled: true, subscription: null, portal: false, plans: expect.arrayContaining([{ id: 'pro', name: 'Pro', purchasable: true }, { id: 'enterprise', name: 'Enterprise', purchasable: false }]) });
      const started = await browser.api('/billing/checkout', { method: 'POST', body: { plan: 'pro' } });
      expect(started.status).toBe(200);
      const { url } = (await started.json()) as { url: string };
      expect(url.startsWith(env.fake.url + '/checkout/')).toBe(true);
      const session = env.fake.state.checkoutSessions.get(url.split('/').at(-1)!)!;
      expect(session).toMatchObject({ client_reference_id: browser.userId, mode: 'subscription', success_url: `${IN_PROCESS_ORIGIN}/billing?checkout=done&session_id={CHECKOUT_SESSION_ID}`, cancel_url: `${IN_PROCESS_ORIGIN}/billing?checkout=cancelled`, metadata: { mcphub_user_id: browser.userId, mcphub_plan: 'pro' } });
      // Pro bills overage: the metered price rides along.
      expect(session.line_items_internal).toEqual([{ price: 'price_pro', quantity: 1 }, { price: 'price_overage', quantity: 1 }]);

      const landed = await submitForm(url, 'Subscribe');
      expect(landed).toBe(`${IN_PROCESS_ORIGIN}/billing?checkout=done&session_id=${session.id}`);
      expect(env.fake.webhooks.deliveries.map((d) => [d.type, d.status])).toEqual([['checkout.session.completed', 200], ['customer.subscription.created', 200], ['invoice.paid', 200]]);
      // Within a second, on the same session, without reconnecting.
      await waitUntil(async () => !isError(await client.callTool(GET_ME)), 1_000, 'the upgraded plan to reach the running session');
      expect((await env.hub.hub.store.getUser(browser.userId))!.plan).toBe('pro');
      expect(await (await browser.api('/billing/subscription')).json()).toMatchObject({ subscription: { status: 'active', plan: 'pro', cancelAtPeriodEnd: false, paymentFailedAt: null }, portal: true });
      const invoices = (await (await browser.api('/billing/invoices')).json()) as { invoices: Array<Record<string, unknown>> };
      expect(invoices.invoices).toEqual([expect.objectContaining({ status: 'paid', amountPaid: 1_900, currency: 'usd', url: expect.stringContaining(env.fake.url) })]);

      // Subscribed: another checkout is refused, the portal is the way.
      const twice = await browser.api('/billing/checkout', { method: 'POST', body: { plan: 'team' } });
      expect(twice.status).toBe(409);
      expect(((await twice.json()) as { error: { message: string } }).error.message).toContain('Manage billing');

      const portal = await browser.api('/billing/portal', { method: 'POST' });
      expect(portal.status).toBe(200);
      const portalUrl = ((await portal.json()) as { url: string }).url;
      await submitForm(portalUrl, 'Cancel plan');
      expect(env.fake.webhooks.deliveries.at(-1)).toMatchObject({ type: 'customer.subscription.deleted', status: 200 });
      await waitUntil(async () => isError(await client.callTool(GET_ME)), 1_000, 'the cancelled plan to reach the running session');
      expect((await env.hub.hub.store.getUser(browser.userId))!.plan).toBe('free');
      expect(await (await browser.api('/billing/subscription')).json()).toMatchObject({ subscription: { status: 'canceled' }, portal: true });
      expect(await env.hub.hub.store.listAudit(browser.userId)).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'stripe', action: 'user.plan', target: 'pro' }), expect.objectContaining({ actor: 'stripe', action: 'user.plan', target: 'free' })]));
    } finally {
      await client.close();
    }
  });

  it('makes one Stripe customer per user and reuses it for the next checkout', async () => {
    const bob = await createSignedIn(env.hub, 'bob@example.com');
    const before = env.fake.state.customers.size;
    await Promise.all([bob.api('/billing/checkout', { method: 'POST', body: { plan: 'pro' } }), bob.api('/billing/checkout', { method: 'POST', body: { plan: 'team' } })]);
    await bob.api('/billing/checkout', { method: 'POST', body: { plan: 'pro' } });
    expect(env.fake.state.customers.size).toBe(before + 1);
    const customer = [...env.fake.state.customers.values()].at(-1)!;
    expect(customer).toMatchObject({ email: 'bob@example.com', metadata: { mcphub_user_id: bob.userId } });
    expect((await env.hub.hub.store.getBillingAccount(bob.userId))!.customerId).toBe(customer.id);
  });

  it('refuses a second checkout while the first one\'s webhooks have not arrived yet (Stripe says there is a subscription)', async () => {
    const dan = await createSignedIn(env.hub, 'dan@example.com');
    const { url } = (await (await dan.api('/billing/checkout', { method: 'POST', body: { plan: 'pro' } })).json()) as { url: string };
    env.fake.webhooks.hold();
    await env.fake.completeCheckout(url.split('/').at(-1)!);
    const again = await dan.api('/billing/checkout', { method: 'POST', body: { plan: 'team' } });
    expect(again.status).toBe(409);
    await env.fake.webhooks.release();
    expect((await env.hub.hub.store.getUser(dan.userId))!.plan).toBe('pro');
  });

  it('refuses an unknown plan, a plan without a price, and the portal before any checkout, each saying what to do', async () => {
    const cy = await createSignedIn(env.hub, 'cy@example.com');
    const unknown = await cy.api('/billing/checkout', { method: 'POST', body: { plan: 'platinum' } });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('Choose one of: free, pro, team, enterprise');
    const noPrice = await cy.api('/billing/checkout', { method: 'POST', body: { plan: 'enterprise' } });
    expect(noPrice.status).toBe(422);
    expect(((await noPrice.json()) as { error: { message: string } }).error.message).toContain('MCPHUB_STRIPE_PRICE_ENTERPRISE');
    const portal = await cy.api('/billing/portal', { method: 'POST' });
    expect(portal.status).toBe(404);
    expect(await (await cy.api('/billing/invoices')).json()).toEqual({ invoices: [] });
    // Stripe down: the answer says so and what to do; nothing is linked.
    env.fake.failNext(10);
    const down = await cy.api('/billing/checkout', { method: 'POST', body: { plan: 'pro' } });
    env.fake.failNext(0);
    expect(down.status).toBe(502);
    expect(((await down.json()) as { error: { message: string } }).error.message).toMatch(/Stripe could not be reached to create your Stripe customer \(500\)\. Try again in a minute\./);
    expect(await env.hub.hub.store.getBillingAccount(cy.userId)).toBeNull();
    // Without the CSRF token a checkout is refused before anything is made at Stripe.
    const before = env.fake.requests.length;
    expect((await cy.api('/billing/checkout', { method: 'POST', body: { plan: 'pro' }, csrf: false })).status).toBe(403);
    expect(env.fake.requests.length).toBe(before);
  });
});
