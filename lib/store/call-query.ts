/**
 * The call log's query rules, shared by both Store adapters: how a query is
 * bounded, which calls it matches, and the opaque cursor of a page. A cursor
 * is the position of the last call a page looked at — its `at` and a tie
 * breaker that only grows as calls are recorded (the embedded row's `seq`,
 * the Convex document's `_creationTime`) — so a page read after new calls
 * arrived neither repeats nor skips one.
 */
import { ARGUMENT_RETENTION_DAYS, MAX_CALL_PAGE, StoreError, USAGE_OUTCOMES, type CallLogSettings, type CallQuery, type UsageEvent } from './port.ts';

/** Longest text filter: more than any tool name, enough for a phrase of an error. */
const MAX_TEXT_FILTER = 200;

export interface CallPosition {
  at: number;
  tie: number;
}

/** A query with its bounds applied: `limit` set, `text` lowercased, the cursor decoded. */
export interface BoundedCallQuery extends Omit<CallQuery, 'cursor' | 'limit'> {
  limit: number;
  after: CallPosition | null;
}

export function encodeCursor(position: CallPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.tie])).toString('base64url');
}

/** The position a cursor names; a StoreError INVALID_INPUT for one this hub did not give out. */
export function decodeCursor(cursor: string): CallPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw new StoreError('INVALID_INPUT', 'cursor is not one this hub gave out; pass the cursor of the previous page as it came, or leave it out for the first page');
  }
  return { at: parsed[0], tie: parsed[1] };
}

/** Checks and bounds a query; a StoreError INVALID_INPUT names what is wrong. */
export function boundCallQuery(query: CallQuery): BoundedCallQuery {
  const { cursor, limit = MAX_CALL_PAGE, text, ...filters } = query;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CALL_PAGE) throw new StoreError('INVALID_INPUT', `limit must be a whole number from 1 to ${MAX_CALL_PAGE}`);
  if (filters.outcome !== undefined && !USAGE_OUTCOMES.includes(filters.outcome)) throw new StoreError('INVALID_INPUT', `outcome must be one of ${USAGE_OUTCOMES.join(', ')}`);
  for (const bound of ['since', 'until'] as const) {
    const value = filters[bound];
    if (value !== undefined && !Number.isFinite(value)) throw new StoreError('INVALID_INPUT', `${bound} must be a time in milliseconds`);
  }
  if (text !== undefined && text.length > MAX_TEXT_FILTER) throw new StoreError('INVALID_INPUT', `text filter must be at most ${MAX_TEXT_FILTER} characters`);
  return { ...filters, ...(text ? { text: text.toLowerCase() } : {}), limit, after: cursor ? decodeCursor(cursor) : null };
}

/** Whether a call passes the query's filters (not its time window or cursor, which the adapters read by index). */
export function matchesCall(call: UsageEvent, query: BoundedCallQuery): boolean {
  if (query.integration !== undefined && call.integration !== query.integration) return false;
  if (query.tool !== undefined && call.tool !== query.tool) return false;
  if (query.keyId !== undefined && call.keyId !== query.keyId) return false;
  if (query.outcome !== undefined && call.outcome !== query.outcome) return false;
  if (query.client !== undefined && call.client !== query.client) return false;
  if (query.text !== undefined && !call.tool.toLowerCase().includes(query.text) && !(call.error ?? '').toLowerCase().includes(query.text)) return false;
  return true;
}

/** Checks call-log settings before either store keeps them. */
export function checkCallLogSettings(input: CallLogSettings): CallLogSettings {
  const { storeArguments, argumentRetentionDays } = input;
  if (typeof storeArguments !== 'boolean') throw new StoreError('INVALID_INPUT', 'storeArguments must be true or false');
  if (!Number.isInteger(argumentRetentionDays) || argumentRetentionDays < ARGUMENT_RETENTION_DAYS.min || argumentRetentionDays > ARGUMENT_RETENTION_DAYS.max) {
    throw new StoreError('INVALID_INPUT', `argumentRetentionDays must be a whole number of days from ${ARGUMENT_RETENTION_DAYS.min} to ${ARGUMENT_RETENTION_DAYS.max}`);
  }
  return { storeArguments, argumentRetentionDays };
}

export const DAY_MS = 86_400_000;
