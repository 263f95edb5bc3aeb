/**
 * The billing half of the Store port (lib/store/port.ts): what the hub keeps
 * of a user's Stripe account — the customer it belongs to, the subscription
 * state applied last (with the Stripe time of that state, so an older event
 * delivered late changes nothing), invoice outcomes, the meter report sent
 * last — and the record of processed webhook events (redeliveries change
 * nothing). The plan itself is the user's (`setUserPlan`); this only says why.
 */
import type { Actor } from './port.ts';

/** Stripe's subscription statuses in which the subscription is still someone's (it pays, tries to, or is on trial). */
export const LIVE_SUBSCRIPTION_STATUSES = ['active', 'trialing', 'past_due'] as const;

/** True for a status in which the subscription still counts (LIVE_SUBSCRIPTION_STATUSES). */
export function isLiveSubscriptionStatus(status: string | null): boolean {
  return status !== null && (LIVE_SUBSCRIPTION_STATUSES as readonly string[]).includes(status);
}

/** One user's Stripe account, as the hub knows it. Times in ms. */
export interface BillingAccount {
  userId: string;
  /** `cus_…`; one user per customer and one customer per user. */
  customerId: string;
  /** The subscription the state below is of; null before any. */
  subscriptionId: string | null;
  /** Stripe's status of it (active, trialing, past_due, canceled, unpaid, incomplete, …); null before any. */
  status: string | null;
  priceId: string | null;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: number | null;
  /** Stripe's time of the state stored (the event's `created`); an event older than it changes nothing. */
  stateAt: number | null;
  /** When an invoice payment failed, until an invoice is paid again; null otherwise. */
  paymentFailedAt: number | null;
  lastInvoicePaidAt: number | null;
  /** The identifier of the overage meter event sent last (lib/billing/stripe/meter-report.ts). */
  lastMeterReport: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A subscription's state as a Stripe event told it. */
export interface SubscriptionState {
  subscriptionId: string;
  status: string;
  priceId: string | null;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: number | null;
  /** Stripe's time of this state (the event's `created`), ms. */
  at: number;
}

/** What applying a subscription state did: `applied` false when the stored state was newer (or of a live subscription this one is not). */
export interface AppliedSubscription {
  applied: boolean;
  account: BillingAccount;
}

/** Bounds the store keeps (callers check first; the store refuses). */
export const MAX_STRIPE_ID_CHARS = 255;
/** How long processed webhook event ids are kept: Stripe retries a delivery for up to 3 days. */
export const STRIPE_EVENT_RETENTION_MS = 30 * 86_400_000;

/** Why a Stripe id or status cannot be stored, or null when it can. */
export function stripeTextProblem(fields: Record<string, string | null | undefined>): string | null {
  for (const [name, value] of Object.entries(fields)) {
    if (value == null) continue;
    if (value.length === 0 || value.length > MAX_STRIPE_ID_CHARS || !/^[A-Za-z0-9_.:-]+$/.test(value)) return `${name} must be 1 to ${MAX_STRIPE_ID_CHARS} characters of letters, digits and _ . : - (a Stripe id)`;
  }
  return null;
}

export interface BillingStore {
  /**
   * Records that a Stripe webhook event is being processed: true the first
   * time, false when it was recorded before (a redelivery, or another replica
   * has it). Ids older than STRIPE_EVENT_RETENTION_MS are pruned as new ones come.
   */
  claimStripeEvent(input: { eventId: string; type: string; at: number }): Promise<boolean>;
  /** Forgets a claimed event whose processing failed, so Stripe's next delivery is processed. */
  releaseStripeEvent(eventId: string): Promise<void>;
  /**
   * Links a user to their Stripe customer (made at their first checkout).
   * Idempotent for the same pair; `INVALID_INPUT` when either is linked to
   * another, `USER_NOT_FOUND` when the user is gone.
   */
  linkStripeCustomer(input: { userId: string; customerId: string } & Actor): Promise<BillingAccount>;
  getBillingAccount(userId: string): Promise<BillingAccount | null>;
  getBillingAccountByCustomer(customerId: string): Promise<BillingAccount | null>;
  /**
   * Stores a subscription's state for the customer's account, atomically,
   * unless the stored state is newer (`stateAt` > `at`), or it is of another
   * subscription that is still live while this one is not (an old
   * subscription's end must not end the new one). Null when no account has
   * this customer.
   */
  applySubscriptionState(input: { customerId: string } & SubscriptionState): Promise<AppliedSubscription | null>;
  /**
   * Records an invoice outcome at Stripe's time `at`: `payment_failed` sets
   * paymentFailedAt (if unset) unless a later payment is recorded; `paid`
   * clears it unless the failure is later. Null when no account has this customer.
   */
  recordInvoiceOutcome(input: { customerId: string; outcome: 'paid' | 'payment_failed'; at: number }): Promise<BillingAccount | null>;
  /** Accounts with a live subscription (LIVE_SUBSCRIPTION_STATUSES), oldest first: whose overage the meter report sends. */
  listSubscribedAccounts(): Promise<BillingAccount[]>;
  /** Records the meter event sent last for a user. */
  setMeterReported(input: { userId: string; identifier: string }): Promise<void>;
}
