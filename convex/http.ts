/**
 * The deployment's HTTP routes: Stripe's webhooks at `/stripe/webhook`
 * (point the Stripe endpoint at `https://<deployment>.convex.site/stripe/webhook`).
 * The `@convex-dev/stripe` component verifies the signature (raw body,
 * `constructEventAsync`), refuses every webhook while STRIPE_WEBHOOK_SECRET
 * is unset, and syncs its own customer, subscription and invoice tables;
 * then `onEvent` reads the event the hub's way (lib/billing/stripe/events.ts)
 * and applies it to the hub's tables in one mutation (convex/stripe.ts):
 * once per event id, never an older subscription state over a newer one,
 * plans set through the plans model so replicas see them within a second.
 */
import { httpRouter } from 'convex/server';
import { registerRoutes } from '@convex-dev/stripe';
import { internal } from './_generated/api';
import { components } from './components.ts';
import { stripeKeys, stripePrices } from './env.ts';
import { parseStripeEvent } from '../lib/billing/stripe/events.ts';

const http = httpRouter();

registerRoutes(http, components.stripe, {
  webhookPath: '/stripe/webhook',
  // Getters: the component reads these per request, so a key set with `npx convex env set` applies to the next webhook.
  get STRIPE_SECRET_KEY() {
    return stripeKeys().secretKey;
  },
  get STRIPE_WEBHOOK_SECRET() {
    return stripeKeys().webhookSecret;
  },
  onEvent: async (ctx, event) => {
    const prices = stripePrices();
    const parsed = parseStripeEvent(event, { prices });
    // A verified event the hub cannot read: thrown, so the component answers 500 and Stripe shows the failure and retries.
    if (!parsed.ok) throw new Error(`Stripe event ${event.id} (${event.type}) could not be read: ${parsed.reason}`);
    if (parsed.event.kind === 'ignored') return;
    await ctx.runMutation(internal.stripe.applyEvent, { eventId: parsed.id, type: parsed.type, at: parsed.at, event: parsed.event, prices, now: Date.now() });
  },
});

export default http;
