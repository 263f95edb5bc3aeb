/** Audit entries and the change feed, written in the same transaction as the change they describe. */
import type { MutationCtx } from '../_generated/server';
import { newId } from '../../lib/store/ids.ts';

export interface Change {
  kind: 'user' | 'key' | 'connection';
  userId: string;
  actor: string | undefined;
  action: string;
  target: string;
  now: number;
}

export async function recordChange(ctx: MutationCtx, change: Change): Promise<void> {
  await ctx.db.insert('audit', { id: newId('aud'), userId: change.userId, actor: change.actor ?? 'system', action: change.action, target: change.target, at: change.now });
  await ctx.db.insert('changes', { kind: change.kind, userId: change.userId, at: change.now });
}
