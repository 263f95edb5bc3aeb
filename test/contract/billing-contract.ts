/**
 * The billing part of the Store contract (lib/store/billing.ts), run by
 * `runStoreContract` on every adapter: a webhook event id is claimed once
 * (also by 20 concurrent claimers) and may be claimed again once released; a
 * customer links to one user only; a subscription state older than the one
 * stored changes nothing, and an old subscription's end does not end a newer
 * live one; invoice outcomes set and clear the payment failure; the
 * subscribed accounts are listed; the account goes with its user.
 */
import { describe, expect, it } from 'vitest';
import type { SubscriptionState } from '../../lib/store/billing.ts';
import type { WithStore } from './accounts-contract.ts';

const T = Date.UTC(2026, 11, 1, 12);
const state = (overrides: Partial<SubscriptionState> = {}): SubscriptionState => ({
  subscriptionId: 'sub_1', status: 'active', priceId: 'price_pro', cancelAtPeriodEnd: false, currentPeriodEnd: T + 30 * 86_400_000, at: T, ...overrides,
});

export function describeBilling(withStore: WithStore): void {
  describe('billing: webhook events', () => {
    it('claims an event id once, also among 20 concurrent claimers, and again only after it is released', withStore(async ({ store, setNow }) => {
      setNow(T);
      expect(await store.claimStripeEvent({ eventId: 'evt_1', type: 'invoice.paid', at: T })).toBe(true);
      expect(await store.claimStripeEvent({ eventId: 'evt_1', type: 'invoice.paid', at: T })).toBe(false);
      const claims = await Promise.all(Array.from({ length: 20 }, () => store.claimStripeEvent({ eventId: 'evt_2', type: 'invoice.paid', at: T })));
      expect(claims.filter(Boolean)).toHaveLength(1);
      await store.releaseStripeEvent('evt_1');
      expect(await store.claimStripeEvent({ eventId: 'evt_1', type: 'invoice.paid', at: T })).toBe(true);
    }));

    it('refuses an event id that is not a Stripe id, naming the field', withStore(async ({ store }) => {
      await expect(store.claimStripeEvent({ eventId: 'evt 1; drop', type: 'invoice.paid', at: T })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('eventId') });
      await expect(store.claimStripeEvent({ eventId: 'x'.repeat(300), type: 'invoice.paid', at: T })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }));
  });

  describe('billing: accounts', () => {
    it('links a customer to one user, idempotently, and refuses a second link either way', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const linked = await store.linkStripeCustomer({ userId: ada.id, customerId: 'cus_ada' });
      expect(linked).toMatchObject({ userId: ada.id, customerId: 'cus_ada', subscriptionId: null, status: null, stateAt: null, paymentFailedAt: null, lastMeterReport: null, createdAt: T });
      expect(await store.linkStripeCustomer({ userId: ada.id, customerId: 'cus_ada' })).toEqual(linked);
      await expect(store.linkStripeCustomer({ userId: bob.id, customerId: 'cus_ada' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(store.linkStripeCustomer({ userId: ada.id, customerId: 'cus_other' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(store.linkStripeCustomer({ userId: 'usr_missing', customerId: 'cus_x' })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
      expect(await store.getBillingAccount(ada.id)).toEqual(linked);
      expect(await store.getBillingAccountByCustomer('cus_ada')).toEqual(linked);
      expect(await store.getBillingAccount(bob.id)).toBeNull();
      expect(await store.getBillingAccountByCustomer('cus_none')).toBeNull();
    }));

    it('applies a subscription state only when it is not older than the stored one', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      await store.linkStripeCustomer({ userId: ada.id, customerId: 'cus_ada' });
      expect(await store.applySubscriptionState({ customerId: 'cus_none', ...state() })).toBeNull();
      const first = await store.applySubscriptionState({ customerId: 'cus_ada', ...state({ at: T + 2_000 }) });
      expect(first).toMatchObject({ applied: true, account: { subscriptionId: 'sub_1', status: 'active', priceId: 'price_pro', stateAt: T + 2_000 } });
      // An older event, delivered late: nothing changes.
      const late = await store.applySubscriptionState({ customerId: 'cus_ada', ...state({ status: 'canceled', at: T + 1_000 }) });
      expect(late).toMatchObject({ applied: false, account: { status: 'active', stateAt: T + 2_000 } });
      const newer = await store.applySubscriptionState({ customerId: 'cus_ada', ...state({ status: 'past_due', cancelAtPeriodEnd: true, at: T + 3_000 }) });
      expect(newer).toMatchObject({ applied: true, account: { status: 'past_due', cancelAtPeriodEnd: true, stateAt: T + 3_000 } });
      expect(await store.getBillingAccount(ada.id)).toMatchObject({ status: 'past_due', stateAt: T + 3_000 });
    }));

    it('does not let an old subscription ending end a newer live one, but lets a new live one replace an ended one', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      await store.linkStripeCustomer({ userId: ada.id, customerId: 'cus_ada' });
      await store.applySubscriptionState({ customerId: 'cus_ada', ...state({ subscriptionId: 'sub_new', at: T + 1_000 }) });
      const oldEnds = await store.applySubscriptionState({ customerId: 'cus_ada', ...state({ subscriptionId: 'sub_old', status: 'canceled', at: T + 2_000 }) });
      expect(oldEnds).toMatchObject({ applied: false, account: { subscriptionId: 'sub_new', status: 'active' } });
      await store.applySubscriptionState({ customerId: 'cus_ada', ...state({ subscriptionId: 'sub_new', status: 'canceled', at: T + 3_000 }) });
      const again = await store.applySubscriptionState({ customerId: 'cus_ada', ...state({ subscriptionId: 'sub_third', status: 'active', priceId: 'price_team', at: T + 4_000 }) });
      expect(again).toMatchObject({ applied: true, account: { subscriptionId: 'sub_third', status: 'active', priceId: 'price_team' } });
    }));

    it('records a failed payment until a later invoice is paid (late events in either order change nothing), and lists only accounts with a live subscription', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const cy = await store.createUser({ email: 'cy@example.com' });
      await store.linkStripeCustomer({ userId: ada.id, customerId: 'cus_ada' });
      await store.linkStripeCustomer({ userId: bob.id, customerId: 'cus_bob' });
      await store.linkStripeCustomer({ userId: cy.id, customerId: 'cus_cy' });
      expect(await store.recordInvoiceOutcome({ customerId: 'cus_none', outcome: 'paid', at: T })).toBeNull();
      expect(await store.recordInvoiceOutcome({ customerId: 'cus_ada', outcome: 'payment_failed', at: T + 1 })).toMatchObject({ paymentFailedAt: T + 1 });
      expect(await store.recordInvoiceOutcome({ customerId: 'cus_ada', outcome: 'payment_failed', at: T + 2 })).toMatchObject({ paymentFailedAt: T + 1 });
      expect(await store.recordInvoiceOutcome({ customerId: 'cus_ada', outcome: 'paid', at: T })).toMatchObject({ paymentFailedAt: T + 1, lastInvoicePaidAt: T });
      expect(await store.recordInvoiceOutcome({ customerId: 'cus_ada', outcome: 'paid', at: T + 3 })).toMatchObject({ paymentFailedAt: null, lastInvoicePaidAt: T + 3 });
      // A failure older than the last payment, delivered late, is over already.
      expect(await store.recordInvoiceOutcome({ customerId: 'cus_ada', outcome: 'payment_failed', at: T + 2 })).toMatchObject({ paymentFailedAt: null, lastInvoicePaidAt: T + 3 });
      await store.applySubscriptionState({ customerId: 'cus_ada', ...state({ subscriptionId: 'sub_a' }) });
      await store.applySubscriptionState({ customerId: 'cus_bob', ...state({ subscriptionId: 'sub_b', status: 'canceled' }) });
      await store.applySubscriptionState({ customerId: 'cus_cy', ...state({ subscriptionId: 'sub_c', status: 'past_due' }) });
      expect((await store.listSubscribedAccounts()).map((a) => a.userId).sort()).toEqual([ada.id, cy.id].sort());
      await store.setMeterReported({ userId: ada.id, identifier: 'mcphub:ada:2026-12:12' });
      expect(await store.getBillingAccount(ada.id)).toMatchObject({ lastMeterReport: 'mcphub:ada:2026-12:12' });
    }));

    it('deletes the account with its user', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      await store.linkStripeCustomer({ userId: ada.id, customerId: 'cus_ada' });
      expect(await store.deleteUser({ userId: ada.id })).toBe(true);
      expect(await store.getBillingAccountByCustomer('cus_ada')).toBeNull();
    }));
  });
}
