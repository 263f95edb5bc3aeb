/** Usage events, meters, audit and the change feed: thin wrappers over model/usage.ts, callable only with the hub secret (the fold also runs from crons.ts). */
import { v } from 'convex/values';
import { internal } from './_generated/api';
import { internalMutation } from './_generated/server';
import { hubMutation, hubQuery } from './hub.ts';
import * as Changes from './model/changes.ts';
import * as Usage from './model/usage.ts';
import { vAudit, vChangeKind, vMeter, vUsageEvent } from './validators.ts';

export const record = hubMutation({ args: { events: v.array(vUsageEvent) }, returns: v.number(), handler: (ctx, { events }) => Usage.recordUsage(ctx, events) });
export const list = hubQuery({
  args: { userId: v.string(), since: v.optional(v.number()), limit: v.optional(v.number()) },
  returns: v.array(vUsageEvent),
  handler: (ctx, args) => Usage.listUsage(ctx, args),
});
/** One fold batch, on demand (the Store's `foldMeters`); the adapter calls it until a batch comes back short. */
export const fold = hubMutation({ args: { now: v.number() }, returns: v.number(), handler: (ctx, { now }) => Usage.foldBatch(ctx, now) });
/** The scheduled fold (crons.ts): a full batch schedules the next one at once, so a backlog after downtime drains. */
export const foldScheduled = internalMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    if ((await Usage.foldBatch(ctx, Date.now())) === Usage.FOLD_BATCH) await ctx.scheduler.runAfter(0, internal.usage.foldScheduled, {});
    return null;
  },
});
export const meters = hubQuery({ args: { userId: v.string() }, returns: v.array(vMeter), handler: (ctx, { userId }) => Usage.listMeters(ctx, userId) });
export const audit = hubQuery({ args: { userId: v.string(), limit: v.number() }, returns: v.array(vAudit), handler: (ctx, args) => Usage.listAudit(ctx, args.userId, args.limit) });
export const changes = hubQuery({
  args: { limit: v.number() },
  returns: v.array(v.object({ seq: v.number(), kind: vChangeKind, userId: v.string() })),
  handler: (ctx, { limit }) => Changes.latestChanges(ctx, limit),
});
