/**
 * The conventions every `/api/v1` route shares, in one place: the error body
 * and which status each refusal gets, validation failures worded as a fix,
 * and cursor pagination. Routes return `status(code, body)` (never
 * `Response.json`), so Eden sees each route's data type unmixed.
 */
import { status, t, type ValidationError } from 'elysia';
import { ServiceError, type ServiceErrorCode } from '../services/errors.ts';

/** A request whose shape is wrong in a way no schema can say (a cursor this API never gave out): answered 400. */
export class BadRequest extends Error {
  override name = 'BadRequest';
}

export const ErrorBody = t.Object({ error: t.Object({ code: t.String(), message: t.String() }) });
export type ErrorBody = typeof ErrorBody.static;

const STATUS: Record<ServiceErrorCode, 400 | 401 | 403 | 404 | 409 | 422 | 429 | 502> = {
  not_found: 404,
  invalid: 422,
  conflict: 409,
  credential_rejected: 422,
  upstream_unreachable: 502,
  rate_limited: 429,
  unauthenticated: 401,
  forbidden: 403,
  plan_limit: 403,
};

const body = (code: string, message: string): ErrorBody => ({ error: { code, message } });

/** The response for a use case's refusal, or null for anything else (a bug or an outage: a 500). */
export function errorResponse(error: unknown, set: { headers: Record<string, unknown> }) {
  if (error instanceof BadRequest) return status(400, body('invalid', error.message));
  if (!(error instanceof ServiceError)) return null;
  if (error.retryAfterSeconds !== undefined) set.headers['retry-after'] = String(error.retryAfterSeconds);
  return status(STATUS[error.code], body(error.code, error.message));
}

export function internalError() {
  return status(500, body('internal_error', 'MCP Hub hit an internal error; details are in the hub log.'));
}

/**
 * What was wrong with a request, naming the field and what it must be (never
 * echoing the value: it may be a password). Elysia checks a coerced query or
 * path number on its own and loses its name ('property'), so those fields'
 * descriptions start with their name.
 */
export function validationResponse(error: Readonly<Pick<ValidationError, 'all' | 'type'>>) {
  const first = error.all[0];
  const path = first && 'path' in first && first.path ? first.path.replace(/^\//, '').replaceAll('/', '.') : '';
  const where = error.type === 'params' ? 'path' : error.type === 'property' ? 'query or path' : error.type;
  const field = path ? `${where} field "${path}"` : `${where} value`;
  const expected = first && 'schema' in first ? describe(first.schema as Record<string, unknown>) : null;
  const problem = first && 'summary' in first && first.summary ? first.summary : 'is not valid';
  const fix = expected ? ` It must be ${expected}.` : '';
  return status(400, body('invalid', `Invalid ${field}: ${problem.replace(/\.$/, '')}.${fix}`));
}

/** A schema as a few words ("a string of 1 to 100 characters"), for the fix in a validation message. */
function describe(schema: Record<string, unknown>): string | null {
  if (schema.description) return String(schema.description);
  switch (schema.type) {
    case 'string':
      return `a string${range(schema.minLength, schema.maxLength, 'characters')}`;
    case 'integer':
    case 'number':
      return `a ${schema.type === 'integer' ? 'whole number' : 'number'}${range(schema.minimum, schema.maximum, '')}`;
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'a JSON object';
    default:
      return Array.isArray(schema.anyOf) ? `one of ${schema.anyOf.map((s: { const?: unknown }) => JSON.stringify(s.const)).join(', ')}` : null;
  }
}

function range(min: unknown, max: unknown, unit: string): string {
  const suffix = unit ? ` ${unit}` : '';
  if (min !== undefined && max !== undefined) return ` of ${min} to ${max}${suffix}`;
  if (max !== undefined) return ` of at most ${max}${suffix}`;
  if (min !== undefined) return ` of at least ${min}${suffix}`;
  return '';
}

/** The error statuses any signed-in route may answer, for its `response` schema (so Eden types them too). */
export const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody, 500: ErrorBody, 502: ErrorBody };

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export const PageQuery = t.Object({
  limit: t.Optional(t.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: `"limit", a whole number from 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` })),
  cursor: t.Optional(t.String({ maxLength: 200, description: 'the nextCursor of the page before, unchanged; leave it out for the first page' })),
});
export type PageQuery = typeof PageQuery.static;

/** `{ items, nextCursor }` of `item`: the shape of every list. `nextCursor` is null on the last page. */
export const Page = <T extends Parameters<typeof t.Array>[0]>(item: T) => t.Object({ items: t.Array(item), nextCursor: t.Union([t.String(), t.Null()]) });

/**
 * One page of `items`, ordered by `positionOf` (unique per item) ascending
 * or descending. The cursor is the last returned item's position, so a page
 * never repeats or skips an item when others are added or removed between
 * requests.
 */
export function paginate<T>(items: readonly T[], query: PageQuery, positionOf: (item: T) => string, order: 'asc' | 'desc' = 'asc'): { items: T[]; nextCursor: string | null } {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const sign = order === 'asc' ? 1 : -1;
  const sorted = items.map((item) => ({ item, position: positionOf(item) })).sort((a, b) => sign * (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  const rest = after === null ? sorted : sorted.filter(({ position }) => sign * (position < after ? -1 : position > after ? 1 : 0) > 0);
  const page = rest.slice(0, limit);
  return { items: page.map(({ item }) => item), nextCursor: rest.length > limit ? encodeCursor(page[page.length - 1]!.position) : null };
}

/** A position that sorts as its parts do: a time (ms) zero-padded, then an id. */
export const timePosition = (at: number, id: string) => `${String(at).padStart(15, '0')}:${id}`;

const CURSOR_PREFIX = 'c1.';

function encodeCursor(position: string): string {
  return CURSOR_PREFIX + Buffer.from(position).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const position = cursor.startsWith(CURSOR_PREFIX) ? Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url').toString() : '';
  if (!position) throw new BadRequest('The cursor is not one this API gave out. Pass the nextCursor of the page before unchanged, or leave cursor out to start from the first page.');
  return position;
}
