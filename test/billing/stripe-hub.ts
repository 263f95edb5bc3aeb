/**
 * The setup the Stripe tests share: the Stripe-shaped fake with a Pro and a
 * Team price, an in-process hub whose billing points at it (STRIPE_API_URL),
 * and the fake's webhooks delivered into the hub's own `app.handle`.
 */
import { startFakeStripe, type FakeStripe } from '../helpers/fake-stripe.ts';
import { startInProcessHub, IN_PROCESS_ORIGIN, type InProcessHub, type InProcessHubOptions } from '../helpers/in-process-hub.ts';

export interface StripeHub {
  fake: FakeStripe;
  hub: InProcessHub;
  close(): Promise<void>;
}

/** The Stripe variables of a hub on `fake`, minus any named in `without`. */
export function stripeEnv(fake: FakeStripe, without: string[] = []): Record<string, string> {
  const env: Record<string, string> = {
    STRIPE_SECRET_KEY: fake.secretKey,
    STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
    STRIPE_API_URL: fake.url,
    MCPHUB_STRIPE_PRICE_PRO: 'price_pro',
    MCPHUB_STRIPE_PRICE_TEAM: 'price_team',
    MCPHUB_STRIPE_METER_EVENT: 'mcphub_overage_calls',
    MCPHUB_STRIPE_OVERAGE_PRICE: 'price_overage',
  };
  for (const name of without) delete env[name];
  return env;
}

export async function startStripeHub(options: InProcessHubOptions & { without?: string[] } = {}): Promise<StripeHub> {
  const fake = startFakeStripe({ prices: { price_pro: { unitAmount: 1_900 }, price_team: { unitAmount: 9_900 }, price_overage: { unitAmount: 0, metered: true } } });
  const hub = await startInProcessHub({ publicUrl: IN_PROCESS_ORIGIN, ...options, env: { ...stripeEnv(fake, options.without), ...options.env } });
  fake.setWebhookTarget((request) => hub.request(request));
  return {
    fake,
    hub,
    async close() {
      await hub.close();
      await fake.close();
    },
  };
}
