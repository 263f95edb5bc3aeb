/**
 * A Stripe-shaped server on 127.0.0.1 that the real `stripe` SDK talks to
 * (`new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' })`):
 * form-encoded `/v1` requests with a Bearer secret key, Stripe-shaped JSON
 * answers and errors (api.ts), `Idempotency-Key` replays, and the hosted
 * pages a person clicks through — Checkout ("Subscribe"/"Pay") and the
 * customer portal ("Cancel plan") — whose buttons change the account and
 * deliver signed webhooks (state.ts, webhooks.ts).
 *
 * Hooks for tests: `failNext(n)` answers the next n API requests with 500
 * (a Stripe outage), `requests` records every API request, `webhooks` holds,
 * reorders and redelivers events. Bodies are bounded; it listens on loopback only.
 */
import { createApiRoutes } from './api.ts';
import { FormError } from './form.ts';
import { stripeError } from './objects.ts';
import { FakeStripeState } from './state.ts';
import { WebhookSender, type WebhookTarget } from './webhooks.ts';

export { FAKE_API_VERSION } from './state.ts';
export type { FakeEvent, FakeSubscription, FakeCustomer } from './objects.ts';

const MAX_BODY_BYTES = 256 * 1024;

export interface FakeStripeRequest {
  method: string;
  path: string;
  body: string;
  idempotencyKey: string | null;
  status: number;
}

export interface FakeStripeOptions {
  secretKey?: string;
  webhookSecret?: string;
  /** Prices to create, by id (e.g. `price_pro`), so checkout can sell them. */
  prices?: Record<string, { unitAmount?: number; metered?: boolean }>;
}

export interface FakeStripe {
  /** `http://127.0.0.1:<port>`: what STRIPE_API_URL holds. */
  url: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  state: FakeStripeState;
  webhooks: WebhookSender;
  requests: FakeStripeRequest[];
  setWebhookTarget(target: WebhookTarget): void;
  /** The next `count` API requests answer `status` (500: Stripe's api_error), as in an outage. */
  failNext(count: number, status?: number): void;
  /** Delivers an event that was delivered before, as Stripe's retries do. */
  redeliver(eventId: string): Promise<{ status: number; body: string }>;
  /** The "Subscribe" button of a checkout session's page, without a browser. */
  completeCheckout(sessionId: string): Promise<void>;
  close(): Promise<void>;
}

const page = (title: string, body: string) =>
  new Response(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`, { headers: { 'content-type': 'text/html; charset=utf-8' } });
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function startFakeStripe(options: FakeStripeOptions = {}): FakeStripe {
  const secretKey = options.secretKey ?? 'sk_test_fake_0123456789abcdefghij';
  const webhookSecret = options.webhookSecret ?? 'whsec_fake_0123456789abcdefghijklmnop';
  const webhooks = new WebhookSender(webhookSecret);
  let baseUrl = '';
  const state = new FakeStripeState(() => baseUrl, webhooks);
  for (const [id, price] of Object.entries(options.prices ?? {})) state.addPrice(id, price);
  const api = createApiRoutes(state);
  const requests: FakeStripeRequest[] = [];
  // By idempotency key and path; set before the request runs, so a concurrent twin waits for it and gets the same answer.
  const replays = new Map<string, Promise<{ status: number; body: string }>>();
  let failures: { count: number; status: number } = { count: 0, status: 500 };

  async function handleApi(request: Request, url: URL): Promise<Response> {
    const text = await readBody(request);
    if (text === null) return stripeError(413, 'invalid_request_error', `Request body larger than ${MAX_BODY_BYTES} bytes.`);
    const record: FakeStripeRequest = { method: request.method, path: url.pathname, body: text, idempotencyKey: request.headers.get('idempotency-key'), status: 0 };
    requests.push(record);
    const answer = async (): Promise<Response> => {
      if (request.headers.get('authorization') !== `Bearer ${secretKey}`) return stripeError(401, 'authentication_error', 'Invalid API Key provided: sk_test_****');
      if (failures.count > 0) {
        failures.count--;
        return stripeError(failures.status, 'api_error', 'An unknown error occurred (the fake is simulating an outage).');
      }
      const replayKey = request.method === 'POST' && record.idempotencyKey ? `${record.idempotencyKey}\u0000${url.pathname}` : null;
      const replay = replayKey ? replays.get(replayKey) : undefined;
      if (replay) {
        const earlier = await replay;
        return new Response(earlier.body, { status: earlier.status, headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' } });
      }
      const run = async () => {
        try {
          return await api(request.method, url.pathname, url.searchParams, text);
        } catch (error) {
          if (!(error instanceof FormError)) throw error;
          return stripeError(400, 'invalid_request_error', `Invalid request: ${error.message}`);
        }
      };
      if (!replayKey) return run();
      const answered = run().then(async (response) => ({ status: response.status, body: await response.text() }));
      replays.set(replayKey, answered);
      const { status, body } = await answered;
      // A 5xx is not kept (the fake lets a retry under the same key run again).
      if (status >= 500) replays.delete(replayKey);
      const response = new Response(body, { status, headers: { 'content-type': 'application/json' } });
      return response;
    };
    const response = await answer();
    record.status = response.status;
    return response;
  }

  async function handlePage(request: Request, url: URL): Promise<Response> {
    const [, kind, id, action] = url.pathname.split('/');
    if (kind === 'checkout' && id) {
      const session = state.checkoutSessions.get(id);
      if (!session) return new Response('No such checkout session', { status: 404 });
      if (request.method === 'POST' && action === 'complete') {
        await state.completeCheckout(id);
        return Response.redirect((session.success_url ?? baseUrl).replace('{CHECKOUT_SESSION_ID}', id), 303);
      }
      const lines = session.line_items_internal.map((l) => state.prices.get(l.price)!).map((p) => `<li>${escapeHtml(p.product)}: $${(p.unit_amount / 100).toFixed(2)} / month</li>`).join('');
      const cancel = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Back</a></p>` : '';
      return page('Checkout', `<ul>${lines}</ul><p>Card 4242 4242 4242 4242</p><form method="post" action="/checkout/${id}/complete"><button type="submit">${session.mode === 'subscription' ? 'Subscribe' : 'Pay'}</button></form>${cancel}`);
    }
    if (kind === 'portal' && id) {
      const session = state.portalSessions.get(id);
      if (!session) return new Response('No such portal session', { status: 404 });
      if (request.method === 'POST' && action === 'cancel') {
        const form = new URLSearchParams((await readBody(request)) ?? '');
        await state.cancelSubscription(form.get('subscription') ?? '', form.get('when') === 'period_end' ? 'period_end' : 'now');
        return Response.redirect(`${baseUrl}/portal/${id}`, 303);
      }
      const subscriptions = [...state.subscriptions.values()].filter((s) => s.customer === session.customer);
      const rows = subscriptions.map((s) => `<li>${escapeHtml(s.items.data[0]?.price.product ?? '')} — ${s.status}${s.cancel_at_period_end ? ' (cancels at period end)' : ''}${s.status === 'canceled' ? '' : `<form method="post" action="/portal/${id}/cancel"><input type="hidden" name="subscription" value="${s.id}"><button type="submit">Cancel plan</button></form>`}</li>`).join('');
      const back = session.return_url ? `<p><a href="${escapeHtml(session.return_url)}">Return to MCP Hub</a></p>` : '';
      return page('Manage billing', `<ul>${rows || '<li>No subscriptions</li>'}</ul>${back}`);
    }
    return new Response('Not Found', { status: 404 });
  }

  async function readBody(request: Request): Promise<string | null> {
    if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return null;
    const bytes = await request.arrayBuffer();
    return bytes.byteLength > MAX_BODY_BYTES ? null : new TextDecoder().decode(bytes);
  }

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    reusePort: false,
    async fetch(request) {
      const url = new URL(request.url);
      try {
        return url.pathname.startsWith('/v1/') ? await handleApi(request, url) : await handlePage(request, url);
      } catch (error) {
        return stripeError(500, 'api_error', `fake Stripe failed: ${(error as Error).message}`);
      }
    },
  });
  baseUrl = `http://127.0.0.1:${server.port}`;

  return {
    url: baseUrl,
    port: server.port!,
    secretKey,
    webhookSecret,
    state,
    webhooks,
    requests,
    setWebhookTarget: (target) => {
      webhooks.target = target;
    },
    failNext: (count, status = 500) => {
      failures = { count, status };
    },
    async redeliver(eventId) {
      const event = state.events.find((e) => e.id === eventId);
      if (!event) throw new Error(`fake Stripe: no event ${eventId}`);
      return webhooks.deliver(event);
    },
    async completeCheckout(sessionId) {
      await state.completeCheckout(sessionId);
    },
    close: () => server.stop(true),
  };
}
