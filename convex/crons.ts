/** Every minute, usage events are folded into per-user, per-month meters (idempotent; see model/usage.ts foldBatch) and expired replay nonces are pruned. */
import { cronJobs } from 'convex/server';
import { internal } from './_generated/api';

const crons = cronJobs();
crons.interval('fold usage into meters', { minutes: 1 }, internal.usage.foldScheduled, {});
crons.interval('prune expired replay nonces', { minutes: 1 }, internal.nonces.prune, {});
export default crons;
