/**
 * What a verified Stripe event does on Convex, in one transaction: the same
 * steps as the hub's lib/services/stripe-events.ts (claim the event id, link
 * the customer, apply the subscription state unless a newer one is stored,
 * set the plan, record invoice outcomes), over the same pure decisions
 * (lib/billing/stripe/events.ts) and the billing model. One mutation, so a
 * redelivery racing the first delivery conflicts, Convex retries it, and the
 * retry finds the claim.
 */
import type { MutationCtx } from '../_generated/server';
import { DEFAULT_PLAN_ID } from '../../lib/billing/plans.ts';
import { planForSubscription, type BillingEvent } from '../../lib/billing/stripe/events.ts';
import * as Billing from './billing.ts';
import { setUserPlan } from './plans.ts';
import { userById } from './users.ts';

export type ConvexStripeOutcome = 'processed' | 'duplicate' | 'stale' | 'unknown_customer';

/** The plans a price can sell here, and the default: all planForSubscription needs (the hub's full table is the hub's). */
function planLookup(prices: Record<string, string>) {
  const ids = new Set([...Object.keys(prices), DEFAULT_PLAN_ID]);
  return { get: (id: string) => (ids.has(id) ? { id } : undefined), defaultPlan: { id: DEFAULT_PLAN_ID } };
}

async function linked(ctx: MutationCtx, customerId: string, userId: string | null, now: number): Promise<boolean> {
  if (await Billing.getBillingAccountByCustomer(ctx, customerId)) return true;
  if (!userId || !(await userById(ctx, userId))) return false;
  if (await Billing.getBillingAccount(ctx, userId)) return false; // linked to another customer: not this event's to change
  await Billing.linkStripeCustomer(ctx, { userId, customerId, actor: 'stripe', now });
  return true;
}

export async function applyStripeEvent(
  ctx: MutationCtx,
  input: { eventId: string; type: string; at: number; event: Exclude<BillingEvent, { kind: 'ignored' }>; prices: Record<string, string>; now: number },
): Promise<ConvexStripeOutcome> {
  if (!(await Billing.claimStripeEvent(ctx, { eventId: input.eventId, type: input.type, at: input.at, now: input.now }))) return 'duplicate';
  const { event, now } = input;
  if (event.kind === 'invoice') return (await Billing.recordInvoiceOutcome(ctx, { customerId: event.customerId, outcome: event.outcome, at: event.at, now })) ? 'processed' : 'unknown_customer';
  if (!(await linked(ctx, event.customerId, event.userId, now))) return 'unknown_customer';
  if (event.kind === 'checkout_completed') return 'processed';
  const applied = await Billing.applySubscriptionState(ctx, { customerId: event.customerId, ...event.state, now });
  if (!applied) return 'unknown_customer';
  if (!applied.applied) return 'stale';
  const plan = planForSubscription(event.state, { prices: input.prices }, planLookup(input.prices));
  const user = await userById(ctx, applied.account.userId);
  if (plan !== 'keep' && user && (user.plan ?? DEFAULT_PLAN_ID) !== plan) await setUserPlan(ctx, { userId: applied.account.userId, plan, actor: 'stripe', now });
  return 'processed';
}
