/**
 * Stripe billing settings, from the validated environment (lib/env.ts) into
 * HubConfig. Billing is on only with STRIPE_SECRET_KEY; without it the hub
 * says billing is off and plans are set only by an admin. The webhook secret
 * is separate on purpose: with billing on but no secret every webhook is
 * refused (fail closed), never processed unverified.
 */
import { EnvError, type HubEnv } from '../../env.ts';

/** Where the SDK sends requests when not to api.stripe.com (`STRIPE_API_URL`: a local fake, a proxy). */
export interface StripeApiAddress {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export interface StripeBillingConfig {
  secretKey: string;
  /** STRIPE_WEBHOOK_SECRET; null refuses every webhook. */
  webhookSecret: string | null;
  /** Seconds a webhook signature stays valid (Stripe's default 300). */
  toleranceSeconds: number;
  api: StripeApiAddress | null;
  /** Stripe price id by plan id (MCPHUB_STRIPE_PRICE_<PLAN>). */
  prices: Record<string, string>;
  /** The billing meter's event name for overage (MCPHUB_STRIPE_METER_EVENT); null reports none. */
  meterEvent: string | null;
  /** The metered price checkout adds for plans whose overage is billed (MCPHUB_STRIPE_OVERAGE_PRICE); null adds none. */
  overagePrice: string | null;
  /** Retries the SDK makes itself on a network error or 5xx (with Stripe's idempotency keys, so a retried create is not doubled). */
  maxNetworkRetries: number;
}

export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/** `http://127.0.0.1:12111` → `{ host, port, protocol }`; the SDK takes them apart, and a path would be dropped silently. */
export function parseStripeApiUrl(value: string): StripeApiAddress {
  const url = new URL(value);
  if (url.pathname !== '/' || url.search || url.hash) throw new EnvError(`STRIPE_API_URL=${JSON.stringify(value)}: must be an origin only (scheme://host[:port]), e.g. http://127.0.0.1:12111; the SDK adds /v1/… itself.`);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

/** Billing settings, or null when billing is off (no STRIPE_SECRET_KEY); EnvError when the Stripe variables cannot work together. */
export function resolveStripeConfig(env: HubEnv): StripeBillingConfig | null {
  if (!env.STRIPE_SECRET_KEY) {
    const stray = [env.STRIPE_WEBHOOK_SECRET && 'STRIPE_WEBHOOK_SECRET', env.MCPHUB_STRIPE_METER_EVENT && 'MCPHUB_STRIPE_METER_EVENT', env.MCPHUB_STRIPE_OVERAGE_PRICE && 'MCPHUB_STRIPE_OVERAGE_PRICE', env.STRIPE_API_URL && 'STRIPE_API_URL', Object.keys(env.stripePrices).length > 0 && 'MCPHUB_STRIPE_PRICE_*'].filter(Boolean);
    if (stray.length > 0) throw new EnvError(`${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} set but STRIPE_SECRET_KEY is not, so billing would stay off. Set STRIPE_SECRET_KEY (Stripe dashboard: Developers → API keys), or unset them.`);
    return null;
  }
  return {
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? null,
    toleranceSeconds: env.STRIPE_WEBHOOK_TOLERANCE_SECONDS ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
    api: env.STRIPE_API_URL ? parseStripeApiUrl(env.STRIPE_API_URL) : null,
    prices: { ...env.stripePrices },
    meterEvent: env.MCPHUB_STRIPE_METER_EVENT ?? null,
    overagePrice: env.MCPHUB_STRIPE_OVERAGE_PRICE ?? null,
    maxNetworkRetries: 1,
  };
}
