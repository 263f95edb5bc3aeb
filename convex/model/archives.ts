/**
 * Call-log archives on Convex (lib/store/archives.ts). An archive's calls are
 * the user's events of its day created before `recordedBefore` (their
 * `_creationTime`), which is set a settling margin before the clock of the
 * mutation that begins it, so no mutation still in flight can add one below
 * it. A day with an unfolded event below that point is not begun: its
 * usage must reach the meters before its rows may go.
 */
import type { MutationCtx, QueryCtx } from '../_generated/server';
import { archivePageLimit, checkArchiveSize, dayRange } from '../../lib/store/archives.ts';
import { decodeCursor, encodeCursor } from '../../lib/store/call-query.ts';
import { newId } from '../../lib/store/ids.ts';
import type { Doc } from '../_generated/dataModel';
import { FOLD_BATCH } from './usage.ts';
import { refuse, toUsageEvent } from './records.ts';

/** Events deleted per mutation: well inside Convex's per-transaction write limits. */
export const DELETE_BATCH = 500;

const toArchive = ({ _id, _creationTime, ...record }: Doc<'archives'>) => record;

async function archiveDoc(ctx: QueryCtx, userId: string, id: string) {
  const doc = await ctx.db.query('archives').withIndex('by_hub_id', (q) => q.eq('id', id)).unique();
  if (!doc || doc.userId !== userId) refuse('INVALID_INPUT', `no archive ${id} of user ${userId}; begin one with beginArchive`);
  return doc;
}

export async function oldestCallAt(ctx: QueryCtx, userId: string, before: number): Promise<number | null> {
  const doc = await ctx.db.query('usageEvents').withIndex('by_user_at', (q) => q.eq('userId', userId).lt('at', before)).first();
  return doc?.at ?? null;
}

export async function beginArchive(ctx: MutationCtx, input: { userId: string; day: string; settleMs: number; now: number }) {
  // A negative margin would take in events still being written (not yet folded or archivable): refused, not clamped.
  if (!Number.isFinite(input.settleMs) || input.settleMs < 0 || input.settleMs > 3_600_000) refuse('INVALID_INPUT', 'settleMs must be 0 to 3600000 ms');
  const { start, end } = dayRange(input.day);
  const parts = await ctx.db.query('archives').withIndex('by_user_day', (q) => q.eq('userId', input.userId).eq('day', input.day)).collect();
  const open = parts.find((doc) => doc.status !== 'done');
  if (open) return toArchive(open);
  // Every event created in or before the millisecond `settleMs` ago: the current one too when it is 0 (tests).
  const recordedBefore = Math.floor(Date.now()) - input.settleMs + 1;
  const unfolded = await ctx.db.query('usageEvents').withIndex('by_folded', (q) => q.eq('folded', false)).take(FOLD_BATCH + 1);
  // A fold backlog larger than one batch: wait for it rather than read it all here.
  if (unfolded.length > FOLD_BATCH) return null;
  if (unfolded.some((doc) => doc.userId === input.userId && doc.at >= start && doc.at < end && doc._creationTime < recordedBefore)) return null;
  const any = await ctx.db
    .query('usageEvents')
    .withIndex('by_user_at', (q) => q.eq('userId', input.userId).gte('at', start).lt('at', end))
    .filter((q) => q.lt(q.field('_creationTime'), recordedBefore))
    .first();
  if (!any) return null;
  const record = {
    id: newId('arc'), userId: input.userId, day: input.day, part: Math.max(0, ...parts.map((doc) => doc.part)) + 1, recordedBefore,
    status: 'pending' as const, rows: 0, bytes: 0, createdAt: input.now, doneAt: null,
  };
  await ctx.db.insert('archives', record);
  return record;
}

/** Oldest first from the cursor (the last call's `at` and `_creationTime`): the rest of that millisecond, then the later ones of the day. */
export async function listArchiveCalls(ctx: QueryCtx, input: { userId: string; archiveId: string; cursor?: string; limit?: number }) {
  const a = await archiveDoc(ctx, input.userId, input.archiveId);
  const size = archivePageLimit(input.limit);
  const { start, end } = dayRange(a.day);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const table = () => ctx.db.query('usageEvents');
  const ranges = after
    ? [
        table().withIndex('by_user_at', (r) => r.eq('userId', input.userId).eq('at', after.at).gt('_creationTime', after.tie)),
        table().withIndex('by_user_at', (r) => r.eq('userId', input.userId).gt('at', after.at).lt('at', end)),
      ]
    : [table().withIndex('by_user_at', (r) => r.eq('userId', input.userId).gte('at', start).lt('at', end))];
  const docs: Doc<'usageEvents'>[] = [];
  for (const range of ranges) {
    if (docs.length > size) break;
    docs.push(...(await range.filter((q) => q.lt(q.field('_creationTime'), a.recordedBefore)).take(size + 1 - docs.length)));
  }
  const page = docs.slice(0, size);
  const last = page.at(-1);
  return { calls: page.map(toUsageEvent), cursor: docs.length > size && last ? encodeCursor({ at: last.at, tie: last._creationTime }) : null };
}

export async function markArchiveWritten(ctx: MutationCtx, input: { userId: string; archiveId: string; rows: number; bytes: number }) {
  checkArchiveSize(input);
  const a = await archiveDoc(ctx, input.userId, input.archiveId);
  if (a.status !== 'pending') return toArchive(a);
  await ctx.db.patch(a._id, { status: 'written', rows: input.rows, bytes: input.bytes });
  return { ...toArchive(a), status: 'written' as const, rows: input.rows, bytes: input.bytes };
}

export async function deleteArchivedCalls(ctx: MutationCtx, input: { userId: string; archiveId: string; now: number }) {
  const a = await archiveDoc(ctx, input.userId, input.archiveId);
  if (a.status === 'done') return { deleted: 0, done: true };
  if (a.status === 'pending') refuse('INVALID_INPUT', `archive ${input.archiveId} is not written yet; store its object and call markArchiveWritten first`);
  const { start, end } = dayRange(a.day);
  const docs = await ctx.db
    .query('usageEvents')
    .withIndex('by_user_at', (q) => q.eq('userId', input.userId).gte('at', start).lt('at', end))
    .filter((q) => q.lt(q.field('_creationTime'), a.recordedBefore))
    .take(DELETE_BATCH);
  for (const doc of docs) await ctx.db.delete(doc._id);
  const done = docs.length < DELETE_BATCH;
  if (done) await ctx.db.patch(a._id, { status: 'done', doneAt: input.now });
  return { deleted: docs.length, done };
}

export async function listArchives(ctx: QueryCtx, userId: string) {
  const docs = await ctx.db.query('archives').withIndex('by_user_day', (q) => q.eq('userId', userId)).order('desc').collect();
  return docs.map(toArchive);
}
