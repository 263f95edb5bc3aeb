import { ConvexError } from 'convex/values';

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
  return { meterEvent: process.env.MCPHUB_STRIPE_METER_EVENT || undefined, plans: plansSetting() };
}

/** The deployment's plan table setting, as on the hub (MCPHUB_PLANS: inline JSON or a file; lib/billing/plan-config.ts reads it). */
export function plansSetting(): string | undefined {
  return process.env.MCPHUB_PLANS || undefined;
}

/** The R2 bucket `@convex-dev/r2` writes exports and archives to (convex/model/objects.ts). */
export interface R2Settings {
  bucket: string;
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The ConvexError code of a refusal for R2 not (or wrongly) set up; the hub's R2 object store turns it into ObjectStoreUnavailable. */
export const R2_NOT_CONFIGURED = 'R2_NOT_CONFIGURED';

const R2_VARIABLES = { bucket: 'R2_BUCKET', endpoint: 'R2_ENDPOINT', accessKeyId: 'R2_ACCESS_KEY_ID', secretAccessKey: 'R2_SECRET_ACCESS_KEY' } as const;

/** Whether any R2 variable is set: none means exports and archives are off (a partial set is an error r2Settings names). */
export function r2Configured(): boolean {
  return Object.values(R2_VARIABLES).some((name) => Boolean(process.env[name]));
}

/** R2's settings from the deployment's environment; throws naming every missing variable and how to set it. */
export function r2Settings(): R2Settings {
  const values = Object.fromEntries(Object.entries(R2_VARIABLES).map(([field, name]) => [field, process.env[name] ?? ''])) as Record<keyof R2Settings, string>;
  const missing = Object.entries(R2_VARIABLES).filter(([field]) => !values[field as keyof R2Settings]).map(([, name]) => name);
  if (missing.length > 0) throw new ConvexError({ code: R2_NOT_CONFIGURED, message: `Usage exports and archives need Cloudflare R2: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set on this deployment. Run \`npx convex env set <NAME> <value>\` for each (README, "Exports and archives").` });
  if (!/^https?:\/\//.test(values.endpoint)) throw new ConvexError({ code: R2_NOT_CONFIGURED, message: 'R2_ENDPOINT must be a URL such as https://<account id>.r2.cloudflarestorage.com: set it with `npx convex env set R2_ENDPOINT <url>`.' });
  return values;
}
