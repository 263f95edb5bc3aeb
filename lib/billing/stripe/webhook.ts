/**
 * `POST /webhooks/stripe` as a plain `(Request) => Promise<Response>`
 * (STYLE.md 1; Elysia mounts it in lib/server/app.ts): the raw body, bounded,
 * verified with Stripe's signature and tolerance (`constructEventAsync`; the
 * sync form throws under Bun), then handed to the use case. Fails closed:
 * without billing or without STRIPE_WEBHOOK_SECRET nothing is processed and
 * the answer says which variable is missing. Events are applied one at a
 * time in this process, so two deliveries about one subscription cannot
 * interleave their store write and their plan change.
 *
 * Answers, as Stripe reads them: 2xx done (Stripe stops); 400 bad signature
 * or an unreadable event (Stripe shows the failure; retrying will not help);
 * 413 too large; 500/503 try again later (Stripe retries for 3 days).
 */
import { readBounded } from '../../read-bounded.ts';
import type { Logger } from '../../log.ts';
import { errorFields } from '../../log.ts';
import { billingHint } from '../../server/hints.ts';
import type { StripeEventResult } from '../../services/stripe-events.ts';
import { MalformedStripeEvent } from './events.ts';
import type { StripeAccess } from './client.ts';

/** Stripe's events are a few KB; a full subscription with many items stays far below this. */
export const MAX_WEBHOOK_BYTES = 512 * 1024;

export interface StripeWebhookOptions {
  stripe: StripeAccess | null;
  apply: (event: unknown) => Promise<StripeEventResult>;
  logger: Logger;
}

const answer = (status: number, error: string, message: string) => Response.json({ error, message }, { status });

export function createStripeWebhookHandler({ stripe, apply, logger }: StripeWebhookOptions): (request: Request) => Promise<Response> {
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => {});
    return run;
  };

  return async (request) => {
    if (!stripe) return answer(503, 'billing_off', `Billing is off on this hub (no STRIPE_SECRET_KEY), so it takes no Stripe webhooks. ${billingHint.off}`);
    const secret = stripe.config.webhookSecret;
    if (!secret) {
      logger.warn('a Stripe webhook was refused: STRIPE_WEBHOOK_SECRET is not set');
      return answer(503, 'webhook_secret_missing', `This hub cannot verify Stripe webhooks: STRIPE_WEBHOOK_SECRET is not set, so none is processed. ${billingHint.webhookSecret}`);
    }
    const signature = request.headers.get('stripe-signature');
    if (!signature) return answer(400, 'signature_missing', 'No Stripe-Signature header: only Stripe\'s signed webhooks are accepted here.');
    if (Number(request.headers.get('content-length') ?? 0) > MAX_WEBHOOK_BYTES) return answer(413, 'too_large', `A Stripe webhook is at most ${MAX_WEBHOOK_BYTES} bytes here.`);
    const body = await readBounded(request.body, MAX_WEBHOOK_BYTES);
    if (!body.ok) return answer(413, 'too_large', `A Stripe webhook is at most ${MAX_WEBHOOK_BYTES} bytes here.`);
    let event: { id: string; type: string };
    try {
      event = await stripe.client.webhooks.constructEventAsync(body.text, signature, secret, stripe.config.toleranceSeconds);
    } catch (error) {
      // Stripe's reason (no matching signature, timestamp outside the tolerance) names the problem and holds no secret.
      const reason = (error as Error).message.split('\n')[0]!.slice(0, 300);
      logger.info('a Stripe webhook failed verification', { reason });
      return answer(400, 'signature_invalid', `The Stripe signature did not verify: ${reason}. Check that STRIPE_WEBHOOK_SECRET is this endpoint's signing secret.`);
    }
    try {
      const result = await oneAtATime(() => apply(event));
      if (result.outcome !== 'ignored') logger.info('stripe webhook', { eventId: event.id, type: event.type, outcome: result.outcome, ...(result.plan && { plan: result.plan }) });
      return Response.json({ received: true, outcome: result.outcome });
    } catch (error) {
      if (error instanceof MalformedStripeEvent) {
        logger.warn('a verified Stripe event could not be read', { eventId: event.id, type: event.type, reason: error.message });
        return answer(400, 'event_unreadable', `The event ${event.id} could not be read: ${error.message}.`);
      }
      logger.error('a Stripe webhook failed; Stripe will retry it', { eventId: event.id, type: event.type, ...errorFields(error) });
      return answer(500, 'internal_error', 'MCP Hub could not apply this event now; Stripe will deliver it again. Details are in the hub log.');
    }
  };
}
