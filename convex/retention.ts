'use node';
/**
 * The hourly retention job (crons.ts): call logs past each user's plan's log
 * retention archived to R2, then deleted (lib/usage/archive-job.ts). Skipped
 * while R2 is not set up at all: exports and archives are then off. In the
 * Node runtime because the plan table may be a file (MCPHUB_PLANS), read as
 * the hub reads it (lib/billing/plan-config.ts).
 */
import { v } from 'convex/values';
import { api } from './_generated/api';
import { internalAction } from './_generated/server';
import { resolvePlans } from '../lib/billing/plan-config.ts';
import { runArchiveJob, type ArchiveRunResult } from '../lib/usage/archive-job.ts';
import type { User } from '../lib/store/port.ts';
import { hubSecret, plansSetting, r2Configured } from './env.ts';
import { actionObjects, actionStore } from './model/archive-job.ts';

export const run = internalAction({
  args: {},
  returns: v.union(v.object({ archives: v.number(), calls: v.number(), deleted: v.number(), failed: v.number() }), v.null()),
  handler: async (ctx): Promise<ArchiveRunResult | null> => {
    if (!r2Configured()) return null;
    const logger = { debug: () => {}, info: () => {}, warn: console.warn, error: (message: string, fields?: Record<string, unknown>) => console.error(message, fields) };
    const plans = resolvePlans(plansSetting());
    const users: User[] = await ctx.runQuery(api.users.list, { secret: hubSecret() });
    const planOf = new Map(users.map((user) => [user.id, user.plan]));
    const retentionDays = (userId: string): number => plans.resolve(planOf.get(userId) ?? plans.defaultPlan.id).logRetentionDays;
    return runArchiveJob({ store: actionStore(ctx), objects: actionObjects(ctx), logger, retentionDays });
  },
});
