/**
 * The fake's `/v1` API routes: what the hub (through the real `stripe` SDK)
 * and the `@convex-dev/stripe` component call — customers, checkout and
 * portal sessions, subscriptions, invoices, prices and billing meter events —
 * with Stripe's validation errors for what the hub could get wrong.
 */
import { arr, parseStripeForm, str, strMap, type FormObject } from './form.ts';
import { list, newStripeId, publicSession, stripeError, type FakeCheckoutSession, type FakeCustomer, type FakeMeterEvent } from './objects.ts';
import type { FakeStripeState } from './state.ts';

const notFound = (kind: string, id: string) => stripeError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param: 'id' });
const missing = (param: string) => stripeError(400, 'invalid_request_error', `Missing required param: ${param}.`, { code: 'parameter_missing', param });

/** `metadata['k']:'v'` or `email:'v'` (the subset of Stripe's search language the hub uses). */
function matchesSearch(customer: FakeCustomer, query: string): boolean | null {
  const metadata = /^metadata\[['"]([^'"]+)['"]\]:['"]([^'"]*)['"]$/.exec(query.trim());
  if (metadata) return customer.metadata[metadata[1]!] === metadata[2];
  const email = /^email:['"]([^'"]*)['"]$/.exec(query.trim());
  if (email) return customer.email === email[1];
  return null;
}

export function createApiRoutes(state: FakeStripeState) {
  return async function route(method: string, path: string, query: URLSearchParams, bodyText: string): Promise<Response> {
    const body: FormObject = method === 'GET' ? {} : parseStripeForm(bodyText);
    const parts = path.split('/').filter(Boolean).slice(1); // drop "v1"
    const [resource, id, action] = parts;

    if (resource === 'customers') {
      if (method === 'POST' && !id) {
        const customer: FakeCustomer = { id: newStripeId('cus'), object: 'customer', email: str(body.email) ?? null, name: str(body.name) ?? null, metadata: strMap(body.metadata), created: state.tick(), livemode: false };
        state.customers.set(customer.id, customer);
        return Response.json(customer);
      }
      if (method === 'GET' && id === 'search') {
        const q = query.get('query');
        if (!q) return missing('query');
        const found = [...state.customers.values()].filter((c) => matchesSearch(c, q));
        if (found.length > 0 && matchesSearch(found[0]!, q) === null) return stripeError(400, 'invalid_request_error', `The fake cannot search for ${q}`);
        return Response.json({ object: 'search_result', data: found, has_more: false, next_page: null, url: '/v1/customers/search' });
      }
      if (method === 'GET' && !id) {
        const email = query.get('email');
        return Response.json(list([...state.customers.values()].filter((c) => email === null || c.email === email), '/v1/customers'));
      }
      const customer = id ? state.customers.get(id) : undefined;
      if (!customer) return notFound('customer', id ?? '');
      if (method === 'POST') Object.assign(customer, { ...(str(body.email) && { email: str(body.email) }), metadata: { ...customer.metadata, ...strMap(body.metadata) } });
      return Response.json(customer);
    }

    if (resource === 'checkout' && id === 'sessions') {
      const sessionId = action;
      if (method === 'POST' && !sessionId) {
        const lines = arr(body.line_items).map((line) => ({ price: str((line as FormObject).price) ?? '', quantity: Number(str((line as FormObject).quantity) ?? '1') }));
        const mode = str(body.mode);
        if (mode !== 'subscription' && mode !== 'payment' && mode !== 'setup') return stripeError(400, 'invalid_request_error', 'Invalid mode: must be one of payment, setup, or subscription', { param: 'mode' });
        if (lines.length === 0) return missing('line_items');
        for (const line of lines) if (!state.prices.has(line.price)) return notFound('price', line.price);
        const customer = str(body.customer) ?? null;
        if (customer && !state.customers.has(customer)) return notFound('customer', customer);
        if (!str(body.success_url)) return missing('success_url');
        const sid = newStripeId('cs_test');
        const session: FakeCheckoutSession = {
          id: sid, object: 'checkout.session', mode, customer, customer_email: str(body.customer_email) ?? null, client_reference_id: str(body.client_reference_id) ?? null,
          metadata: strMap(body.metadata), status: 'open', payment_status: 'unpaid', subscription: null, success_url: str(body.success_url) ?? null, cancel_url: str(body.cancel_url) ?? null,
          url: `${state.baseUrl()}/checkout/${sid}`, created: state.tick(), livemode: false, line_items_internal: lines,
          subscription_metadata_internal: strMap((body.subscription_data as FormObject | undefined)?.metadata),
        };
        state.checkoutSessions.set(sid, session);
        return Response.json(publicSession(session));
      }
      const session = sessionId ? state.checkoutSessions.get(sessionId) : undefined;
      if (!session) return notFound('checkout.session', sessionId ?? '');
      return Response.json(publicSession(session));
    }

    if (resource === 'billing_portal' && id === 'sessions' && method === 'POST') {
      const customer = str(body.customer);
      if (!customer) return missing('customer');
      if (!state.customers.has(customer)) return notFound('customer', customer);
      const pid = newStripeId('bps');
      const session = { id: pid, object: 'billing_portal.session' as const, customer, return_url: str(body.return_url) ?? null, url: `${state.baseUrl()}/portal/${pid}`, created: state.tick(), livemode: false as const };
      state.portalSessions.set(pid, session);
      return Response.json(session);
    }

    if (resource === 'subscriptions') {
      if (method === 'GET' && !id) {
        const customer = query.get('customer');
        const status = query.get('status');
        const found = [...state.subscriptions.values()].filter((s) => (customer === null || s.customer === customer) && (status === null || status === 'all' ? true : s.status === status) && (status !== null || s.status !== 'canceled'));
        return Response.json(list(found, '/v1/subscriptions'));
      }
      const subscription = id ? state.subscriptions.get(id) : undefined;
      if (!subscription) return notFound('subscription', id ?? '');
      if (method === 'DELETE') return Response.json(await state.cancelSubscription(subscription.id, 'now'));
      if (method === 'POST' && str(body.cancel_at_period_end) === 'true') return Response.json(await state.cancelSubscription(subscription.id, 'period_end'));
      return Response.json(subscription);
    }

    if (resource === 'invoices') {
      if (method === 'GET' && !id) {
        const customer = query.get('customer');
        const limit = Math.min(100, Number(query.get('limit') ?? 10));
        const found = [...state.invoices.values()].filter((i) => customer === null || i.customer === customer).sort((a, b) => b.created - a.created).slice(0, limit);
        return Response.json(list(found, '/v1/invoices'));
      }
      const invoice = id ? state.invoices.get(id) : undefined;
      return invoice ? Response.json(invoice) : notFound('invoice', id ?? '');
    }

    if (resource === 'prices' && id && method === 'GET') {
      const price = state.prices.get(id);
      return price ? Response.json(price) : notFound('price', id);
    }

    if (resource === 'billing' && id === 'meter_events' && method === 'POST') {
      const eventName = str(body.event_name);
      const payload = strMap(body.payload);
      if (!eventName) return missing('event_name');
      if (!payload.stripe_customer_id) return missing('payload[stripe_customer_id]');
      if (payload.value === undefined || !/^-?\d+(\.\d+)?$/.test(payload.value)) return stripeError(400, 'invalid_request_error', 'payload[value] must be a number as a string.', { param: 'payload[value]' });
      const identifier = str(body.identifier) ?? newStripeId('mev');
      if (identifier.length > 100) return stripeError(400, 'invalid_request_error', 'identifier must be at most 100 characters.', { param: 'identifier' });
      // Stripe enforces uniqueness of identifiers (over at least 24 hours): a repeat is refused, never counted again.
      if (state.meterEvents.has(identifier)) return stripeError(400, 'invalid_request_error', `A meter event with identifier ${identifier} already exists.`, { code: 'resource_already_exists', param: 'identifier' });
      const event: FakeMeterEvent = { object: 'billing.meter_event', created: state.tick(), event_name: eventName, identifier, payload, timestamp: Number(str(body.timestamp) ?? Math.floor(Date.now() / 1000)), livemode: false };
      state.meterEvents.set(identifier, event);
      return Response.json(event);
    }

    return stripeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  };
}
