/**
 * What a verified Stripe event means to the hub, decided once and used by
 * both stores' paths (the hub's /webhooks/stripe and Convex's component
 * handlers): `parseStripeEvent` checks the fields the hub reads (an event is
 * signed, but its shape is still Stripe's to change) and names the first
 * missing one; `planForSubscription` turns a subscription state into the plan
 * the user should be on, or `keep`. Free of the environment and of zod, so
 * convex/ bundles it without them.
 *
 * Plan rules: active or trialing → the plan the price sells; past_due →
 * unchanged (Stripe is still retrying the card; the Billing page says so);
 * canceled, unpaid, incomplete_expired, paused → the default plan; anything
 * else (incomplete) → unchanged.
 */
import type { SubscriptionState } from '../../store/billing.ts';
import type { Plan } from '../plans.ts';
import type { StripeBillingConfig } from './config.ts';

/** The plan a Stripe price sells (MCPHUB_STRIPE_PRICE_<PLAN>), or null for a price the hub does not know. */
export function planForPrice(config: Pick<StripeBillingConfig, 'prices'>, priceId: string | null | undefined): string | null {
  if (!priceId) return null;
  return Object.entries(config.prices).find(([, id]) => id === priceId)?.[0] ?? null;
}

/** Thrown for a verified event the hub cannot read; the webhook route answers 400 and Stripe shows it as failed. */
export class MalformedStripeEvent extends Error {
  override name = 'MalformedStripeEvent';
}

/** The metadata key naming the hub user on Stripe customers, sessions and subscriptions. */
export const USER_METADATA_KEY = 'mcphub_user_id';

export type BillingEvent =
  | { kind: 'checkout_completed'; customerId: string; userId: string | null; subscriptionId: string | null }
  | { kind: 'subscription'; customerId: string; userId: string | null; state: SubscriptionState; deleted: boolean }
  | { kind: 'invoice'; customerId: string; outcome: 'paid' | 'payment_failed'; at: number }
  | { kind: 'ignored'; type: string };

export type ParsedEvent = { ok: true; id: string; type: string; at: number; event: BillingEvent } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
/** An id field that may be expanded (`{ id }`) or not (`"cus_…"`). */
const idOf = (value: unknown): string | null => (typeof value === 'string' ? value : isObj(value) && typeof value.id === 'string' ? value.id : null);
const metadataUser = (object: Obj): string | null => {
  const metadata = object.metadata;
  return isObj(metadata) && typeof metadata[USER_METADATA_KEY] === 'string' ? (metadata[USER_METADATA_KEY] as string) : null;
};

/** The price ids of a subscription's items, in order. */
function itemPrices(subscription: Obj): { prices: string[]; periodEnd: number | null } {
  const items = isObj(subscription.items) && Array.isArray(subscription.items.data) ? subscription.items.data : [];
  const prices: string[] = [];
  let periodEnd: number | null = null;
  for (const item of items) {
    if (!isObj(item)) continue;
    const price = idOf(item.price);
    if (price) prices.push(price);
    if (typeof item.current_period_end === 'number') periodEnd = Math.max(periodEnd ?? 0, item.current_period_end * 1000);
  }
  return { prices, periodEnd };
}

/** A subscription object's state at `at` (ms), with the plan's price picked out of its items (a metered overage item may sit beside it). */
export function subscriptionState(subscription: Obj, at: number, config: Pick<StripeBillingConfig, 'prices'>): SubscriptionState | string {
  if (typeof subscription.id !== 'string') return 'data.object.id is missing';
  if (typeof subscription.status !== 'string') return 'data.object.status is missing';
  const { prices, periodEnd } = itemPrices(subscription);
  const priceId = prices.find((price) => planForPrice(config, price) !== null) ?? prices[0] ?? null;
  return { subscriptionId: subscription.id, status: subscription.status, priceId, cancelAtPeriodEnd: subscription.cancel_at_period_end === true, currentPeriodEnd: periodEnd, at };
}

/** Reads the fields the hub uses from a verified event; `ok: false` names the first one missing. */
export function parseStripeEvent(raw: unknown, config: Pick<StripeBillingConfig, 'prices'>): ParsedEvent {
  if (!isObj(raw) || typeof raw.id !== 'string' || typeof raw.type !== 'string' || typeof raw.created !== 'number') return { ok: false, reason: 'the event has no id, type or created' };
  const { id, type } = raw;
  const at = raw.created * 1000;
  const object = isObj(raw.data) && isObj(raw.data.object) ? raw.data.object : null;
  if (!object) return { ok: false, reason: 'data.object is missing' };
  const done = (event: BillingEvent): ParsedEvent => ({ ok: true, id, type, at, event });
  switch (type) {
    case 'checkout.session.completed': {
      const customerId = idOf(object.customer);
      if (object.mode !== 'subscription' || !customerId) return done({ kind: 'ignored', type });
      const userId = typeof object.client_reference_id === 'string' ? object.client_reference_id : metadataUser(object);
      return done({ kind: 'checkout_completed', customerId, userId, subscriptionId: idOf(object.subscription) });
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const customerId = idOf(object.customer);
      if (!customerId) return { ok: false, reason: 'data.object.customer is missing' };
      const state = subscriptionState(object, at, config);
      if (typeof state === 'string') return { ok: false, reason: state };
      // A deleted subscription is over whatever status the object still carries.
      const deleted = type === 'customer.subscription.deleted';
      return done({ kind: 'subscription', customerId, userId: metadataUser(object), state: deleted ? { ...state, status: 'canceled' } : state, deleted });
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const customerId = idOf(object.customer);
      if (!customerId) return { ok: false, reason: 'data.object.customer is missing' };
      return done({ kind: 'invoice', customerId, outcome: type === 'invoice.paid' ? 'paid' : 'payment_failed', at });
    }
    default:
      return done({ kind: 'ignored', type });
  }
}

const DROPS_PLAN = new Set(['canceled', 'unpaid', 'incomplete_expired', 'paused']);

/**
 * The plan a subscription state puts its user on: the price's plan while it
 * is active or trialing, the default plan once it has ended, `keep` while
 * Stripe retries a payment (past_due) or the price sells no plan here.
 */
export function planForSubscription(state: Pick<SubscriptionState, 'status' | 'priceId'>, config: Pick<StripeBillingConfig, 'prices'>, plans: { get(id: string): Pick<Plan, 'id'> | undefined; defaultPlan: Pick<Plan, 'id'> }): string | 'keep' {
  if (state.status === 'active' || state.status === 'trialing') {
    const plan = planForPrice(config, state.priceId);
    return plan !== null && plans.get(plan) !== undefined ? plan : 'keep';
  }
  return DROPS_PLAN.has(state.status) ? plans.defaultPlan.id : 'keep';
}
