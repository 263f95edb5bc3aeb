/**
 * The archive half of the Convex Store (lib/store/archives.ts): each method
 * one call of a function in convex/archives.ts, through the adapter's own
 * calls. `settleMs` is how far before the deployment's clock an archive's
 * recording bound is set (convex/model/archives.ts); tests set 0.
 */
import { api } from '../../../convex/_generated/api';
import { archivePageLimit, checkArchiveSize, dayRange, type ArchiveStore } from '../archives.ts';
import { decodeCursor } from '../call-query.ts';
import type { ConvexCalls } from './accounts.ts';

/** Longer than any mutation may run on Convex, so no event still being inserted lands below a new archive's bound. */
export const ARCHIVE_SETTLE_MS = 5_000;

export function convexArchives({ query, mutation, now }: ConvexCalls, settleMs = ARCHIVE_SETTLE_MS): ArchiveStore {
  return {
    oldestCallAt: (userId, before) => query(api.archives.oldestCallAt, { userId, before }),
    // Input is checked here too, so a refusal is the same StoreError as on the embedded store (a deployment's own words it as a plain error).
    async beginArchive({ userId, day }) {
      dayRange(day);
      return mutation(api.archives.begin, { userId, day, settleMs, now: now() });
    },
    async listArchiveCalls(input) {
      archivePageLimit(input.limit);
      if (input.cursor) decodeCursor(input.cursor);
      return query(api.archives.calls, input);
    },
    async markArchiveWritten(input) {
      checkArchiveSize(input);
      return mutation(api.archives.markWritten, input);
    },
    deleteArchivedCalls: (input) => mutation(api.archives.deleteCalls, { ...input, now: now() }),
    listArchives: (userId) => query(api.archives.list, { userId }),
  };
}
