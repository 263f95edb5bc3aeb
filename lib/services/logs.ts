/**
 * The Logs page's use cases: a user's calls (filtered, paged), one call, the
 * live tail, and the call-log settings (store arguments or not, and for how
 * long). Every function is scoped to the given user id: a call of another
 * user reads as not found, never as forbidden.
 */
import { boundCallQuery, matchesCall } from '../store/call-query.ts';
import { createCallTail, DEFAULT_MAX_QUEUED, type CallTail } from '../usage/call-tail.ts';
import { ARGUMENT_RETENTION_DAYS, type CallLogSettings, type CallPage, type CallQuery, type UsageEvent } from '../store/port.ts';
import type { ServiceDeps } from './deps.ts';
import { fromStoreError, ServiceError } from './errors.ts';
import { requireUser } from './users.ts';

type LogDeps = Pick<ServiceDeps, 'store'>;

/** The user's calls matching `query`, newest first; follow `cursor` for the next page. A bad filter or cursor is `invalid`, naming the fix. */
export async function listCalls(deps: LogDeps, input: { userId: string } & CallQuery): Promise<CallPage> {
  const { userId, ...query } = input;
  await requireUser(deps, userId);
  try {
    return await deps.store.listCalls(userId, query);
  } catch (error) {
    throw fromStoreError(error);
  }
}

/** One of the user's calls with its error text and (when stored) redacted arguments; `not_found` for an unknown id or another user's. */
export async function getCall(deps: LogDeps, input: { userId: string; id: string }): Promise<UsageEvent> {
  const call = await deps.store.getCall(input.userId, input.id);
  if (!call) throw new ServiceError('not_found', `No call ${input.id} in your log. Calls are listed on the Logs page.`);
  return call;
}

/** What a live view may filter on: the list's filters and time window, without paging. */
export type TailFilter = Omit<CallQuery, 'cursor' | 'limit'>;

/**
 * New calls of the user as they are recorded, for a live view: only those
 * `filter` matches (the same rules as listCalls, so a filtered page and its
 * tail agree). Iterate it, and `close()` it when the viewer goes away. At
 * most `maxQueued` calls wait for a slow reader; older ones are dropped and
 * reported as a `dropped` item. A bad filter is `invalid`, naming the fix.
 */
export async function tailCalls(deps: LogDeps, input: { userId: string; filter?: TailFilter; maxQueued?: number }): Promise<CallTail> {
  await requireUser(deps, input.userId);
  let query;
  try {
    query = boundCallQuery(input.filter ?? {});
  } catch (error) {
    throw fromStoreError(error);
  }
  const { since, until } = query;
  const wanted = (call: UsageEvent) => matchesCall(call, query) && (since === undefined || call.at >= since) && (until === undefined || call.at < until);
  return createCallTail((onCall) => deps.store.watchCalls(input.userId, (call) => wanted(call) && onCall(call)), input.maxQueued ?? DEFAULT_MAX_QUEUED);
}

export async function readCallLogSettings(deps: LogDeps, input: { userId: string }): Promise<CallLogSettings> {
  await requireUser(deps, input.userId);
  return deps.store.getCallLogSettings(input.userId);
}

/**
 * Changes what the user's call log keeps; omitted fields stay as they are.
 * Calls use the change within a second (it invalidates the user's cached
 * keys). Turning arguments off drops the stored ones at the next purge.
 */
export async function changeCallLogSettings(
  deps: LogDeps & Pick<ServiceDeps, 'actor'>,
  input: { userId: string; storeArguments?: boolean; argumentRetentionDays?: number },
): Promise<CallLogSettings> {
  const current = await readCallLogSettings(deps, input);
  const days = input.argumentRetentionDays ?? current.argumentRetentionDays;
  if (!Number.isInteger(days) || days < ARGUMENT_RETENTION_DAYS.min || days > ARGUMENT_RETENTION_DAYS.max) {
    throw new ServiceError('invalid', `Keep arguments for a whole number of days from ${ARGUMENT_RETENTION_DAYS.min} to ${ARGUMENT_RETENTION_DAYS.max}; ${days} is not one.`);
  }
  try {
    return await deps.store.setCallLogSettings({ userId: input.userId, storeArguments: input.storeArguments ?? current.storeArguments, argumentRetentionDays: days, actor: deps.actor });
  } catch (error) {
    throw fromStoreError(error);
  }
}
