/**
 * Monthly usage exports, the use cases behind `mcphub usage export`, the
 * API's `/usage/exports` and the dashboard's Exports section: a user's calls
 * of one UTC month, one row per call (lib/usage/export-rows.ts), written to
 * object storage as CSV or JSONL and read back by that user only — every key
 * is built from the user's own id (lib/usage/archive/object-store.ts).
 *
 * Rows stream page by page, never the whole month in memory: day by day,
 * newest day first — the day's calls still in the store, newest first as the
 * Logs page lists them, then the day's calls already archived past retention
 * (lib/usage/archive-job.ts), oldest first as archived.
 */
import { DAY_MS } from '../store/call-query.ts';
import { MAX_CALL_PAGE, type ArchiveRecord } from '../store/port.ts';
import { archiveKey, archivePrefix, EXPORT_FORMATS, exportKey, exportPrefix, ObjectStoreUnavailable, type ExportFormat, type ObjectStore } from '../usage/archive/object-store.ts';
import { CSV_HEADER, csvLine, jsonlLine, lines, parseExportRow, toExportRow, type ExportRow } from '../usage/export-rows.ts';
import type { ServiceDeps } from './deps.ts';
import { fromStoreError, ServiceError } from './errors.ts';
import { requireUser } from './users.ts';

/** What exports need: the store, and object storage (absent: exports are off on this hub). */
export type ExportDeps = Pick<ServiceDeps, 'store'> & { objects?: ObjectStore | undefined; now?: () => number };

/** A stored export, as the API lists it. `id` is `<YYYY-MM>.<format>`. */
export interface ExportRecord {
  id: string;
  month: string;
  format: ExportFormat;
  /** Bytes. */
  size: number;
  /** When it was written, ms. */
  createdAt: number;
}

/** What a downloaded export is saved as: `mcphub-usage-2026-11.csv`. */
export const exportFilename = (id: string) => `mcphub-usage-${id}`;

export const CONTENT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const EXPORT_ID = /^(\d{4}-(?:0[1-9]|1[0-2]))\.(csv|jsonl)$/;
/**
 * Users with an export being written in this process: one at a time each, so
 * a person (or a script) asking again and again cannot have the hub read
 * the same month over and over at once.
 */
const exporting = new Set<string>();

/** The earliest month an export may name: before any hub recorded a call. */
const FIRST_YEAR = 2000;

/** Store refusals and object storage not set up, as the service errors the surfaces map; anything else passes through. */
function fromStorageError(error: unknown): unknown {
  if (error instanceof ObjectStoreUnavailable) return new ServiceError('upstream_unreachable', error.message);
  return fromStoreError(error);
}

/** Runs a read of object storage with its set-up refusal as a service error. */
async function storage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw fromStorageError(error);
  }
}

function requireObjects(deps: ExportDeps): ObjectStore {
  if (!deps.objects) throw new ServiceError('not_found', 'Usage exports are off on this hub: it has no object storage. On Convex, set R2_BUCKET, R2_ENDPOINT, R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY with `npx convex env set` (README, "Exports and archives").');
  return deps.objects;
}

/** The start and end (exclusive, ms) of a UTC month `YYYY-MM` that has begun; `invalid`, naming the fix, otherwise. */
export function monthRange(month: string, now: number): { start: number; end: number } {
  const match = MONTH.exec(month);
  if (!match) throw new ServiceError('invalid', `The month must be written YYYY-MM (for example 2026-11), not ${JSON.stringify(month.slice(0, 20))}.`);
  const year = Number(match[1]);
  const start = Date.UTC(year, Number(match[2]) - 1, 1);
  if (year < FIRST_YEAR) throw new ServiceError('invalid', `The month ${month} is before any call this hub can have recorded; pick ${FIRST_YEAR}-01 or later.`);
  if (start > now) throw new ServiceError('invalid', `The month ${month} has not begun yet (months are UTC; it is ${new Date(now).toISOString().slice(0, 7)} now).`);
  return { start, end: Date.UTC(year, Number(match[2]), 1) };
}

export function checkFormat(format: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new ServiceError('invalid', `The format must be ${EXPORT_FORMATS.join(' or ')}, not ${JSON.stringify(format.slice(0, 20))}.`);
  return format as ExportFormat;
}

/** The calls of one day still in the store, newest first, except those in `skip`. */
async function* storedCalls(deps: ExportDeps, userId: string, since: number, until: number, skip: Set<string>): AsyncGenerator<ExportRow> {
  let cursor: string | undefined;
  for (;;) {
    const page = await deps.store.listCalls(userId, { since, until, limit: MAX_CALL_PAGE, ...(cursor && { cursor }) });
    for (const call of page.calls) if (!skip.has(call.id)) yield toExportRow(call);
    if (!page.cursor) return;
    cursor = page.cursor;
  }
}

async function* archivedRows(objects: ObjectStore, key: string): AsyncGenerator<ExportRow> {
  const found = await objects.get(key);
  if (!found) throw new Error(`the archive ${key} is recorded but its object is missing; the export would leave its calls out`);
  for await (const line of lines(found.body)) {
    if (!line) continue;
    const row = parseExportRow(line);
    if (!row) throw new Error(`the archive ${key} holds a line that is not a call row; the export would be incomplete`);
    yield row;
  }
}

/**
 * Every call of the user in [start, end), as rows: per day, newest day
 * first, what is in the store and then what was archived. An archive still
 * being deleted (`written`) has its calls in both places for a moment: they
 * are taken from the archive, once.
 */
export async function* exportRows(deps: ExportDeps & { objects: ObjectStore }, input: { userId: string; start: number; end: number }): AsyncGenerator<ExportRow> {
  const archives = (await deps.store.listArchives(input.userId)).filter((a) => a.status !== 'pending');
  const byDay = new Map<string, ArchiveRecord[]>();
  for (const a of archives) byDay.set(a.day, [...(byDay.get(a.day) ?? []), a].sort((x, y) => x.part - y.part));
  for (let dayStart = input.end - DAY_MS; dayStart >= input.start; dayStart -= DAY_MS) {
    const parts = byDay.get(new Date(dayStart).toISOString().slice(0, 10)) ?? [];
    const skip = new Set<string>();
    for (const part of parts.filter((a) => a.status === 'written')) for await (const row of archivedRows(deps.objects, archiveKey(input.userId, part.day, part.part))) skip.add(row.id);
    yield* storedCalls(deps, input.userId, dayStart, dayStart + DAY_MS, skip);
    for (const part of parts) yield* archivedRows(deps.objects, archiveKey(input.userId, part.day, part.part));
  }
}

/** Rows as the lines of a file in `format` (CSV with its header), counting them into `count`. */
async function* exportLines(rows: AsyncIterable<ExportRow>, format: ExportFormat, count: { rows: number }): AsyncGenerator<string> {
  if (format === 'csv') yield CSV_HEADER;
  for await (const row of rows) {
    count.rows += 1;
    yield format === 'csv' ? csvLine(row) : jsonlLine(row);
  }
}

/**
 * Writes the user's export of `month` (UTC, `YYYY-MM`, begun; the current
 * month exports what is recorded so far) in `format`, replacing an earlier
 * one, and returns its record with how many calls it holds.
 */
export async function exportMonth(deps: ExportDeps, input: { userId: string; month: string; format: string }): Promise<ExportRecord & { rows: number }> {
  const objects = requireObjects(deps);
  const format = checkFormat(input.format);
  const { start, end } = monthRange(input.month, (deps.now ?? Date.now)());
  await requireUser(deps, input.userId);
  if (exporting.has(input.userId)) throw new ServiceError('conflict', 'An export of yours is being written right now; try again when it is done.');
  exporting.add(input.userId);
  const count = { rows: 0 };
  try {
    const stored = await objects.put(exportKey(input.userId, input.month, format), exportLines(exportRows({ ...deps, objects }, { userId: input.userId, start, end }), format, count), { contentType: CONTENT_TYPES[format], filename: exportFilename(`${input.month}.${format}`) });
    return { id: `${input.month}.${format}`, month: input.month, format, size: stored.size, createdAt: stored.modifiedAt, rows: count.rows };
  } catch (error) {
    throw fromStorageError(error);
  } finally {
    exporting.delete(input.userId);
  }
}

/**
 * The user's stored exports, newest month first (CSV before JSONL); null
 * when exports are off on this hub — no object storage, or storage its
 * backend says is not set up (R2 without its variables on Convex).
 */
export async function listExports(deps: ExportDeps, input: { userId: string }): Promise<ExportRecord[] | null> {
  if (!deps.objects) return null;
  const { objects } = deps;
  await requireUser(deps, input.userId);
  const prefix = exportPrefix(input.userId);
  let listed: Awaited<ReturnType<ObjectStore['list']>>;
  try {
    listed = await objects.list(prefix);
  } catch (error) {
    if (error instanceof ObjectStoreUnavailable) return null;
    throw fromStorageError(error);
  }
  const records: ExportRecord[] = [];
  for (const object of listed) {
    const match = EXPORT_ID.exec(object.key.slice(prefix.length));
    if (match) records.push({ id: match[0], month: match[1]!, format: match[2] as ExportFormat, size: object.size, createdAt: object.modifiedAt });
  }
  return records.sort((a, b) => (a.month === b.month ? a.format.localeCompare(b.format) : b.month.localeCompare(a.month)));
}

/** How to hand an export to its user: its bytes (files) or a short-lived signed URL (R2). */
export type ExportDownload = { record: ExportRecord; filename: string; contentType: string } & ({ body: ReadableStream<Uint8Array> } | { url: string });

/** How long a signed download URL works: long enough to start a download, short enough that a leaked link soon dies. */
export const DOWNLOAD_URL_SECONDS = 300;

/** One of the user's exports by id (`2026-11.csv`); `not_found` for an unknown id or none stored, never another user's. */
export async function openExport(deps: ExportDeps & Pick<ServiceDeps, 'hints'>, input: { userId: string; id: string }): Promise<ExportDownload> {
  const objects = requireObjects(deps);
  const match = EXPORT_ID.exec(input.id);
  const missing = () => new ServiceError('not_found', `No export ${JSON.stringify(input.id.slice(0, 40))} of yours. ${deps.hints.exportUsage(undefined, match?.[1])}`);
  if (!match) throw missing();
  const format = match[2] as ExportFormat;
  const key = exportKey(input.userId, match[1]!, format);
  const base = { filename: exportFilename(match[0]), contentType: CONTENT_TYPES[format] };
  if (objects.kind === 'r2') {
    const listed = (await storage(() => objects.list(exportPrefix(input.userId)))).find((object) => object.key === key);
    if (!listed) throw missing();
    const url = await storage(() => objects.downloadUrl(key, { expiresInSeconds: DOWNLOAD_URL_SECONDS }));
    if (url) return { ...base, record: { id: match[0], month: match[1]!, format, size: listed.size, createdAt: listed.modifiedAt }, url };
  }
  const found = await storage(() => objects.get(key));
  if (!found) throw missing();
  return { ...base, record: { id: match[0], month: match[1]!, format, size: found.object.size, createdAt: found.object.modifiedAt }, body: found.body };
}

/** Deletes every export and call-log archive object of a user (their account is being deleted); returns how many. */
export async function deleteUserObjects(objects: ObjectStore | undefined, userId: string): Promise<number> {
  if (!objects) return 0;
  let deleted = 0;
  for (const prefix of [exportPrefix(userId), archivePrefix(userId)]) {
    // A listing may stop at its limit (R2's holds 2,000 keys): list again until nothing is left.
    for (;;) {
      const listed = await objects.list(prefix);
      let gone = 0;
      for (const object of listed) if (await objects.delete(object.key)) gone += 1;
      deleted += gone;
      if (listed.length === 0 || gone === 0) break;
    }
  }
  return deleted;
}
