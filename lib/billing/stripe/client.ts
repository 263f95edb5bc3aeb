/**
 * The one place a Stripe SDK client is made (STYLE.md 9): the secret key,
 * the API address (a fake in tests) and the retry count come in as
 * configuration. Bun gets the SDK's fetch client, and the webhook checks use
 * the async crypto (the sync forms throw under Bun).
 */
import Stripe from 'stripe';
import type { StripeBillingConfig } from './config.ts';

export type StripeClient = Stripe;

/** How long one Stripe request may take before it counts as failed (the SDK's own default is 80 s, longer than a page should wait). */
const STRIPE_TIMEOUT_MS = 20_000;

export function createStripeClient(config: Pick<StripeBillingConfig, 'secretKey' | 'api' | 'maxNetworkRetries'>): StripeClient {
  return new Stripe(config.secretKey, {
    maxNetworkRetries: config.maxNetworkRetries,
    timeout: STRIPE_TIMEOUT_MS,
    telemetry: false,
    appInfo: { name: 'MCP Hub' },
    ...(config.api && { host: config.api.host, port: config.api.port, protocol: config.api.protocol }),
  });
}

/** What the billing use cases need of Stripe: its settings, a client, and the hub's public URL (checkout and the portal return to `<it>/billing`). */
export interface StripeAccess {
  config: StripeBillingConfig;
  client: StripeClient;
  publicUrl: () => string;
}
