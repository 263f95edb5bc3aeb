/**
 * What the `@convex-dev/stripe` webhook route (convex/http.ts) does for the
 * hub after the component has synced its own tables: one internal mutation
 * over model/stripe-events.ts. Internal: only this deployment's own HTTP
 * action calls it, after the component verified the signature.
 */
import { v } from 'convex/values';
import { internalMutation, internalQuery } from './_generated/server';
import * as Billing from './model/billing.ts';
import * as Usage from './model/usage.ts';
import * as Users from './model/users.ts';
import * as StripeEvents from './model/stripe-events.ts';
import { vBillingAccount, vMeter, vSubscriptionState, vUser } from './validators.ts';

const vBillingEvent = v.union(
  v.object({ kind: v.literal('checkout_completed'), customerId: v.string(), userId: v.union(v.string(), v.null()), subscriptionId: v.union(v.string(), v.null()) }),
  v.object({ kind: v.literal('subscription'), customerId: v.string(), userId: v.union(v.string(), v.null()), state: v.object(vSubscriptionState), deleted: v.boolean() }),
  v.object({ kind: v.literal('invoice'), customerId: v.string(), outcome: v.union(v.literal('paid'), v.literal('payment_failed')), at: v.number() }),
);

export const applyEvent = internalMutation({
  args: { eventId: v.string(), type: v.string(), at: v.number(), event: vBillingEvent, prices: v.record(v.string(), v.string()), now: v.number() },
  returns: v.union(v.literal('processed'), v.literal('duplicate'), v.literal('stale'), v.literal('unknown_customer')),
  handler: (ctx, args) => StripeEvents.applyStripeEvent(ctx, args),
});

// What the overage report (convex/stripeReport.ts, an action) reads and writes, as internal functions of this deployment.
export const subscribedAccounts = internalQuery({ args: {}, returns: v.array(vBillingAccount), handler: (ctx) => Billing.listSubscribedAccounts(ctx) });
export const user = internalQuery({ args: { id: v.string() }, returns: v.union(vUser, v.null()), handler: (ctx, { id }) => Users.getUser(ctx, id) });
export const meters = internalQuery({ args: { userId: v.string() }, returns: v.array(vMeter), handler: (ctx, { userId }) => Usage.listMeters(ctx, userId) });
export const meterReported = internalMutation({
  args: { userId: v.string(), identifier: v.string(), now: v.number() },
  returns: v.null(),
  handler: (ctx, args) => Billing.setMeterReported(ctx, args),
});
