/**
 * The Stripe objects the fake keeps, in the shapes the API (version
 * 2026-08-26.dahlia, what stripe@22 pins) answers with: ids with Stripe's
 * prefixes, `object` names, Unix-second times, lists as
 * `{ object: 'list', data, has_more, url }`, and errors as
 * `{ error: { type, code, message } }`.
 */
import { randomBytes } from 'node:crypto';

export const newStripeId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

export interface FakePrice {
  id: string;
  object: 'price';
  active: boolean;
  currency: string;
  unit_amount: number;
  product: string;
  recurring: { interval: 'month'; usage_type: 'licensed' | 'metered'; meter: string | null };
  lookup_key: string | null;
  type: 'recurring';
  livemode: false;
}

export interface FakeCustomer {
  id: string;
  object: 'customer';
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
}

export interface FakeSubscription {
  id: string;
  object: 'subscription';
  customer: string;
  status: 'active' | 'trialing' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete';
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  canceled_at: number | null;
  created: number;
  start_date: number;
  currency: string;
  metadata: Record<string, string>;
  latest_invoice: string | null;
  items: { object: 'list'; has_more: false; url: string; data: Array<{ id: string; object: 'subscription_item'; price: FakePrice; quantity: number; subscription: string; current_period_start: number; current_period_end: number }> };
  livemode: false;
}

export interface FakeInvoice {
  id: string;
  object: 'invoice';
  customer: string;
  status: 'paid' | 'open';
  amount_due: number;
  amount_paid: number;
  currency: string;
  created: number;
  number: string;
  hosted_invoice_url: string;
  invoice_pdf: string;
  period_start: number;
  period_end: number;
  metadata: Record<string, string>;
  parent: { type: 'subscription_details'; subscription_details: { subscription: string; metadata: Record<string, string> } };
  livemode: false;
}

export interface FakeCheckoutSession {
  id: string;
  object: 'checkout.session';
  mode: 'subscription' | 'payment' | 'setup';
  customer: string | null;
  customer_email: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  subscription: string | null;
  success_url: string | null;
  cancel_url: string | null;
  url: string;
  created: number;
  livemode: false;
  /** Not part of Stripe's object (it keeps line items apart): what the session sells. */
  line_items_internal: Array<{ price: string; quantity: number }>;
  subscription_metadata_internal: Record<string, string>;
}

export interface FakePortalSession {
  id: string;
  object: 'billing_portal.session';
  customer: string;
  return_url: string | null;
  url: string;
  created: number;
  livemode: false;
}

export interface FakeMeterEvent {
  object: 'billing.meter_event';
  created: number;
  event_name: string;
  identifier: string;
  payload: Record<string, string>;
  timestamp: number;
  livemode: false;
}

export interface FakeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  type: string;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
}

export const list = <T>(data: T[], url: string) => ({ object: 'list' as const, data, has_more: false, url });

export function stripeError(status: number, type: 'invalid_request_error' | 'api_error' | 'authentication_error' | 'card_error', message: string, extra: { code?: string; param?: string } = {}): Response {
  return Response.json({ error: { type, message, ...extra, request_log_url: null } }, { status, headers: { 'request-id': newStripeId('req') } });
}

/** Strips the fields the fake keeps for itself from a checkout session. */
export function publicSession(session: FakeCheckoutSession) {
  const { line_items_internal: _items, subscription_metadata_internal: _metadata, ...rest } = session;
  return rest;
}
