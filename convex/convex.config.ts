/**
 * The deployment's components: `@convex-dev/stripe` keeps Stripe's customers,
 * subscriptions and invoices in its own tables and verifies the webhooks
 * convex/http.ts routes to it (issue 14).
 */
import { defineApp } from 'convex/server';
import stripe from '@convex-dev/stripe/convex.config.js';

const app = defineApp();
app.use(stripe);

export default app;
