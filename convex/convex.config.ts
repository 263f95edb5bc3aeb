/**
 * The deployment's components: `@convex-dev/stripe` keeps Stripe's customers,
 * subscriptions and invoices in its own tables and verifies the webhooks
 * convex/http.ts routes to it (issue 14); Cloudflare R2 (`@convex-dev/r2`)
 * holds usage exports and call-log archives (convex/objects.ts).
 */
import { defineApp } from 'convex/server';
import stripe from '@convex-dev/stripe/convex.config.js';
import r2 from '@convex-dev/r2/convex.config';

const app = defineApp();
app.use(stripe);
app.use(r2);
export default app;
