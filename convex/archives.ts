/** Call-log archive records (lib/store/archives.ts): thin wrappers over model/archives.ts, callable only with the hub secret; the retention job runs from crons.ts (retention.ts). */
import { v } from 'convex/values';
import { hubMutation, hubQuery } from './hub.ts';
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
