/**
 * Named leases (lib/store/oauth.ts `acquireLease`): single-flight token
 * refresh across replicas. An acquire reads the lease through the index and
 * writes it in the same transaction, so two replicas acquiring at once
 * conflict, Convex retries one, and the retry finds the other's lease.
 */
import type { MutationCtx } from '../_generated/server';
import { leaseProblem } from '../../lib/store/oauth.ts';
import { refuse } from './records.ts';

/** Expired leases of other names deleted per acquire (a crashed holder's lease is otherwise only ever taken over). */
const PRUNE_PER_ACQUIRE = 20;

export async function acquireLease(ctx: MutationCtx, input: { name: string; holder: string; ttlMs: number; now: number }): Promise<boolean> {
  const problem = leaseProblem(input);
  if (problem) refuse('INVALID_INPUT', problem);
  const lease = await ctx.db.query('leases').withIndex('by_name', (q) => q.eq('name', input.name)).unique();
  if (lease && lease.holder !== input.holder && lease.expiresAt > input.now) return false;
  for (const doc of await ctx.db.query('leases').withIndex('by_expiry', (q) => q.lte('expiresAt', input.now)).take(PRUNE_PER_ACQUIRE)) {
    if (doc.name !== input.name) await ctx.db.delete(doc._id);
  }
  const expiresAt = input.now + input.ttlMs;
  if (lease) await ctx.db.patch(lease._id, { holder: input.holder, expiresAt });
  else await ctx.db.insert('leases', { name: input.name, holder: input.holder, expiresAt });
  return true;
}

export async function releaseLease(ctx: MutationCtx, input: { name: string; holder: string }): Promise<boolean> {
  const problem = leaseProblem(input);
  if (problem) refuse('INVALID_INPUT', problem);
  const lease = await ctx.db.query('leases').withIndex('by_name', (q) => q.eq('name', input.name)).unique();
  if (!lease || lease.holder !== input.holder) return false;
  await ctx.db.delete(lease._id);
  return true;
}
