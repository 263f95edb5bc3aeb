/**
 * Dashboard sessions and one-time tokens (lib/store/accounts.ts), stored
 * under SHA-256 hashes of their tokens. A consume reads its token through the
 * index and deletes it in the same transaction, so two consumers conflict,
 * Convex retries one, and the retry finds nothing: exactly one wins.
 */
import type { Infer } from 'convex/values';
import type { MutationCtx, QueryCtx } from '../_generated/server';
import { newId } from '../../lib/store/ids.ts';
import type { OneTimeTokenKind } from '../../lib/store/accounts.ts';
import type { vOneTimeTokenPurpose } from '../validators.ts';
import { refuse, toOneTimeToken, toSession, toUser } from './records.ts';
import { userById } from './users.ts';

/** Expired rows deleted per insert: enough to keep up with sign-ins, bounded per transaction. */
const PRUNE_PER_INSERT = 20;

async function pruneExpired(ctx: MutationCtx, table: 'sessions' | 'oneTimeTokens', now: number): Promise<void> {
  for (const doc of await ctx.db.query(table).withIndex('by_expiry', (q) => q.lte('expiresAt', now)).take(PRUNE_PER_INSERT)) await ctx.db.delete(doc._id);
}

export async function createSession(ctx: MutationCtx, input: { userId: string; tokenHash: string; userAgent: string | null; expiresAt: number; now: number }) {
  if (!(await userById(ctx, input.userId))) refuse('USER_NOT_FOUND', `no user with id ${input.userId}`);
  await pruneExpired(ctx, 'sessions', input.now);
  const session = { id: newId('ses'), userId: input.userId, createdAt: input.now, lastSeenAt: input.now, expiresAt: input.expiresAt, userAgent: input.userAgent };
  await ctx.db.insert('sessions', { ...session, tokenHash: input.tokenHash });
  return session;
}

export async function resolveSession(ctx: QueryCtx, input: { tokenHash: string; now: number }) {
  const doc = await ctx.db.query('sessions').withIndex('by_token_hash', (q) => q.eq('tokenHash', input.tokenHash)).unique();
  if (!doc || doc.expiresAt <= input.now) return null;
  const user = await userById(ctx, doc.userId);
  return user ? { session: toSession(doc), user: toUser(user) } : null;
}

export async function touchSession(ctx: MutationCtx, input: { id: string; at: number; expiresAt: number }) {
  const doc = await ctx.db.query('sessions').withIndex('by_hub_id', (q) => q.eq('id', input.id)).unique();
  if (doc) await ctx.db.patch(doc._id, { lastSeenAt: Math.max(doc.lastSeenAt, input.at), expiresAt: Math.max(doc.expiresAt, input.expiresAt) });
}

export async function listSessions(ctx: QueryCtx, input: { userId: string; now: number }) {
  const docs = await ctx.db.query('sessions').withIndex('by_user', (q) => q.eq('userId', input.userId)).order('desc').collect();
  return docs.filter((d) => d.expiresAt > input.now).map(toSession);
}

export async function revokeSession(ctx: MutationCtx, input: { id: string; userId: string }): Promise<boolean> {
  const doc = await ctx.db.query('sessions').withIndex('by_hub_id', (q) => q.eq('id', input.id)).unique();
  if (!doc || doc.userId !== input.userId) return false;
  await ctx.db.delete(doc._id);
  return true;
}

export async function revokeSessions(ctx: MutationCtx, input: { userId: string; now: number }): Promise<number> {
  const docs = await ctx.db.query('sessions').withIndex('by_user', (q) => q.eq('userId', input.userId)).collect();
  for (const doc of docs) await ctx.db.delete(doc._id);
  return docs.filter((d) => d.expiresAt > input.now).length;
}

export async function createOneTimeToken(ctx: MutationCtx, input: { purpose: Infer<typeof vOneTimeTokenPurpose>; tokenHash: string; expiresAt: number; now: number }) {
  const { purpose } = input;
  if (purpose.kind === 'reset' && !(await userById(ctx, purpose.userId))) refuse('USER_NOT_FOUND', `no user with id ${purpose.userId}`);
  await pruneExpired(ctx, 'oneTimeTokens', input.now);
  const doc = {
    id: newId('ott'),
    tokenHash: input.tokenHash,
    kind: purpose.kind,
    email: purpose.kind === 'invite' ? purpose.email : null,
    role: purpose.kind === 'invite' ? purpose.role : null,
    userId: purpose.kind === 'reset' ? purpose.userId : null,
    createdAt: input.now,
    expiresAt: input.expiresAt,
  };
  await ctx.db.insert('oneTimeTokens', doc);
  return toOneTimeToken(doc);
}

export async function consumeOneTimeToken(ctx: MutationCtx, input: { tokenHash: string; kind: OneTimeTokenKind; now: number }) {
  const doc = await ctx.db.query('oneTimeTokens').withIndex('by_token_hash', (q) => q.eq('tokenHash', input.tokenHash)).unique();
  if (!doc || doc.kind !== input.kind || doc.expiresAt <= input.now) return null;
  await ctx.db.delete(doc._id);
  return toOneTimeToken(doc);
}
