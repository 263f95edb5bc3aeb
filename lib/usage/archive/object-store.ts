/**
 * The object storage port: where usage exports and call-log archives go.
 * Two backends implement it — files in the data dir (embedded default,
 * ./file-store.ts) and Cloudflare R2 through the `@convex-dev/r2` component
 * (Convex deployments, ./r2-store.ts). Keys are built only here, from
 * validated parts, so no caller can name a path outside its own prefix.
 */

/** What a backend knows of a stored object. */
export interface StoredObject {
  key: string;
  /** Bytes. */
  size: number;
  /** When it was last written, ms. */
  modifiedAt: number;
}

export interface ObjectStore {
  /** `files` streams downloads through the hub's API; `r2` hands out signed URLs. */
  readonly kind: 'files' | 'r2';
  /**
   * Stores `body` under `key`, replacing what is there; a reader never sees
   * half of it. Resolves once it is stored. `filename` is what a browser
   * following a signed URL saves it as (files: the API names it instead).
   */
  put(key: string, body: AsyncIterable<string | Uint8Array>, options: { contentType: string; filename?: string }): Promise<StoredObject>;
  /** The object and its bytes as a stream; null when there is none. */
  get(key: string): Promise<{ object: StoredObject; body: ReadableStream<Uint8Array> } | null>;
  /** The objects whose keys start with `prefix` (a folder, ending in `/`), by key. */
  list(prefix: string): Promise<StoredObject[]>;
  /** Removes an object; false when there was none. */
  delete(key: string): Promise<boolean>;
  /** A short-lived URL to download the object from, when the backend signs them (R2); null when it does not (files: the API streams it). */
  downloadUrl(key: string, options: { expiresInSeconds: number }): Promise<string | null>;
}

/** One path segment of a key: letters, digits, `.`, `_`, `-`, not starting with a dot (so never `.` or `..`, nor a hidden temp file). */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const MAX_KEY = 512;

/** An error for a key no caller of this module builds: a bug or a forged id, never stored. */
export class ObjectKeyError extends Error {
  override name = 'ObjectKeyError';
}

/** Checks a whole key (`a/b/c.jsonl`) or a prefix (`a/b/`); throws ObjectKeyError naming the rule. */
export function checkKey(key: string, { prefix = false } = {}): string {
  const body = prefix ? key.replace(/\/$/, '') : key;
  if (prefix && !key.endsWith('/')) throw new ObjectKeyError(`object prefix ${JSON.stringify(key)} must end with "/"`);
  if (key.length > MAX_KEY || body.split('/').some((segment) => !SEGMENT.test(segment))) {
    throw new ObjectKeyError(`object key ${JSON.stringify(key)} must be at most ${MAX_KEY} characters of "/"-separated segments of letters, digits, ".", "_" and "-", none starting with "."`);
  }
  return key;
}

/** Checks one id before it becomes a key segment. */
function segment(value: string, what: string): string {
  if (!SEGMENT.test(value)) throw new ObjectKeyError(`${what} ${JSON.stringify(value)} cannot be part of an object key`);
  return value;
}

/** The backend is not set up or not reachable as configured (R2's variables on the Convex deployment); the message names the fix. */
export class ObjectStoreUnavailable extends Error {
  override name = 'ObjectStoreUnavailable';
}

/** A Content-Disposition for a download; filenames are built from checked ids, and anything else is refused rather than escaped. */
export function attachment(filename: string): string {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(filename)) throw new ObjectKeyError(`download filename ${JSON.stringify(filename)} must be letters, digits, ".", "_" and "-"`);
  return `attachment; filename="${filename}"`;
}

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where a user's exports live: `exports/<user id>/`. */
export const exportPrefix = (userId: string) => `exports/${segment(userId, 'user id')}/`;
/** One month's export of a user: `exports/<user id>/<YYYY-MM>.<format>`. */
export const exportKey = (userId: string, month: string, format: ExportFormat) => checkKey(`${exportPrefix(userId)}${segment(month, 'month')}.${format}`);
/** Where a user's call-log archives live: `logs/<user id>/`. */
export const archivePrefix = (userId: string) => `logs/${segment(userId, 'user id')}/`;
/** One archive part of a user's day: `logs/<user id>/<YYYY-MM>/<YYYY-MM-DD>.<part>.jsonl` (one folder a month keeps listings short). */
export const archiveKey = (userId: string, day: string, part: number) => checkKey(`${archivePrefix(userId)}${segment(day.slice(0, 7), 'month')}/${segment(day, 'day')}.${part}.jsonl`);
