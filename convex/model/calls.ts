/**
 * The call log on Convex: the Logs page's query, one call, the live tail's
 * window, the settings rows and the arguments' retention purge. A page walks
 * the `by_user_at` index (userId, at, _creationTime) newest first from the
 * cursor; filters without an index (tool, outcome, text…) are applied as it
 * goes, and one page reads at most SCAN_LIMIT documents, so a rare filter
 * returns a short page with a cursor instead of a query past Convex's limits.
 */
import type { MutationCtx, QueryCtx } from '../_generated/server';
import { boundCallQuery, checkCallLogSettings, DAY_MS, encodeCursor, matchesCall, type BoundedCallQuery } from '../../lib/store/call-query.ts';
import { DEFAULT_CALL_LOG_SETTINGS, type CallLogSettings, type CallQuery } from '../../lib/store/port.ts';
import { recordChange } from './changes.ts';
import { refuse, toUsageEvent } from './records.ts';
import { userById } from './users.ts';

/** Documents one page may read: well inside a query's read limits. */
export const SCAN_LIMIT = 2_000;
/** Events cleared per user per purge run; a full batch schedules another run. */
export const PURGE_BATCH = 500;

/** The index ranges a page reads, in order: the rest of the cursor's millisecond, then everything older inside the window. */
function ranges(ctx: QueryCtx, userId: string, q: BoundedCallQuery) {
  const table = () => ctx.db.query('usageEvents');
  const after = q.after;
  const older = table()
    .withIndex('by_user_at', (r) => {
      const lower = q.since === undefined ? r.eq('userId', userId) : r.eq('userId', userId).gte('at', q.since);
      const upper = after ? Math.min(after.at, q.until ?? Infinity) : q.until;
      return upper === undefined || upper === Infinity ? lower : lower.lt('at', upper);
    })
    .order('desc');
  if (!after) return [older];
  const sameMs = table().withIndex('by_user_at', (r) => r.eq('userId', userId).eq('at', after.at).lt('_creationTime', after.tie)).order('desc');
  return [sameMs, older];
}

export async function listCalls(ctx: QueryCtx, userId: string, query: CallQuery) {
  const q = boundCallQuery(query);
  const calls: ReturnType<typeof toUsageEvent>[] = [];
  let scanned = 0;
  for (const range of ranges(ctx, userId, q)) {
    for await (const doc of range) {
      scanned += 1;
      const call = toUsageEvent(doc);
      if (matchesCall(call, q)) calls.push(call);
      if (calls.length === q.limit || scanned === SCAN_LIMIT) return { calls, cursor: encodeCursor({ at: doc.at, tie: doc._creationTime }) };
    }
  }
  return { calls, cursor: null };
}

export async function getCall(ctx: QueryCtx, userId: string, id: string) {
  const doc = await ctx.db.query('usageEvents').withIndex('by_event_id', (q) => q.eq('id', id)).first();
  return doc && doc.userId === userId ? toUsageEvent(doc) : null;
}

/** The user's newest calls with their position, newest first: what the live tail polls or subscribes to. */
export async function latestCalls(ctx: QueryCtx, userId: string, limit: number) {
  const docs = await ctx.db.query('usageEvents').withIndex('by_user_at', (q) => q.eq('userId', userId)).order('desc').take(limit);
  return docs.map((doc) => ({ ...toUsageEvent(doc), seq: doc._creationTime }));
}

async function settingsDoc(ctx: QueryCtx, userId: string) {
  return ctx.db.query('callLogSettings').withIndex('by_user', (q) => q.eq('userId', userId)).unique();
}

export async function callLogSettings(ctx: QueryCtx, userId: string): Promise<CallLogSettings> {
  const doc = await settingsDoc(ctx, userId);
  return doc ? { storeArguments: doc.storeArguments, argumentRetentionDays: doc.argumentRetentionDays } : { ...DEFAULT_CALL_LOG_SETTINGS };
}

export async function setCallLogSettings(ctx: MutationCtx, input: { userId: string; actor?: string; now: number } & CallLogSettings) {
  const settings = checkCallLogSettings(input);
  if (!(await userById(ctx, input.userId))) refuse('USER_NOT_FOUND', `no user with id ${input.userId}`);
  const doc = await settingsDoc(ctx, input.userId);
  if (doc) await ctx.db.patch(doc._id, { ...settings, updatedAt: input.now });
  else await ctx.db.insert('callLogSettings', { userId: input.userId, ...settings, updatedAt: input.now });
  const target = settings.storeArguments ? `arguments stored ${settings.argumentRetentionDays} days` : 'arguments not stored';
  await recordChange(ctx, { kind: 'user', userId: input.userId, actor: input.actor, action: 'settings.call_log', target, now: input.now });
  return settings;
}

/**
 * Clears arguments past each user's retention (all of them for a user who
 * stopped storing them), up to PURGE_BATCH per user. Only users with a
 * settings row can have arguments: storing them needs the setting on. The
 * index holds only events still marked `hasArguments`, so nothing else is read.
 * Returns how many were cleared and whether a user had a full batch (more to do).
 */
export async function purgeArguments(ctx: MutationCtx, now: number): Promise<{ events: number; more: boolean }> {
  let events = 0;
  let more = false;
  for (const settings of await ctx.db.query('callLogSettings').collect()) {
    const cutoff = settings.storeArguments ? now - settings.argumentRetentionDays * DAY_MS : now;
    const expired = await ctx.db
      .query('usageEvents')
      .withIndex('by_user_arguments', (q) => q.eq('userId', settings.userId).eq('hasArguments', true).lt('at', cutoff))
      .take(PURGE_BATCH);
    for (const doc of expired) await ctx.db.patch(doc._id, { arguments: undefined, hasArguments: undefined });
    events += expired.length;
    if (expired.length === PURGE_BATCH) more = true;
  }
  return { events, more };
}
