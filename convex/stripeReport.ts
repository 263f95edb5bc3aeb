'use node';
/**
 * Overage to Stripe's meter on Convex, where no hub process has a schedule
 * (Vercel): the same report the embedded hub runs after each fold
 * (lib/billing/stripe/meter-report.ts), from the meters Convex's own fold
 * cron keeps, as an action the crons run. Node runtime: the plan table
 * (MCPHUB_PLANS, inline JSON here) is read with the hub's own parser. Sends
 * carry the same identifiers a hub would, so a replica sending too can never
 * make Stripe count one twice.
 */
import { internal } from './_generated/api';
import { internalAction } from './_generated/server';
import { v } from 'convex/values';
import { resolvePlans } from '../lib/billing/plan-config.ts';
import { createStripeClient } from '../lib/billing/stripe/client.ts';
import { reportOverage, type MeterReportDeps, type MeterReportResult } from '../lib/billing/stripe/meter-report.ts';
import { createLogger } from '../lib/log.ts';
import { stripeKeys, stripePrices, stripeReportSettings } from './env.ts';

export const run = internalAction({
  args: {},
  returns: v.object({ sent: v.number(), skipped: v.number(), failed: v.number() }),
  // Typed by hand: inferred, the result would refer to `internal`, which is built from this very module.
  handler: async (ctx): Promise<MeterReportResult> => {
    const { secretKey } = stripeKeys();
    const settings = stripeReportSettings();
    if (!secretKey || !settings.meterEvent) return { sent: 0, skipped: 0, failed: 0 };
    const config = { secretKey, webhookSecret: null, toleranceSeconds: 300, api: null, prices: stripePrices(), meterEvent: settings.meterEvent, overagePrice: null, maxNetworkRetries: 1 };
    const store: MeterReportDeps['store'] = {
      listSubscribedAccounts: () => ctx.runQuery(internal.stripe.subscribedAccounts, {}),
      getUser: (id) => ctx.runQuery(internal.stripe.user, { id }),
      listMeters: (userId) => ctx.runQuery(internal.stripe.meters, { userId }),
      setMeterReported: async (input) => {
        await ctx.runMutation(internal.stripe.meterReported, { ...input, now: Date.now() });
      },
    };
    return reportOverage({
      store,
      plans: resolvePlans(settings.plans),
      stripe: { config, client: createStripeClient(config), publicUrl: () => '' },
      logger: createLogger({ level: 'info', write: (line) => console.log(line) }),
    });
  },
});
