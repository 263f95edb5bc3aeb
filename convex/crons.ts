/** Every minute, usage events are folded into per-user, per-month meters (idempotent; see model/usage.ts foldBatch). */
import { cronJobs } from 'convex/server';
import { internal } from './_generated/api';

const crons = cronJobs();
crons.interval('fold usage into meters', { minutes: 1 }, internal.usage.foldScheduled, {});
export default crons;
