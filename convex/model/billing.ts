/**
 * The billing half of the Store on Convex (lib/store/billing.ts). Every
 * decision reads what it decides on through an index in the same mutation
 * that writes, so two replicas (or the webhook route and a replica) racing on
 * one event or one customer conflict, Convex retries one, and the retry sees
 * the other's write: an event is processed once, and an older subscription
 * state never overwrites a newer one.
 */
import type { MutationCtx, QueryCtx } from '../_generated/server';
import type { Doc } from '../_generated/dataModel';
import { isLiveSubscriptionStatus, LIVE_SUBSCRIPTION_STATUSES, STRIPE_EVENT_RETENTION_MS, stripeTextProblem, type SubscriptionState } from '../../lib/store/billing.ts';
import { newId } from '../../lib/store/ids.ts';
import { refuse } from './records.ts';
import { userById } from './users.ts';

/** Old event ids deleted per claim: keeps the table at about the retention window with no job. */
const PRUNE_PER_CLAIM = 20;

export const toBillingAccount = ({ _id, _creationTime, ...account }: Doc<'billingAccounts'>) => account;

const byCustomer = (ctx: QueryCtx, customerId: string) => ctx.db.query('billingAccounts').withIndex('by_customer', (q) => q.eq('customerId', customerId)).unique();
const byUser = (ctx: QueryCtx, userId: string) => ctx.db.query('billingAccounts').withIndex('by_user', (q) => q.eq('userId', userId)).unique();

const audit = (ctx: MutationCtx, entry: { userId: string; actor: string; action: string; target: string; now: number }) =>
  ctx.db.insert('audit', { id: newId('aud'), userId: entry.userId, actor: entry.actor, action: entry.action, target: entry.target, at: entry.now });

function check(problem: string | null): void {
  if (problem) refuse('INVALID_INPUT', problem);
}

export async function claimStripeEvent(ctx: MutationCtx, input: { eventId: string; type: string; at: number; now: number }): Promise<boolean> {
  check(stripeTextProblem({ eventId: input.eventId, type: input.type }));
  const old = await ctx.db.query('stripeEvents').withIndex('by_at', (q) => q.lt('at', input.now - STRIPE_EVENT_RETENTION_MS)).take(PRUNE_PER_CLAIM);
  for (const doc of old) await ctx.db.delete(doc._id);
  if (await ctx.db.query('stripeEvents').withIndex('by_event_id', (q) => q.eq('eventId', input.eventId)).unique()) return false;
  await ctx.db.insert('stripeEvents', { eventId: input.eventId, type: input.type, at: input.at });
  return true;
}

export async function releaseStripeEvent(ctx: MutationCtx, eventId: string): Promise<null> {
  const doc = await ctx.db.query('stripeEvents').withIndex('by_event_id', (q) => q.eq('eventId', eventId)).unique();
  if (doc) await ctx.db.delete(doc._id);
  return null;
}

export async function linkStripeCustomer(ctx: MutationCtx, input: { userId: string; customerId: string; actor?: string; now: number }) {
  check(stripeTextProblem({ customerId: input.customerId }));
  if (!(await userById(ctx, input.userId))) refuse('USER_NOT_FOUND', `no user with id ${input.userId}`);
  const mine = await byUser(ctx, input.userId);
  if (mine) {
    if (mine.customerId === input.customerId) return toBillingAccount(mine);
    refuse('INVALID_INPUT', `user ${input.userId} is already linked to Stripe customer ${mine.customerId}`);
  }
  if (await byCustomer(ctx, input.customerId)) refuse('INVALID_INPUT', `Stripe customer ${input.customerId} is already linked to another user`);
  const account = {
    userId: input.userId, customerId: input.customerId, subscriptionId: null, status: null, priceId: null, cancelAtPeriodEnd: false, currentPeriodEnd: null,
    stateAt: null, paymentFailedAt: null, lastInvoicePaidAt: null, lastMeterReport: null, createdAt: input.now, updatedAt: input.now,
  };
  await ctx.db.insert('billingAccounts', account);
  await audit(ctx, { userId: input.userId, actor: input.actor ?? 'system', action: 'billing.customer', target: input.customerId, now: input.now });
  return account;
}

export async function getBillingAccount(ctx: QueryCtx, userId: string) {
  const doc = await byUser(ctx, userId);
  return doc ? toBillingAccount(doc) : null;
}

export async function getBillingAccountByCustomer(ctx: QueryCtx, customerId: string) {
  const doc = await byCustomer(ctx, customerId);
  return doc ? toBillingAccount(doc) : null;
}

export async function applySubscriptionState(ctx: MutationCtx, input: { customerId: string; now: number } & SubscriptionState) {
  check(stripeTextProblem({ customerId: input.customerId, subscriptionId: input.subscriptionId, status: input.status, priceId: input.priceId }));
  const doc = await byCustomer(ctx, input.customerId);
  if (!doc) return null;
  const newer = doc.stateAt !== null && doc.stateAt > input.at;
  const endsAnother = doc.subscriptionId !== null && doc.subscriptionId !== input.subscriptionId && isLiveSubscriptionStatus(doc.status) && !isLiveSubscriptionStatus(input.status);
  if (newer || endsAnother) return { applied: false, account: toBillingAccount(doc) };
  const state = { subscriptionId: input.subscriptionId, status: input.status, priceId: input.priceId, cancelAtPeriodEnd: input.cancelAtPeriodEnd, currentPeriodEnd: input.currentPeriodEnd, stateAt: input.at, updatedAt: input.now };
  await ctx.db.patch(doc._id, state);
  await audit(ctx, { userId: doc.userId, actor: 'stripe', action: 'billing.subscription', target: `${input.subscriptionId} ${input.status}`, now: input.now });
  return { applied: true, account: { ...toBillingAccount(doc), ...state } };
}

export async function recordInvoiceOutcome(ctx: MutationCtx, input: { customerId: string; outcome: 'paid' | 'payment_failed'; at: number; now: number }) {
  check(stripeTextProblem({ customerId: input.customerId }));
  const doc = await byCustomer(ctx, input.customerId);
  if (!doc) return null;
  // Ordered by Stripe's times: a payment older than the failure does not clear it, a failure older than the last payment does not set it.
  const patch = input.outcome === 'paid'
    ? { paymentFailedAt: doc.paymentFailedAt !== null && doc.paymentFailedAt > input.at ? doc.paymentFailedAt : null, lastInvoicePaidAt: Math.max(doc.lastInvoicePaidAt ?? 0, input.at), updatedAt: input.now }
    : { paymentFailedAt: (doc.lastInvoicePaidAt ?? 0) > input.at ? doc.paymentFailedAt : (doc.paymentFailedAt ?? input.at), updatedAt: input.now };
  await ctx.db.patch(doc._id, patch);
  await audit(ctx, { userId: doc.userId, actor: 'stripe', action: `billing.invoice.${input.outcome}`, target: input.customerId, now: input.now });
  return { ...toBillingAccount(doc), ...patch };
}

export async function listSubscribedAccounts(ctx: QueryCtx) {
  const lists = await Promise.all(LIVE_SUBSCRIPTION_STATUSES.map((status) => ctx.db.query('billingAccounts').withIndex('by_status', (q) => q.eq('status', status)).collect()));
  return lists.flat().map(toBillingAccount).sort((a, b) => a.createdAt - b.createdAt || a.userId.localeCompare(b.userId));
}

export async function setMeterReported(ctx: MutationCtx, input: { userId: string; identifier: string; now: number }): Promise<null> {
  const doc = await byUser(ctx, input.userId);
  if (doc) await ctx.db.patch(doc._id, { lastMeterReport: input.identifier, updatedAt: input.now });
  return null;
}
