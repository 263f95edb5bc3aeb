/**
 * The billing half of the embedded Store (lib/store/billing.ts) in SQLite.
 * Each decision is one statement under the write lock (an upsert whose WHERE
 * holds the ordering rule, an INSERT OR IGNORE for an event id), so two
 * deliveries racing in two processes on the same file cannot both win.
 */
import type { Database } from 'bun:sqlite';
import { isLiveSubscriptionStatus, STRIPE_EVENT_RETENTION_MS, stripeTextProblem, type BillingAccount, type BillingStore } from '../billing.ts';
import { StoreError, type UserChange } from '../port.ts';

interface AccountRow {
  user_id: string; customer_id: string; subscription_id: string | null; status: string | null; price_id: string | null; cancel_at_period_end: number;
  current_period_end: number | null; state_at: number | null; payment_failed_at: number | null; last_invoice_paid_at: number | null; last_meter_report: string | null;
  created_at: number; updated_at: number;
}

const toAccount = (r: AccountRow): BillingAccount => ({
  userId: r.user_id, customerId: r.customer_id, subscriptionId: r.subscription_id, status: r.status, priceId: r.price_id, cancelAtPeriodEnd: r.cancel_at_period_end === 1,
  currentPeriodEnd: r.current_period_end, stateAt: r.state_at, paymentFailedAt: r.payment_failed_at, lastInvoicePaidAt: r.last_invoice_paid_at, lastMeterReport: r.last_meter_report,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export interface EmbeddedBillingContext {
  db: Database;
  now: () => number;
  mutate: <T>(change: UserChange | null, audit: { userId: string; actor: string; action: string; target: string } | null, work: () => T) => T;
}

export function embeddedBilling({ db, now, mutate }: EmbeddedBillingContext): BillingStore {
  const refuse = (problem: string | null) => {
    if (problem) throw new StoreError('INVALID_INPUT', problem);
  };
  const byUser = (userId: string) => db.query<AccountRow, [string]>('SELECT * FROM billing_accounts WHERE user_id = ?').get(userId);
  const byCustomer = (customerId: string) => db.query<AccountRow, [string]>('SELECT * FROM billing_accounts WHERE customer_id = ?').get(customerId);

  return {
    async claimStripeEvent({ eventId, type, at }) {
      refuse(stripeTextProblem({ eventId, type }));
      return db.transaction(() => {
        db.query('DELETE FROM stripe_events WHERE at < ?').run(now() - STRIPE_EVENT_RETENTION_MS);
        return db.query('INSERT OR IGNORE INTO stripe_events (event_id, type, at) VALUES (?, ?, ?)').run(eventId, type, at).changes === 1;
      }).immediate();
    },

    async releaseStripeEvent(eventId) {
      db.query('DELETE FROM stripe_events WHERE event_id = ?').run(eventId);
    },

    async linkStripeCustomer({ userId, customerId, actor }) {
      refuse(stripeTextProblem({ customerId }));
      return mutate(null, { userId, actor: actor ?? 'system', action: 'billing.customer', target: customerId }, () => {
        if (!db.query('SELECT 1 FROM users WHERE id = ?').get(userId)) throw new StoreError('USER_NOT_FOUND', `no user with id ${userId}`);
        const mine = byUser(userId);
        if (mine) {
          if (mine.customer_id === customerId) return toAccount(mine);
          throw new StoreError('INVALID_INPUT', `user ${userId} is already linked to Stripe customer ${mine.customer_id}`);
        }
        if (byCustomer(customerId)) throw new StoreError('INVALID_INPUT', `Stripe customer ${customerId} is already linked to another user`);
        const at = now();
        db.query('INSERT INTO billing_accounts (user_id, customer_id, created_at, updated_at) VALUES (?, ?, ?, ?)').run(userId, customerId, at, at);
        return toAccount(byUser(userId)!);
      });
    },

    async getBillingAccount(userId) {
      const row = byUser(userId);
      return row ? toAccount(row) : null;
    },

    async getBillingAccountByCustomer(customerId) {
      const row = byCustomer(customerId);
      return row ? toAccount(row) : null;
    },

    async applySubscriptionState(input) {
      refuse(stripeTextProblem({ customerId: input.customerId, subscriptionId: input.subscriptionId, status: input.status, priceId: input.priceId }));
      const current = byCustomer(input.customerId);
      if (!current) return null;
      return mutate(null, { userId: current.user_id, actor: 'stripe', action: 'billing.subscription', target: `${input.subscriptionId} ${input.status}` }, () => {
        // Read again under the write lock: the decision and the write are one.
        const row = byCustomer(input.customerId)!;
        const newer = row.state_at !== null && row.state_at > input.at;
        const endsAnother = row.subscription_id !== null && row.subscription_id !== input.subscriptionId && isLiveSubscriptionStatus(row.status) && !isLiveSubscriptionStatus(input.status);
        if (newer || endsAnother) return { applied: false, account: toAccount(row) };
        db.query(
          `UPDATE billing_accounts SET subscription_id = ?, status = ?, price_id = ?, cancel_at_period_end = ?, current_period_end = ?, state_at = ?, updated_at = ? WHERE customer_id = ?`,
        ).run(input.subscriptionId, input.status, input.priceId, input.cancelAtPeriodEnd ? 1 : 0, input.currentPeriodEnd, input.at, now(), input.customerId);
        return { applied: true, account: toAccount(byCustomer(input.customerId)!) };
      });
    },

    async recordInvoiceOutcome({ customerId, outcome, at }) {
      refuse(stripeTextProblem({ customerId }));
      const row = byCustomer(customerId);
      if (!row) return null;
      return mutate(null, { userId: row.user_id, actor: 'stripe', action: `billing.invoice.${outcome}`, target: customerId }, () => {
        // Ordered by Stripe's times: a payment older than the failure does not clear it, a failure older than the last payment does not set it.
        if (outcome === 'paid') {
          db.query('UPDATE billing_accounts SET payment_failed_at = CASE WHEN payment_failed_at > ? THEN payment_failed_at END, last_invoice_paid_at = max(coalesce(last_invoice_paid_at, 0), ?), updated_at = ? WHERE customer_id = ?').run(at, at, now(), customerId);
        } else {
          db.query('UPDATE billing_accounts SET payment_failed_at = CASE WHEN coalesce(last_invoice_paid_at, 0) > ? THEN payment_failed_at ELSE coalesce(payment_failed_at, ?) END, updated_at = ? WHERE customer_id = ?').run(at, at, now(), customerId);
        }
        return toAccount(byCustomer(customerId)!);
      });
    },

    async listSubscribedAccounts() {
      return db.query<AccountRow, []>("SELECT * FROM billing_accounts WHERE status IN ('active', 'trialing', 'past_due') ORDER BY created_at, user_id").all().map(toAccount);
    },

    async setMeterReported({ userId, identifier }) {
      db.query('UPDATE billing_accounts SET last_meter_report = ?, updated_at = ? WHERE user_id = ?').run(identifier, now(), userId);
    },
  };
}
