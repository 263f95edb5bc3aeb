/**
 * `/billing/subscription`, `/billing/checkout`, `/billing/portal` and
 * `/billing/invoices`: paying for a plan with Stripe, for the signed-in user,
 * over lib/services/billing-stripe.ts. Apart from `GET /billing` (the plan,
 * month-to-date use and limit: lib/api/billing.ts) so the two halves stay
 * independent. With billing off, GET /billing/subscription says so and the
 * others answer 409 naming what the operator sets.
 */
import { Elysia, t } from 'elysia';
import { billingSubscription, listInvoices, openPortal, startCheckout } from '../services/billing-stripe.ts';
import { apiBase } from './base.ts';
import { actingAs, type ApiDeps } from './deps.ts';
import { errors } from './http.ts';

const Subscription = t.Object({
  status: t.String({ description: 'Stripe\'s status: active, trialing, past_due (a payment failed; Stripe is retrying), canceled, unpaid, incomplete' }),
  plan: t.Union([t.String(), t.Null()], { description: 'the plan its price sells here; null for a price this hub does not sell' }),
  cancelAtPeriodEnd: t.Boolean(),
  currentPeriodEnd: t.Union([t.Number(), t.Null()]),
  paymentFailedAt: t.Union([t.Number(), t.Null()], { description: 'set while the last payment has failed; the plan stays until Stripe gives up' }),
});

const SubscriptionView = t.Object({
  enabled: t.Boolean({ description: 'false when the hub has no Stripe keys: plans are then set by an admin' }),
  subscription: t.Union([Subscription, t.Null()]),
  portal: t.Boolean({ description: 'whether "Manage billing" can open the customer portal' }),
  plans: t.Array(t.Object({ id: t.String(), name: t.String(), purchasable: t.Boolean() })),
});

const Invoice = t.Object({
  id: t.String(),
  number: t.Union([t.String(), t.Null()]),
  status: t.Union([t.String(), t.Null()]),
  amountDue: t.Number({ description: 'in the currency\'s smallest unit (cents)' }),
  amountPaid: t.Number(),
  currency: t.String(),
  createdAt: t.Number(),
  url: t.Union([t.String(), t.Null()]),
  pdfUrl: t.Union([t.String(), t.Null()]),
});

const Url = t.Object({ url: t.String({ description: 'the Stripe page to send the browser to' }) });

export function billingStripeRoutes(deps: ApiDeps) {
  return new Elysia()
    .use(apiBase(deps))
    .get('/billing/subscription', ({ me }) => billingSubscription(deps.services, me.user.id), {
      signedIn: true,
      response: { 200: SubscriptionView, ...errors },
    })
    .post('/billing/checkout', ({ me, body }) => startCheckout(actingAs(deps, me), me.user, body.plan), {
      signedIn: true,
      body: t.Object({ plan: t.String({ minLength: 1, maxLength: 32, description: 'the id of the plan to buy, e.g. "pro"' }) }),
      response: { 200: Url, ...errors },
    })
    .post('/billing/portal', ({ me }) => openPortal(deps.services, me.user), {
      signedIn: true,
      response: { 200: Url, ...errors },
    })
    .get('/billing/invoices', async ({ me }) => ({ invoices: await listInvoices(deps.services, me.user) }), {
      signedIn: true,
      response: { 200: t.Object({ invoices: t.Array(Invoice) }), ...errors },
    });
}
