/** The call log (the dashboard's Logs page): thin wrappers over model/calls.ts, callable only with the hub secret; the purge also runs from crons.ts. */
import { v } from 'convex/values';
import { internal } from './_generated/api';
import { internalMutation } from './_generated/server';
import { hubMutation, hubQuery } from './hub.ts';
import * as Calls from './model/calls.ts';
import { vActorAt, vCallAt, vCallLogSettings, vOutcome, vUsageEvent } from './validators.ts';

const vCallQuery = {
  since: v.optional(v.number()),
  until: v.optional(v.number()),
  integration: v.optional(v.string()),
  tool: v.optional(v.string()),
  keyId: v.optional(v.string()),
  outcome: v.optional(vOutcome),
  client: v.optional(v.string()),
  text: v.optional(v.string()),
  cursor: v.optional(v.string()),
  limit: v.optional(v.number()),
};

export const list = hubQuery({
  args: { userId: v.string(), ...vCallQuery },
  returns: v.object({ calls: v.array(vUsageEvent), cursor: v.union(v.string(), v.null()) }),
  handler: (ctx, { userId, ...query }) => Calls.listCalls(ctx, userId, query),
});
export const get = hubQuery({ args: { userId: v.string(), id: v.string() }, returns: v.union(vUsageEvent, v.null()), handler: (ctx, args) => Calls.getCall(ctx, args.userId, args.id) });
export const latest = hubQuery({ args: { userId: v.string(), limit: v.number() }, returns: v.array(vCallAt), handler: (ctx, args) => Calls.latestCalls(ctx, args.userId, args.limit) });
export const settings = hubQuery({ args: { userId: v.string() }, returns: vCallLogSettings, handler: (ctx, { userId }) => Calls.callLogSettings(ctx, userId) });
export const setSettings = hubMutation({
  args: { userId: v.string(), ...vCallLogSettings.fields, ...vActorAt },
  returns: vCallLogSettings,
  handler: (ctx, args) => Calls.setCallLogSettings(ctx, args),
});
/** One purge pass on demand (the Store's `purgeArguments`); the adapter repeats it while a batch came back full. */
export const purge = hubMutation({
  args: { now: v.number() },
  returns: v.object({ events: v.number(), more: v.boolean() }),
  handler: (ctx, { now }) => Calls.purgeArguments(ctx, now),
});
/** The scheduled purge (crons.ts): a full batch schedules the next pass at once. */
export const purgeScheduled = internalMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    if ((await Calls.purgeArguments(ctx, Date.now())).more) await ctx.scheduler.runAfter(0, internal.calls.purgeScheduled, {});
    return null;
  },
});
