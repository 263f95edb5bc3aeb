/**
 * The billing half of the Convex Store (lib/store/billing.ts): each method
 * one call of a function in convex/billing.ts through the adapter's own calls
 * (hub secret added, refusals turned into StoreErrors). Times of writes come
 * from the hub's clock.
 */
import { api } from '../../../convex/_generated/api';
import type { BillingStore } from '../billing.ts';
import type { ConvexCalls } from './accounts.ts';

export function convexBilling({ query, mutation, now }: ConvexCalls): BillingStore {
  return {
    claimStripeEvent: (input) => mutation(api.billing.claimEvent, { ...input, now: now() }),
    releaseStripeEvent: async (eventId) => {
      await mutation(api.billing.releaseEvent, { eventId });
    },
    linkStripeCustomer: (input) => mutation(api.billing.linkCustomer, { userId: input.userId, customerId: input.customerId, ...(input.actor !== undefined && { actor: input.actor }), now: now() }),
    getBillingAccount: (userId) => query(api.billing.account, { userId }),
    getBillingAccountByCustomer: (customerId) => query(api.billing.accountByCustomer, { customerId }),
    applySubscriptionState: (input) => mutation(api.billing.applySubscription, { ...input, now: now() }),
    recordInvoiceOutcome: (input) => mutation(api.billing.recordInvoice, { ...input, now: now() }),
    listSubscribedAccounts: () => query(api.billing.subscribed, {}),
    setMeterReported: async (input) => {
      await mutation(api.billing.setMeterReported, { ...input, now: now() });
    },
  };
}
