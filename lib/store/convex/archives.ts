/**
 * The archive half of the Convex Store (lib/store/archives.ts): each method
 * one call of a function in convex/archives.ts, through the adapter's own
 * calls. `settleMs` is how far before the deployment's clock an archive's
 * recording bound is set (convex/model/archives.ts); tests set 0.
 */
import { api } from '../../../convex/_generated/api';
import type { ArchiveStore } from '../archives.ts';
import type { ConvexCalls } from './accounts.ts';

/** Longer than any mutation may run on Convex, so no event still being inserted lands below a new archive's bound. */
export const ARCHIVE_SETTLE_MS = 5_000;

export function convexArchives({ query, mutation, now }: ConvexCalls, settleMs = ARCHIVE_SETTLE_MS): ArchiveStore {
  return {
    oldestCallAt: (userId, before) => query(api.archives.oldestCallAt, { userId, before }),
    beginArchive: ({ userId, day }) => mutation(api.archives.begin, { userId, day, settleMs, now: now() }),
    listArchiveCalls: (input) => query(api.archives.calls, input),
    markArchiveWritten: (input) => mutation(api.archives.markWritten, input),
    deleteArchivedCalls: (input) => mutation(api.archives.deleteCalls, { ...input, now: now() }),
    listArchives: (userId) => query(api.archives.list, { userId }),
  };
}
