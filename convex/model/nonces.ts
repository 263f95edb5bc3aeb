/**
 * Replay protection for signed `/fn` calls (the Store's `claimNonce`). A claim
 * reads its nonce through the index and writes it in the same transaction, so
 * two replicas claiming the same nonce at once conflict, Convex retries one,
 * and the retry finds the claim: exactly one of them wins.
 */
import type { MutationCtx } from '../_generated/server';

/** Expired nonces deleted per transaction by the scheduled prune. */
export const PRUNE_BATCH = 1_000;

export async function claimNonce(ctx: MutationCtx, { nonce, expiresAt, now }: { nonce: string; expiresAt: number; now: number }): Promise<boolean> {
  const existing = await ctx.db.query('nonces').withIndex('by_nonce', (q) => q.eq('nonce', nonce)).unique();
  if (existing && existing.expiresAt > now) return false;
  // An expired claim the prune has not reached yet is taken over.
  if (existing) await ctx.db.patch(existing._id, { expiresAt });
  else await ctx.db.insert('nonces', { nonce, expiresAt });
  return true;
}

/** Deletes up to PRUNE_BATCH nonces expired by `now`; returns how many. */
export async function pruneNonces(ctx: MutationCtx, now: number): Promise<number> {
  const expired = await ctx.db.query('nonces').withIndex('by_expiry', (q) => q.lte('expiresAt', now)).take(PRUNE_BATCH);
  for (const doc of expired) await ctx.db.delete(doc._id);
  return expired.length;
}
