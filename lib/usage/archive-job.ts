/**
 * The retention job: per user, the call-log rows older than the plan's log
 * retention are written to object storage as JSONL, one object per UTC day
 * (and part, lib/store/archives.ts), recorded, and only then deleted from the
 * store. Whole days only: a day goes once all of it is past retention.
 * Meters are not touched — an archive holds only calls already folded —
 * and stored arguments are left out: an archive outlives their retention.
 *
 * Crash-safe by the archive record's states: a run that stopped after
 * writing but before recording rewrites the same object key with the same
 * calls; one that stopped after recording deletes without writing again; a
 * call recorded meanwhile for the same day waits for the day's next part.
 * Two runs at once (two replicas) resume the same record and do the same.
 */
import { errorFields, type Logger } from '../log.ts';
import { DAY_MS } from '../store/call-query.ts';
import { utcDay } from '../store/archives.ts';
import type { ArchiveRecord, ArchiveStore, Store } from '../store/port.ts';
import { archiveKey, type ObjectStore } from './archive/object-store.ts';
import { jsonlLine, toExportRow } from './export-rows.ts';

/** Until plans say otherwise (Plan.logRetentionDays), call logs are kept this long. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** Days archived per user per run, so one user's backlog cannot hold the others up; the next run goes on. */
const MAX_DAYS_PER_RUN = 31;
const PAGE = 500;

/** What the job needs of a store: its users and the archive methods (a Convex action builds this over the deployment's functions). */
export type ArchiveJobStore = Pick<Store, 'listUsers'> & ArchiveStore;

export interface ArchiveJobDeps {
  store: ArchiveJobStore;
  objects: ObjectStore;
  /** How many days of call log a user keeps (their plan's); DEFAULT_LOG_RETENTION_DAYS without it. */
  retentionDays?: (userId: string) => number | Promise<number>;
  now?: () => number;
  logger?: Logger;
}

export interface ArchiveRunResult {
  /** Archives finished this run, calls they hold and rows deleted. */
  archives: number;
  calls: number;
  deleted: number;
  /** Users whose archiving failed this run (logged; the next run resumes them). */
  failed: number;
}

/** The start of the first UTC day still within retention: every call before it may be archived. */
export function retentionCutoff(now: number, days: number): number {
  return Math.floor((now - days * DAY_MS) / DAY_MS) * DAY_MS;
}

function checkRetention(days: number, userId: string): number {
  if (!Number.isInteger(days) || days < 1) throw new Error(`log retention for user ${userId} must be a whole number of days of at least 1, not ${days}; check the plan's logRetentionDays`);
  return days;
}

/** Writes an archive's object (unless already written) and deletes its calls; returns what it wrote and deleted. */
export async function finishArchive(deps: Pick<ArchiveJobDeps, 'store' | 'objects'>, archive: ArchiveRecord): Promise<{ calls: number; deleted: number }> {
  const { store, objects } = deps;
  let calls = archive.rows;
  if (archive.status === 'pending') {
    const count = { rows: 0 };
    const key = archiveKey(archive.userId, archive.day, archive.part);
    const stored = await objects.put(key, archiveLines(store, archive, count), { contentType: 'application/x-ndjson; charset=utf-8' });
    await store.markArchiveWritten({ userId: archive.userId, archiveId: archive.id, rows: count.rows, bytes: stored.size });
    calls = count.rows;
  }
  let deleted = 0;
  for (;;) {
    const pass = await store.deleteArchivedCalls({ userId: archive.userId, archiveId: archive.id });
    deleted += pass.deleted;
    if (pass.done) return { calls, deleted };
  }
}

async function* archiveLines(store: ArchiveJobStore, archive: ArchiveRecord, count: { rows: number }): AsyncGenerator<string> {
  let cursor: string | undefined;
  for (;;) {
    const page = await store.listArchiveCalls({ userId: archive.userId, archiveId: archive.id, limit: PAGE, ...(cursor && { cursor }) });
    for (const call of page.calls) {
      count.rows += 1;
      // Arguments never go into an archive: it outlives the argument retention the user chose (CallLogSettings).
      yield jsonlLine({ ...toExportRow(call), arguments: null });
    }
    if (!page.cursor) return;
    cursor = page.cursor;
  }
}

/** Archives one user's days past retention, oldest first, up to MAX_DAYS_PER_RUN. */
async function archiveUser(deps: ArchiveJobDeps, userId: string, now: number, result: ArchiveRunResult): Promise<void> {
  const days = checkRetention(await (deps.retentionDays ?? (() => DEFAULT_LOG_RETENTION_DAYS))(userId), userId);
  const cutoff = retentionCutoff(now, days);
  for (let round = 0; round < MAX_DAYS_PER_RUN; round++) {
    const oldest = await deps.store.oldestCallAt(userId, cutoff);
    if (oldest === null) return;
    const archive = await deps.store.beginArchive({ userId, day: utcDay(oldest) });
    // Its calls are not folded into meters yet: the next run, after the fold.
    if (!archive) return;
    const done = await finishArchive(deps, archive);
    result.archives += 1;
    result.calls += done.calls;
    result.deleted += done.deleted;
  }
}

/** One run over every user; a failing user is logged and skipped, the others go on. */
export async function runArchiveJob(deps: ArchiveJobDeps): Promise<ArchiveRunResult> {
  const now = (deps.now ?? Date.now)();
  const result: ArchiveRunResult = { archives: 0, calls: 0, deleted: 0, failed: 0 };
  for (const user of await deps.store.listUsers()) {
    try {
      await archiveUser(deps, user.id, now, result);
    } catch (error) {
      result.failed += 1;
      deps.logger?.error('call-log archiving failed for a user; the next run resumes it', { userId: user.id, ...errorFields(error) });
    }
  }
  return result;
}
