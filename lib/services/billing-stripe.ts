/**
 * Paying for a plan with Stripe, as use cases (STYLE.md 15): where a user
 * stands with Stripe (`billingSubscription`), starting a checkout for a plan
 * (`startCheckout`), opening the customer portal (`openPortal`) and listing
 * invoices (`listInvoices`). The API and the dashboard call these; webhooks
 * go through lib/services/stripe-events.ts. Without Stripe (no
 * STRIPE_SECRET_KEY) billing is off: the status says so and the rest refuse,
 * naming that plans are then set by an admin.
 */
import { nextPeriodStart } from '../billing/period.ts';
import { billingHint } from '../server/hints.ts';
import type { StripeAccess } from '../billing/stripe/client.ts';
import { stripeFailure } from '../billing/stripe/errors.ts';
import { planForPrice, USER_METADATA_KEY } from '../billing/stripe/events.ts';
import { isLiveSubscriptionStatus, type BillingAccount } from '../store/billing.ts';
import type { User } from '../store/port.ts';
import type { ServiceDeps } from './deps.ts';
import { ServiceError, fromStoreError } from './errors.ts';

type BillingDeps = Pick<ServiceDeps, 'store' | 'plans' | 'stripe'>;

/** A plan as the Billing page offers it: whether checkout can sell it here. */
export interface PurchasablePlan {
  id: string;
  name: string;
  /** True when a Stripe price is configured for it (MCPHUB_STRIPE_PRICE_<PLAN>). */
  purchasable: boolean;
}

export interface BillingSubscriptionView {
  /** False without STRIPE_SECRET_KEY: plans are then set only by an admin. */
  enabled: boolean;
  /** The user's Stripe subscription as last told by a webhook; null before any. */
  subscription: {
    status: string;
    plan: string | null;
    cancelAtPeriodEnd: boolean;
    currentPeriodEnd: number | null;
    /** When a payment failed and none succeeded since: Stripe is retrying; the plan stays until Stripe gives up. */
    paymentFailedAt: number | null;
  } | null;
  /** Whether the customer portal can be opened (the user has a Stripe customer). */
  portal: boolean;
  plans: PurchasablePlan[];
}

export interface InvoiceView {
  id: string;
  number: string | null;
  status: string | null;
  amountDue: number;
  amountPaid: number;
  currency: string;
  createdAt: number;
  /** Stripe's hosted page for it, and the PDF. */
  url: string | null;
  pdfUrl: string | null;
}

const MAX_INVOICES = 24;

function requireStripe(deps: BillingDeps): StripeAccess {
  if (!deps.stripe) throw new ServiceError('conflict', `Billing is off on this hub (no STRIPE_SECRET_KEY), so plans are set by an admin. ${billingHint.off}`);
  return deps.stripe;
}

/** Billing on or off, the user's subscription and which plans can be bought (the Billing page). */
export async function billingSubscription(deps: BillingDeps, userId: string): Promise<BillingSubscriptionView> {
  const stripe = deps.stripe ?? null;
  const plans = deps.plans.list().map((plan) => ({ id: plan.id, name: plan.name, purchasable: stripe !== null && stripe.config.prices[plan.id] !== undefined }));
  if (!stripe) return { enabled: false, subscription: null, portal: false, plans };
  const account = await deps.store.getBillingAccount(userId);
  const subscription = account?.status
    ? { status: account.status, plan: planForPrice(stripe.config, account.priceId), cancelAtPeriodEnd: account.cancelAtPeriodEnd, currentPeriodEnd: account.currentPeriodEnd, paymentFailedAt: account.paymentFailedAt }
    : null;
  return { enabled: true, subscription, portal: account !== null, plans };
}

/**
 * The user's Stripe customer: the one linked before, else one Stripe already
 * has for them (a checkout that failed after creating it), else a new one —
 * made with an idempotency key per user, so two checkouts at once (or a retry
 * after a crash) make one customer — and linked to the user.
 */
async function customerFor(deps: BillingDeps & Pick<ServiceDeps, 'actor'>, stripe: StripeAccess, user: User): Promise<BillingAccount> {
  const linked = await deps.store.getBillingAccount(user.id);
  if (linked) return linked;
  // Search is best effort: it lags writes by up to a minute and is not offered in every Stripe region; the idempotency key covers a retry within 24 h.
  const found = await stripe.client.customers.search({ query: `metadata['${USER_METADATA_KEY}']:'${user.id}'`, limit: 1 }).then((page) => page.data[0] ?? null, () => null);
  const customer = found ?? (await stripeFailure('create your Stripe customer', () =>
    stripe.client.customers.create({ email: user.email, ...(user.name && { name: user.name }), metadata: { [USER_METADATA_KEY]: user.id } }, { idempotencyKey: `mcphub-customer-${user.id}` }),
  ));
  try {
    return await deps.store.linkStripeCustomer({ userId: user.id, customerId: customer.id, actor: deps.actor });
  } catch (error) {
    // Another checkout of the same user linked it meanwhile: that link is the answer.
    const now = await deps.store.getBillingAccount(user.id);
    if (now) return now;
    throw fromStoreError(error);
  }
}

/**
 * A Stripe Checkout page that subscribes the user to `planId`; returns its
 * URL. Refused when billing is off, the plan is unknown or has no price
 * here, or the user already has a live subscription (they change it in the
 * portal, so they never pay twice).
 */
export async function startCheckout(deps: BillingDeps & Pick<ServiceDeps, 'actor'>, user: User, planId: string): Promise<{ url: string }> {
  const stripe = requireStripe(deps);
  const plan = deps.plans.get(planId.trim().toLowerCase());
  if (!plan) throw new ServiceError('invalid', `"${planId.slice(0, 40)}" is not a plan on this hub. Choose one of: ${deps.plans.list().map((p) => p.id).join(', ')}.`);
  const price = stripe.config.prices[plan.id];
  if (!price) throw new ServiceError('invalid', `The ${plan.name} plan cannot be bought on this hub: it has no Stripe price. ${billingHint.price(plan.id)}`);
  const account = await customerFor(deps, stripe, user);
  const subscribed = new ServiceError('conflict', 'You already have a subscription. Change or cancel it with "Manage billing" on the Billing page.');
  if (isLiveSubscriptionStatus(account.status)) throw subscribed;
  // Asked of Stripe too: a checkout paid a moment ago may not have reached the hub as a webhook yet, and a second one would charge twice.
  const live = await stripeFailure('check your subscriptions', () => stripe.client.subscriptions.list({ customer: account.customerId, status: 'all', limit: 10 }));
  if (live.data.some((subscription) => isLiveSubscriptionStatus(subscription.status))) throw subscribed;
  const billingUrl = `${stripe.publicUrl()}/billing`;
  const metadata = { [USER_METADATA_KEY]: user.id, mcphub_plan: plan.id };
  const overage = plan.overage === 'bill' && stripe.config.overagePrice ? [{ price: stripe.config.overagePrice }] : [];
  const session = await stripeFailure('start a checkout', () =>
    stripe.client.checkout.sessions.create({
      mode: 'subscription',
      customer: account.customerId,
      client_reference_id: user.id,
      line_items: [{ price, quantity: 1 }, ...overage],
      success_url: `${billingUrl}?checkout=done&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${billingUrl}?checkout=cancelled`,
      metadata,
      // Billed by UTC calendar month, as the quota counts and the overage is reported (a meter of the month's last value):
      // a period from the checkout day would leave the overage of its first days unbilled. The first, partial month is prorated.
      subscription_data: { metadata, billing_cycle_anchor: Math.floor(nextPeriodStart(Date.now()) / 1_000), proration_behavior: 'create_prorations' },
    }),
  );
  if (!session.url) throw new ServiceError('upstream_unreachable', 'Stripe made a checkout session without a page to send you to. Try again; if it keeps happening, tell the operator.');
  return { url: session.url };
}

/** A customer-portal page (manage the card, change or cancel the plan, see invoices) that returns to the Billing page. */
export async function openPortal(deps: BillingDeps, user: User): Promise<{ url: string }> {
  const stripe = requireStripe(deps);
  const account = await deps.store.getBillingAccount(user.id);
  if (!account) throw new ServiceError('not_found', 'You have no billing account yet: upgrade to a paid plan on the Billing page first.');
  const session = await stripeFailure('open the billing portal', () => stripe.client.billingPortal.sessions.create({ customer: account.customerId, return_url: `${stripe.publicUrl()}/billing` }));
  return { url: session.url };
}

/** The user's most recent invoices, newest first (none before a first checkout). */
export async function listInvoices(deps: BillingDeps, user: User): Promise<InvoiceView[]> {
  const stripe = requireStripe(deps);
  const account = await deps.store.getBillingAccount(user.id);
  if (!account) return [];
  const page = await stripeFailure('list your invoices', () => stripe.client.invoices.list({ customer: account.customerId, limit: MAX_INVOICES }));
  return page.data.map((invoice) => ({
    id: invoice.id ?? '',
    number: invoice.number ?? null,
    status: invoice.status ?? null,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    currency: invoice.currency,
    createdAt: invoice.created * 1000,
    url: invoice.hosted_invoice_url ?? null,
    pdfUrl: invoice.invoice_pdf ?? null,
  }));
}
