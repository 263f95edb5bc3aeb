/**
 * Webhook delivery as Stripe does it: the event JSON, signed with the
 * endpoint's secret by the real `stripe` helpers (`Stripe-Signature:
 * t=…,v1=…`; the async form, as the sync one throws under Bun), POSTed to the
 * endpoint. Tests may hold deliveries and release them in another order, or
 * deliver one event again, as Stripe's retries do.
 */
import Stripe from 'stripe';
import type { FakeEvent } from './objects.ts';

/** Where events go: a URL, or a handler (an in-process hub's `app.handle`). */
export type WebhookTarget = string | ((request: Request) => Promise<Response>);

export interface Delivery {
  eventId: string;
  type: string;
  status: number;
  body: string;
}

const signer = new Stripe('sk_test_signer');

export class WebhookSender {
  target: WebhookTarget | null = null;
  readonly deliveries: Delivery[] = [];
  #held: FakeEvent[] | null = null;

  constructor(private readonly secret: string) {}

  /** Delivers now, or queues while held. */
  async send(event: FakeEvent): Promise<void> {
    if (this.#held) {
      this.#held.push(event);
      return;
    }
    await this.deliver(event);
  }

  /** Queues every event until `release`. */
  hold(): void {
    this.#held ??= [];
  }

  /** The held events, in the order they were made. */
  held(): FakeEvent[] {
    return [...(this.#held ?? [])];
  }

  /** Delivers the held events (in `order`, by index into held(); all in order by default) and stops holding. */
  async release(order?: number[]): Promise<void> {
    const events = this.#held ?? [];
    this.#held = null;
    for (const index of order ?? events.map((_, i) => i)) await this.deliver(events[index]!);
  }

  /** Signs and POSTs one event; the answer is recorded. `timestamp` (seconds) backdates the signature. */
  async deliver(event: FakeEvent, options: { timestamp?: number; secret?: string } = {}): Promise<Delivery> {
    if (!this.target) throw new Error('fake Stripe: no webhook endpoint set (setWebhookTarget)');
    const payload = JSON.stringify(event, null, 2);
    const header = await signer.webhooks.generateTestHeaderStringAsync({ payload, secret: options.secret ?? this.secret, ...(options.timestamp !== undefined && { timestamp: options.timestamp }) });
    const request = (url: string) => new Request(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' }, body: payload });
    const response = typeof this.target === 'string' ? await fetch(request(this.target), { signal: AbortSignal.timeout(10_000) }) : await this.target(request('http://127.0.0.1:8787/webhooks/stripe'));
    const delivery = { eventId: event.id, type: event.type, status: response.status, body: (await response.text()).slice(0, 2_000) };
    this.deliveries.push(delivery);
    return delivery;
  }
}
