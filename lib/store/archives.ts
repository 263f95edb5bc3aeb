/**
 * The archive half of the Store port (lib/store/port.ts): call-log rows past
 * a user's retention are written to object storage and only then deleted
 * (lib/usage/archive-job.ts). One archive is one user's calls of one UTC day
 * that were recorded — and folded into meters — before a fixed point of the
 * store's recording order (`recordedBefore`): a call recorded later for the
 * same day (a spool delivered late) goes into the day's next part, never
 * silently into a deletion. The record moves `pending` → `written` (the
 * object is in place) → `done` (its rows are deleted), so a job that crashed
 * anywhere resumes the same record: it rewrites the same object while
 * `pending`, and only deletes once `written`.
 */
import { DAY_MS } from './call-query.ts';
import { StoreError, type CallPage } from './port.ts';

export const ARCHIVE_STATUSES = ['pending', 'written', 'done'] as const;
export type ArchiveStatus = (typeof ARCHIVE_STATUSES)[number];

export interface ArchiveRecord {
  id: string;
  userId: string;
  /** `YYYY-MM-DD`, UTC: the day of the calls it holds. */
  day: string;
  /** 1 for a day's first archive; a later one holds calls of that day recorded after the earlier one began. */
  part: number;
  /** The calls of `day` recorded before this point of the store's recording order are in it (embedded: row seq; Convex: `_creationTime`). */
  recordedBefore: number;
  status: ArchiveStatus;
  /** How many calls and bytes the object holds; 0 until written. */
  rows: number;
  bytes: number;
  createdAt: number;
  /** When its rows were deleted; null until done. */
  doneAt: number | null;
}

/** Most calls one `listArchiveCalls` page returns (and the default). */
export const MAX_ARCHIVE_PAGE = 500;

export interface ArchiveStore {
  /** The `at` of the user's oldest stored call before `before` (ms), or null when there is none. */
  oldestCallAt(userId: string, before: number): Promise<number | null>;
  /**
   * The user's unfinished archive of `day` (pending or written) when there
   * is one, else a new pending one holding the calls of that day recorded
   * and folded so far. Null when there is nothing to archive for the day yet
   * (no calls, or none folded into meters yet: those wait for the next run).
   */
  beginArchive(input: { userId: string; day: string }): Promise<ArchiveRecord | null>;
  /** The calls an archive holds, oldest first, a page at a time (`cursor` from the previous page). */
  listArchiveCalls(input: { userId: string; archiveId: string; cursor?: string; limit?: number }): Promise<CallPage>;
  /** Records that the archive's object is stored, with its size; from `pending` only (a `written` one is returned as it is). */
  markArchiveWritten(input: { userId: string; archiveId: string; rows: number; bytes: number }): Promise<ArchiveRecord>;
  /**
   * Deletes the calls a written archive holds (some of them; call again
   * until `done`), then marks it done. Refused for a pending archive: its
   * object may not be stored yet. Meters are untouched.
   */
  deleteArchivedCalls(input: { userId: string; archiveId: string }): Promise<{ deleted: number; done: boolean }>;
  /** The user's archives, newest day first. */
  listArchives(userId: string): Promise<ArchiveRecord[]>;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC day of a time, `YYYY-MM-DD`. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The start and end (exclusive, ms) of a UTC day; a StoreError INVALID_INPUT for anything but a real `YYYY-MM-DD`. */
export function dayRange(day: string): { start: number; end: number } {
  const match = DAY.exec(day);
  const start = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(start) || utcDay(start) !== day) throw new StoreError('INVALID_INPUT', `day must be a UTC date written YYYY-MM-DD, not ${JSON.stringify(day)}`);
  return { start, end: start + DAY_MS };
}

/** Checks a page size for listArchiveCalls. */
export function archivePageLimit(limit: number | undefined): number {
  const value = limit ?? MAX_ARCHIVE_PAGE;
  if (!Number.isInteger(value) || value < 1 || value > MAX_ARCHIVE_PAGE) throw new StoreError('INVALID_INPUT', `limit must be a whole number from 1 to ${MAX_ARCHIVE_PAGE}`);
  return value;
}

/** Checks the sizes markArchiveWritten records. */
export function checkArchiveSize(input: { rows: number; bytes: number }): void {
  for (const [name, value] of Object.entries({ rows: input.rows, bytes: input.bytes })) {
    if (!Number.isSafeInteger(value) || value < 0) throw new StoreError('INVALID_INPUT', `${name} must be a whole number of at least 0`);
  }
}
