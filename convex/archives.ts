/** Call-log archive records (lib/store/archives.ts): thin wrappers over model/archives.ts, callable only with the hub secret; the retention job runs from crons.ts. */
import { v } from 'convex/values';
import { internalAction } from './_generated/server';
import { runArchiveJob } from '../lib/usage/archive-job.ts';
import { r2Configured } from './env.ts';
import { hubMutation, hubQuery } from './hub.ts';
import { actionObjects, actionStore } from './model/archive-job.ts';
import * as Archives from './model/archives.ts';
import { vArchive, vUsageEvent } from './validators.ts';

export const oldestCallAt = hubQuery({
  args: { userId: v.string(), before: v.number() },
  returns: v.union(v.number(), v.null()),
  handler: (ctx, args) => Archives.oldestCallAt(ctx, args.userId, args.before),
});
export const begin = hubMutation({
  args: { userId: v.string(), day: v.string(), settleMs: v.number(), now: v.number() },
  returns: v.union(vArchive, v.null()),
  handler: (ctx, args) => Archives.beginArchive(ctx, args),
});
export const calls = hubQuery({
  args: { userId: v.string(), archiveId: v.string(), cursor: v.optional(v.string()), limit: v.optional(v.number()) },
  returns: v.object({ calls: v.array(vUsageEvent), cursor: v.union(v.string(), v.null()) }),
  handler: (ctx, args) => Archives.listArchiveCalls(ctx, args),
});
export const markWritten = hubMutation({
  args: { userId: v.string(), archiveId: v.string(), rows: v.number(), bytes: v.number() },
  returns: vArchive,
  handler: (ctx, args) => Archives.markArchiveWritten(ctx, args),
});
/** One batch of deletions; the adapter calls it until `done`. */
export const deleteCalls = hubMutation({
  args: { userId: v.string(), archiveId: v.string(), now: v.number() },
  returns: v.object({ deleted: v.number(), done: v.boolean() }),
  handler: (ctx, args) => Archives.deleteArchivedCalls(ctx, args),
});
export const list = hubQuery({ args: { userId: v.string() }, returns: v.array(vArchive), handler: (ctx, { userId }) => Archives.listArchives(ctx, userId) });

/**
 * The hourly retention job (crons.ts): call logs past retention archived to
 * R2, then deleted (lib/usage/archive-job.ts). Skipped while R2 is not set
 * up at all: exports and archives are then off. Retention is the job's
 * default until plans set it per user.
 */
export const runScheduled = internalAction({
  args: {},
  returns: v.union(v.object({ archives: v.number(), calls: v.number(), deleted: v.number(), failed: v.number() }), v.null()),
  handler: async (ctx) => {
    if (!r2Configured()) return null;
    const logger = { debug: () => {}, info: () => {}, warn: console.warn, error: (message: string, fields?: Record<string, unknown>) => console.error(message, fields) };
    return runArchiveJob({ store: actionStore(ctx), objects: actionObjects(ctx), logger });
  },
});
