/**
 * What the fake Stripe account holds and the flows that change it the way
 * Stripe's hosted pages do: completing a checkout (a subscription, its paid
 * invoice, and the webhooks `checkout.session.completed`,
 * `customer.subscription.created`, `invoice.paid`), cancelling in the portal
 * (`customer.subscription.deleted`, or `updated` with cancel_at_period_end),
 * a failed renewal (`invoice.payment_failed` and `updated` to past_due).
 */
import { newStripeId, type FakeCheckoutSession, type FakeCustomer, type FakeEvent, type FakeInvoice, type FakeMeterEvent, type FakePortalSession, type FakePrice, type FakeSubscription } from './objects.ts';
import type { WebhookSender } from './webhooks.ts';

export const FAKE_API_VERSION = '2026-08-26.dahlia';
const MONTH_SECONDS = 30 * 86_400;

export class FakeStripeState {
  readonly customers = new Map<string, FakeCustomer>();
  readonly prices = new Map<string, FakePrice>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  readonly invoices = new Map<string, FakeInvoice>();
  readonly checkoutSessions = new Map<string, FakeCheckoutSession>();
  readonly portalSessions = new Map<string, FakePortalSession>();
  /** Accepted meter events, by identifier (a repeated identifier is refused, never counted twice). */
  readonly meterEvents = new Map<string, FakeMeterEvent>();
  /** Every event made, oldest first. */
  readonly events: FakeEvent[] = [];
  #lastCreated = 0;
  #invoiceNumber = 0;

  constructor(
    readonly baseUrl: () => string,
    private readonly webhooks: WebhookSender,
  ) {}

  /** Unix seconds, strictly increasing between events, so "older" is always decidable. */
  tick(): number {
    this.#lastCreated = Math.max(Math.floor(Date.now() / 1000), this.#lastCreated + 1);
    return this.#lastCreated;
  }

  addPrice(id: string, options: { unitAmount?: number; metered?: boolean; meter?: string } = {}): FakePrice {
    const price: FakePrice = {
      id, object: 'price', active: true, currency: 'usd', unit_amount: options.unitAmount ?? 1_900, product: `prod_${id}`,
      recurring: { interval: 'month', usage_type: options.metered ? 'metered' : 'licensed', meter: options.meter ?? null }, lookup_key: null, type: 'recurring', livemode: false,
    };
    this.prices.set(id, price);
    return price;
  }

  async emit(type: string, object: unknown, previous?: Record<string, unknown>): Promise<FakeEvent> {
    const event: FakeEvent = {
      id: newStripeId('evt'), object: 'event', api_version: FAKE_API_VERSION, created: this.tick(), type,
      data: { object: structuredClone(object), ...(previous && { previous_attributes: previous }) }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null },
    };
    this.events.push(event);
    await this.webhooks.send(event);
    return event;
  }

  /** What the "Subscribe" button does: the session completes, the subscription starts, its first invoice is paid. */
  async completeCheckout(sessionId: string): Promise<FakeCheckoutSession> {
    const session = this.checkoutSessions.get(sessionId);
    if (!session) throw new Error(`fake Stripe: no checkout session ${sessionId}`);
    if (session.status !== 'open') return session;
    let customerId = session.customer;
    if (!customerId) {
      const customer: FakeCustomer = { id: newStripeId('cus'), object: 'customer', email: session.customer_email, name: null, metadata: {}, created: this.tick(), livemode: false };
      this.customers.set(customer.id, customer);
      customerId = customer.id;
    }
    const now = this.tick();
    const subscription: FakeSubscription = {
      id: newStripeId('sub'), object: 'subscription', customer: customerId, status: 'active', cancel_at_period_end: false, cancel_at: null, canceled_at: null,
      created: now, start_date: now, currency: 'usd', metadata: { ...session.subscription_metadata_internal }, latest_invoice: null, livemode: false,
      items: { object: 'list', has_more: false, url: '/v1/subscription_items', data: [] },
    };
    subscription.items.data = session.line_items_internal.map((line) => ({
      id: newStripeId('si'), object: 'subscription_item' as const, price: this.prices.get(line.price)!, quantity: line.quantity, subscription: subscription.id, current_period_start: now, current_period_end: now + MONTH_SECONDS,
    }));
    const invoice = this.#invoice(subscription, 'paid');
    subscription.latest_invoice = invoice.id;
    this.subscriptions.set(subscription.id, subscription);
    Object.assign(session, { customer: customerId, status: 'complete', payment_status: 'paid', subscription: subscription.id });
    await this.emit('checkout.session.completed', publicView(session));
    await this.emit('customer.subscription.created', subscription);
    await this.emit('invoice.paid', invoice);
    return session;
  }

  /** The portal's "Cancel plan": at once (`customer.subscription.deleted`) or at the period's end (`updated`, cancel_at_period_end). */
  async cancelSubscription(subscriptionId: string, when: 'now' | 'period_end' = 'now'): Promise<FakeSubscription> {
    const subscription = this.subscriptions.get(subscriptionId);
    if (!subscription) throw new Error(`fake Stripe: no subscription ${subscriptionId}`);
    if (when === 'period_end') {
      subscription.cancel_at_period_end = true;
      subscription.cancel_at = subscription.items.data[0]?.current_period_end ?? null;
      await this.emit('customer.subscription.updated', subscription, { cancel_at_period_end: false });
      return subscription;
    }
    const previous = subscription.status;
    Object.assign(subscription, { status: 'canceled', canceled_at: this.tick() });
    await this.emit('customer.subscription.deleted', subscription, { status: previous });
    return subscription;
  }

  /** A renewal whose card is declined: an open invoice, `invoice.payment_failed`, and the subscription past_due. */
  async failRenewal(subscriptionId: string): Promise<FakeInvoice> {
    const subscription = this.subscriptions.get(subscriptionId);
    if (!subscription) throw new Error(`fake Stripe: no subscription ${subscriptionId}`);
    const invoice = this.#invoice(subscription, 'open');
    subscription.latest_invoice = invoice.id;
    await this.emit('invoice.payment_failed', invoice);
    subscription.status = 'past_due';
    await this.emit('customer.subscription.updated', subscription, { status: 'active' });
    return invoice;
  }

  /** A plan change made elsewhere (the portal's "Update plan", the Stripe dashboard): `customer.subscription.updated`. */
  async changePrice(subscriptionId: string, priceId: string): Promise<FakeSubscription> {
    const subscription = this.subscriptions.get(subscriptionId);
    const price = this.prices.get(priceId);
    if (!subscription || !price) throw new Error(`fake Stripe: no subscription ${subscriptionId} or price ${priceId}`);
    const previous = subscription.items.data[0]?.price.id;
    subscription.items.data[0]!.price = price;
    await this.emit('customer.subscription.updated', subscription, { items: { data: [{ price: { id: previous } }] } });
    return subscription;
  }

  #invoice(subscription: FakeSubscription, status: 'paid' | 'open'): FakeInvoice {
    const amount = subscription.items.data.reduce((sum, item) => sum + item.price.unit_amount * item.quantity, 0);
    const now = this.tick();
    const id = newStripeId('in');
    const invoice: FakeInvoice = {
      id, object: 'invoice', customer: subscription.customer, status, amount_due: amount, amount_paid: status === 'paid' ? amount : 0, currency: 'usd', created: now,
      number: `FAKE-${String(++this.#invoiceNumber).padStart(4, '0')}`, hosted_invoice_url: `${this.baseUrl()}/invoices/${id}`, invoice_pdf: `${this.baseUrl()}/invoices/${id}/pdf`,
      period_start: now, period_end: now + MONTH_SECONDS, metadata: {}, parent: { type: 'subscription_details', subscription_details: { subscription: subscription.id, metadata: { ...subscription.metadata } } }, livemode: false,
    };
    this.invoices.set(id, invoice);
    return invoice;
  }
}

function publicView(session: FakeCheckoutSession) {
  const { line_items_internal: _items, subscription_metadata_internal: _metadata, ...rest } = session;
  return rest;
}
