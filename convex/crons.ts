/** Every minute, usage events are folded into per-user, per-month meters (idempotent; see model/usage.ts foldBatch), expired replay nonces are pruned and stored call arguments past their retention are cleared; every 5 minutes overage goes to Stripe's meter; every hour call logs past retention are archived to R2 (archives.ts). */
import { cronJobs } from 'convex/server';
import { internal } from './_generated/api';

const crons = cronJobs();
crons.interval('fold usage into meters', { minutes: 1 }, internal.usage.foldScheduled, {});
crons.interval('prune expired replay nonces', { minutes: 1 }, internal.nonces.prune, {});
crons.interval('purge call arguments past retention', { minutes: 1 }, internal.calls.purgeScheduled, {});
// Overage to Stripe's meter from the folded meters (stripeReport.ts); each customer's hour is sent once, so every 5 minutes is plenty.
crons.interval('report overage to Stripe', { minutes: 5 }, internal.stripeReport.run, {});
crons.interval('archive call logs past retention to R2', { hours: 1 }, internal.retention.run, {});
export default crons;
