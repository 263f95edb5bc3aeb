/**
 * Started OAuth flows and connect links (lib/store/oauth.ts), stored under
 * SHA-256 hashes of their tokens. A take reads its record through the index
 * and deletes it in the same transaction, so two takers conflict, Convex
 * retries one, and the retry finds nothing: exactly one wins. Expired rows
 * are pruned a bounded batch at a time as new ones are written.
 */
import type { MutationCtx } from '../_generated/server';
import { connectLinkProblem, oauthStateProblem, type NewOAuthState } from '../../lib/store/oauth.ts';
import { refuse } from './records.ts';
import { userById } from './users.ts';

/** Expired rows deleted per insert: more than are written, so expired rows never pile up; bounded per transaction. */
const PRUNE_PER_INSERT = 20;

async function pruneExpired(ctx: MutationCtx, table: 'oauthStates' | 'connectLinks', now: number): Promise<void> {
  for (const doc of await ctx.db.query(table).withIndex('by_expiry', (q) => q.lte('expiresAt', now)).take(PRUNE_PER_INSERT)) await ctx.db.delete(doc._id);
}

export async function createOAuthState(ctx: MutationCtx, input: NewOAuthState & { now: number }) {
  const problem = oauthStateProblem(input);
  if (problem) refuse('INVALID_INPUT', problem);
  if (!(await userById(ctx, input.userId))) refuse('USER_NOT_FOUND', `no user with id ${input.userId}`);
  await pruneExpired(ctx, 'oauthStates', input.now);
  const record = {
    userId: input.userId, sessionId: input.sessionId, slug: input.slug, sealedVerifier: input.sealedVerifier, redirectUri: input.redirectUri,
    scopes: input.scopes, purpose: input.purpose ?? ('connect' as const), returnTo: input.returnTo ?? null, createdAt: input.now, expiresAt: input.expiresAt,
  };
  await ctx.db.insert('oauthStates', { ...record, hash: input.hash });
  return record;
}

export async function consumeOAuthState(ctx: MutationCtx, input: { hash: string; now: number }) {
  const doc = await ctx.db.query('oauthStates').withIndex('by_hash', (q) => q.eq('hash', input.hash)).unique();
  if (!doc) return null;
  // Deleted whether or not it has expired: an expired state is of no use to anyone.
  await ctx.db.delete(doc._id);
  if (doc.expiresAt <= input.now) return null;
  const { _id, _creationTime, hash, ...record } = doc;
  return record;
}

export async function createConnectLink(ctx: MutationCtx, input: { hash: string; userId: string; slug: string; expiresAt: number; now: number }) {
  const problem = connectLinkProblem(input);
  if (problem) refuse('INVALID_INPUT', problem);
  if (!(await userById(ctx, input.userId))) refuse('USER_NOT_FOUND', `no user with id ${input.userId}`);
  await pruneExpired(ctx, 'connectLinks', input.now);
  const link = { userId: input.userId, slug: input.slug, createdAt: input.now, expiresAt: input.expiresAt };
  await ctx.db.insert('connectLinks', { ...link, hash: input.hash });
  return link;
}

export async function consumeConnectLink(ctx: MutationCtx, input: { hash: string; userId: string; now: number }) {
  const doc = await ctx.db.query('connectLinks').withIndex('by_hash', (q) => q.eq('hash', input.hash)).unique();
  if (!doc) return null;
  const expired = doc.expiresAt <= input.now;
  // The owner's link goes (used or expired); another user's only when it has expired anyway.
  if (doc.userId === input.userId || expired) await ctx.db.delete(doc._id);
  if (doc.userId !== input.userId || expired) return null;
  return { userId: doc.userId, slug: doc.slug, createdAt: doc.createdAt, expiresAt: doc.expiresAt };
}
