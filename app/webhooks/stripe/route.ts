/** Stripe's webhooks on Vercel: the same Elysia app as `npm start` (lib/server/vercel.ts); the hub verifies the raw body itself. With Convex, Stripe may instead point at the deployment's /stripe/webhook (convex/http.ts). */
import { hubRoute } from '../../../lib/server/vercel.ts';

export const dynamic = 'force-dynamic';
export const { POST } = hubRoute();
