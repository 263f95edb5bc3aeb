/**
 * Stripe webhooks as a use case: what a verified event does to the hub.
 * Exactly once per event id (the store's processed-events record: a
 * redelivery answers `duplicate`), and ordering-safe: a subscription event
 * applies the subscription as Stripe holds it now (read back), and the store
 * applies a state only if it is not older than the one it holds (a late
 * event answers `stale`), so neither changes a plan twice. Plans change only
 * through `setPlan` (lib/services/plans.ts), so running MCP sessions see the
 * new plan within a second. An event whose processing fails is released, and
 * its error answered with a 500, so Stripe's retry processes it.
 *
 * Decisions: `invoice.payment_failed` records the failure (the Billing page
 * says the payment failed) but keeps the plan — Stripe retries the card for
 * days and then ends the subscription (`updated` to unpaid/canceled, or
 * `deleted`), which drops the user to the default plan.
 */
import { MalformedStripeEvent, parseStripeEvent, planForSubscription, subscriptionState, type BillingEvent } from '../billing/stripe/events.ts';
import type { Logger } from '../log.ts';
import type { SubscriptionState } from '../store/billing.ts';
import type { ServiceDeps } from './deps.ts';
import { setPlan } from './plans.ts';

export type StripeEventOutcome = 'processed' | 'duplicate' | 'stale' | 'ignored' | 'unknown_customer';

export interface StripeEventResult {
  outcome: StripeEventOutcome;
  /** The plan the event put its user on, when it changed one. */
  plan?: string;
}

type EventDeps = Pick<ServiceDeps, 'store' | 'plans' | 'stripe'> & { logger: Logger };

/** Applies one verified Stripe event (see the module header for what each kind does). */
export async function applyStripeEvent(deps: EventDeps, raw: unknown): Promise<StripeEventResult> {
  const stripe = deps.stripe;
  if (!stripe) throw new Error('applyStripeEvent without Stripe billing configured');
  const parsed = parseStripeEvent(raw, stripe.config);
  if (!parsed.ok) throw new MalformedStripeEvent(parsed.reason);
  if (parsed.event.kind === 'ignored') return { outcome: 'ignored' };
  if (!(await deps.store.claimStripeEvent({ eventId: parsed.id, type: parsed.type, at: parsed.at }))) return { outcome: 'duplicate' };
  try {
    return await apply(deps, parsed.event, parsed.at);
  } catch (error) {
    await deps.store.releaseStripeEvent(parsed.id).catch((release: unknown) => deps.logger.warn('could not release a failed Stripe event; Stripe\'s retry will be taken for a duplicate', { eventId: parsed.id, error: String(release) }));
    throw error;
  }
}

async function apply(deps: EventDeps, event: Exclude<BillingEvent, { kind: 'ignored' }>, at: number): Promise<StripeEventResult> {
  const stripe = deps.stripe!;
  const actor = 'stripe';
  switch (event.kind) {
    case 'checkout_completed': {
      if (!(await linkCustomer(deps, event.customerId, event.userId))) return { outcome: 'unknown_customer' };
      if (!event.subscriptionId) return { outcome: 'processed' };
      // The subscription as Stripe has it now: its own `created` event may not have come yet, or may have come first.
      return applySubscription(deps, event.customerId, await currentState(stripe, event.subscriptionId, at), actor);
    }
    case 'subscription': {
      if (!(await linkCustomer(deps, event.customerId, event.userId))) return { outcome: 'unknown_customer' };
      // Also as Stripe has it now, not as the event told it: the events of one change often share a second of `created`
      // (the ordering check cannot tell them apart) and arrive in any order, so the older one could win.
      return applySubscription(deps, event.customerId, await currentState(stripe, event.state.subscriptionId, at), actor);
    }
    case 'invoice': {
      const account = await deps.store.recordInvoiceOutcome({ customerId: event.customerId, outcome: event.outcome, at: event.at });
      if (!account) return { outcome: 'unknown_customer' };
      if (event.outcome === 'payment_failed') deps.logger.info('a Stripe invoice payment failed; the plan stays while Stripe retries', { userId: account.userId });
      return { outcome: 'processed' };
    }
  }
}

/** A subscription's state as Stripe holds it now, dated by the event that made the hub ask. */
async function currentState(stripe: NonNullable<EventDeps['stripe']>, subscriptionId: string, at: number): Promise<SubscriptionState> {
  const subscription = await stripe.client.subscriptions.retrieve(subscriptionId);
  const state = subscriptionState(subscription as unknown as Record<string, unknown>, at, stripe.config);
  if (typeof state === 'string') throw new MalformedStripeEvent(state);
  return state;
}

/**
 * The customer's account, linking it to the user the event names when it is
 * not linked yet (a customer made by a checkout the hub did not start with
 * one). False when no user can be found: the event is recorded as processed
 * and logged, since no retry would find one either.
 */
async function linkCustomer(deps: EventDeps, customerId: string, userId: string | null): Promise<boolean> {
  if (await deps.store.getBillingAccountByCustomer(customerId)) return true;
  if (userId && (await deps.store.getUser(userId))) {
    try {
      await deps.store.linkStripeCustomer({ userId, customerId, actor: 'stripe' });
      return true;
    } catch (error) {
      deps.logger.warn('a Stripe customer could not be linked to the user its event names', { customerId, userId, error: String(error) });
      return false;
    }
  }
  deps.logger.warn('a Stripe event for a customer no hub user is linked to was skipped', { customerId });
  return false;
}

async function applySubscription(deps: EventDeps, customerId: string, state: SubscriptionState, actor: string): Promise<StripeEventResult> {
  const applied = await deps.store.applySubscriptionState({ customerId, ...state });
  if (!applied) return { outcome: 'unknown_customer' };
  if (!applied.applied) return { outcome: 'stale' };
  const plan = planForSubscription(state, deps.stripe!.config, deps.plans);
  if (plan === 'keep') return { outcome: 'processed' };
  const user = await deps.store.getUser(applied.account.userId);
  if (!user || user.plan === plan) return { outcome: 'processed' };
  await setPlan({ ...deps, actor }, { userId: user.id, plan });
  return { outcome: 'processed', plan };
}
