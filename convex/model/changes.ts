/**
 * Audit entries and the change feed, written in the same transaction as the
 * change they describe. Feed rows are numbered one after another (`seq`) so a
 * replica can tell when the rows it reads do not reach back to the last one it
 * delivered (lib/store/change-feed.ts) instead of silently missing a revocation.
 */
import type { MutationCtx, QueryCtx } from '../_generated/server';
import { CHANGE_RETENTION_MS } from '../../lib/store/change-feed.ts';
import { newId } from '../../lib/store/ids.ts';

export interface Change {
  kind: 'user' | 'key' | 'connection' | 'toolset';
  userId: string;
  actor: string | undefined;
  action: string;
  target: string;
  now: number;
}

export async function recordChange(ctx: MutationCtx, change: Change): Promise<void> {
  await ctx.db.insert('audit', { id: newId('aud'), userId: change.userId, actor: change.actor ?? 'system', action: change.action, target: change.target, at: change.now });
  // Reading the newest row makes concurrent changes conflict, so Convex runs them one after another and no number is given twice.
  const newest = await ctx.db.query('changes').order('desc').first();
  await ctx.db.insert('changes', { kind: change.kind, userId: change.userId, at: change.now, seq: (newest?.seq ?? 0) + 1 });
}

/** Feed rows (no audit entry) of one kind for several users, numbered on from the newest row: a change everyone sees (a remote MCP server for everyone). */
export async function appendChanges(ctx: MutationCtx, kind: Change['kind'], userIds: readonly string[], now: number): Promise<void> {
  let seq = (await ctx.db.query('changes').order('desc').first())?.seq ?? 0;
  for (const userId of userIds) await ctx.db.insert('changes', { kind, userId, at: now, seq: (seq += 1) });
}

/** The newest feed rows, newest first: what replicas subscribe to. Rows written before `seq` existed read as 0. */
export async function latestChanges(ctx: QueryCtx, limit: number) {
  return (await ctx.db.query('changes').order('desc').take(limit)).map(({ seq, kind, userId }) => ({ seq: seq ?? 0, kind, userId }));
}

/** Deletes up to 100 rows past retention, oldest first, but never the newest, whatever its age: the next change is numbered after it. */
export async function pruneChanges(ctx: MutationCtx, now: number): Promise<void> {
  const oldest = await ctx.db.query('changes').order('asc').take(101);
  const candidates = oldest.length === 101 ? oldest.slice(0, 100) : oldest.slice(0, -1);
  for (const change of candidates) {
    if (change.at >= now - CHANGE_RETENTION_MS) break;
    await ctx.db.delete(change._id);
  }
}
