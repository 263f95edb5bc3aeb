/**
 * The deployment's environment, read here only (DESIGN.md). Set it with
 * `npx convex env set MCPHUB_CONVEX_SECRET <value>`; the hub is given the same
 * value, and every function the hub calls checks it.
 */
export function hubSecret(): string {
  const secret = process.env.MCPHUB_CONVEX_SECRET;
  if (!secret || secret.length < 32) {
    throw new Error('MCPHUB_CONVEX_SECRET is not set on this deployment (or is shorter than 32 characters): run `npx convex env set MCPHUB_CONVEX_SECRET <the hub\'s value>`');
  }
  return secret;
}

/**
 * Stripe's keys for the `@convex-dev/stripe` component's webhook route
 * (convex/http.ts): `npx convex env set STRIPE_SECRET_KEY sk_…` and
 * `STRIPE_WEBHOOK_SECRET whsec_…`. Without the webhook secret the component
 * refuses every webhook (fail closed) and processes nothing.
 */
export function stripeKeys(): { secretKey: string | undefined; webhookSecret: string | undefined } {
  return { secretKey: process.env.STRIPE_SECRET_KEY || undefined, webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || undefined };
}

/** The plan each Stripe price sells, from `MCPHUB_STRIPE_PRICE_<PLAN>` as on the hub (lib/env.ts); unusable values are skipped. */
export function stripePrices(): Record<string, string> {
  const prices: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    const match = /^MCPHUB_STRIPE_PRICE_([A-Z0-9_]+)$/.exec(name);
    if (match && value && /^price_[A-Za-z0-9_]{1,200}$/.test(value)) prices[match[1]!.toLowerCase().replaceAll('_', '-')] = value;
  }
  return prices;
}

/** The overage report's settings (convex/stripeReport.ts): the meter's event name and the plan table, as on the hub (MCPHUB_STRIPE_METER_EVENT, MCPHUB_PLANS as inline JSON). */
export function stripeReportSettings(): { meterEvent: string | undefined; plans: string | undefined } {
  return { meterEvent: process.env.MCPHUB_STRIPE_METER_EVENT || undefined, plans: process.env.MCPHUB_PLANS || undefined };
}
