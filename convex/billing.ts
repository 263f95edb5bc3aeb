/** Stripe billing records (lib/store/billing.ts): thin wrappers over model/billing.ts, callable only with the hub secret. */
import { v } from 'convex/values';
import { hubMutation, hubQuery } from './hub.ts';
import * as Billing from './model/billing.ts';
import { vBillingAccount, vSubscriptionState } from './validators.ts';

const vAccountOrNull = v.union(vBillingAccount, v.null());

/** True the first time an event id is claimed (lib/store/billing.ts `claimStripeEvent`). */
export const claimEvent = hubMutation({
  args: { eventId: v.string(), type: v.string(), at: v.number(), now: v.number() },
  returns: v.boolean(),
  handler: (ctx, args) => Billing.claimStripeEvent(ctx, args),
});
export const releaseEvent = hubMutation({ args: { eventId: v.string() }, returns: v.null(), handler: (ctx, args) => Billing.releaseStripeEvent(ctx, args.eventId) });
export const linkCustomer = hubMutation({
  args: { userId: v.string(), customerId: v.string(), actor: v.optional(v.string()), now: v.number() },
  returns: vBillingAccount,
  handler: (ctx, args) => Billing.linkStripeCustomer(ctx, args),
});
export const account = hubQuery({ args: { userId: v.string() }, returns: vAccountOrNull, handler: (ctx, args) => Billing.getBillingAccount(ctx, args.userId) });
export const accountByCustomer = hubQuery({ args: { customerId: v.string() }, returns: vAccountOrNull, handler: (ctx, args) => Billing.getBillingAccountByCustomer(ctx, args.customerId) });
/** Stores a subscription's state unless a newer one is stored (lib/store/billing.ts `applySubscriptionState`). */
export const applySubscription = hubMutation({
  args: { customerId: v.string(), ...vSubscriptionState, now: v.number() },
  returns: v.union(v.object({ applied: v.boolean(), account: vBillingAccount }), v.null()),
  handler: (ctx, args) => Billing.applySubscriptionState(ctx, args),
});
export const recordInvoice = hubMutation({
  args: { customerId: v.string(), outcome: v.union(v.literal('paid'), v.literal('payment_failed')), at: v.number(), now: v.number() },
  returns: vAccountOrNull,
  handler: (ctx, args) => Billing.recordInvoiceOutcome(ctx, args),
});
export const subscribed = hubQuery({ args: {}, returns: v.array(vBillingAccount), handler: (ctx) => Billing.listSubscribedAccounts(ctx) });
export const setMeterReported = hubMutation({
  args: { userId: v.string(), identifier: v.string(), now: v.number() },
  returns: v.null(),
  handler: (ctx, args) => Billing.setMeterReported(ctx, args),
});
