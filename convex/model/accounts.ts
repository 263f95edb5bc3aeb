/**
 * Users' sign-in data (lib/store/accounts.ts): the Clerk link, the password
 * hash (read only by the sign-in path), deleting a user with their data, and
 * the one-off role backfill for users stored before accounts existed.
 */
import type { MutationCtx, QueryCtx } from '../_generated/server';
import { recordChange } from './changes.ts';
import { refuse, toUser } from './records.ts';
import { getUserByEmail, userByClerkId, userById } from './users.ts';

/** A user's usage events, meters and audit entries deleted per transaction, well inside Convex's per-mutation limits. */
export const PURGE_BATCH = 1_000;

async function requireUserDoc(ctx: QueryCtx, userId: string) {
  const doc = await userById(ctx, userId);
  if (!doc) refuse('USER_NOT_FOUND', `no user with id ${userId}`);
  return doc;
}

export async function getUserByClerkId(ctx: QueryCtx, clerkUserId: string) {
  const doc = await userByClerkId(ctx, clerkUserId);
  return doc ? toUser(doc) : null;
}

export async function linkClerkUser(ctx: MutationCtx, input: { userId: string; clerkUserId: string; actor?: string; now: number }) {
  const doc = await requireUserDoc(ctx, input.userId);
  // Read in the same transaction as the write: two links of one Clerk id conflict, and the retry finds the first.
  const holder = await userByClerkId(ctx, input.clerkUserId);
  if (holder && holder.id !== input.userId) refuse('CLERK_ID_TAKEN', `another user is linked to Clerk user ${input.clerkUserId}`);
  await ctx.db.patch(doc._id, { clerkUserId: input.clerkUserId });
  await recordChange(ctx, { kind: 'user', userId: doc.id, actor: input.actor, action: 'user.link_clerk', target: input.clerkUserId, now: input.now });
  return toUser({ ...doc, clerkUserId: input.clerkUserId });
}

export async function getSignInUser(ctx: QueryCtx, email: string) {
  const user = await getUserByEmail(ctx, email);
  if (!user) return null;
  const doc = await requireUserDoc(ctx, user.id);
  return { user, passwordHash: doc.passwordHash ?? null };
}

export async function setPasswordHash(ctx: MutationCtx, input: { userId: string; passwordHash: string; actor?: string; now: number }) {
  const doc = await requireUserDoc(ctx, input.userId);
  await ctx.db.patch(doc._id, { passwordHash: input.passwordHash });
  await recordChange(ctx, { kind: 'user', userId: doc.id, actor: input.actor, action: 'user.set_password', target: doc.email, now: input.now });
  return toUser({ ...doc, passwordHash: input.passwordHash });
}

/**
 * Deletes the user and what is bounded per user (keys, toolsets, connections, sessions,
 * one-time tokens, OAuth flows and connect links) in one transaction, and says so on the change feed so
 * replicas drop the user's keys at once. Usage, meters and audit can be large:
 * `purgeUserData` deletes them in batches after this.
 */
export async function deleteUser(ctx: MutationCtx, input: { userId: string; actor?: string; now: number }): Promise<boolean> {
  const doc = await userById(ctx, input.userId);
  if (!doc) return false;
  const owned = await Promise.all([
    ctx.db.query('apiKeys').withIndex('by_user', (q) => q.eq('userId', input.userId)).collect(),
    ctx.db.query('connections').withIndex('by_user', (q) => q.eq('userId', input.userId)).collect(),
    ctx.db.query('sessions').withIndex('by_user', (q) => q.eq('userId', input.userId)).collect(),
    ctx.db.query('oneTimeTokens').withIndex('by_user', (q) => q.eq('userId', input.userId)).collect(),
    ctx.db.query('oauthStates').withIndex('by_user', (q) => q.eq('userId', input.userId)).collect(),
    ctx.db.query('connectLinks').withIndex('by_user', (q) => q.eq('userId', input.userId)).collect(),
    ctx.db.query('callLogSettings').withIndex('by_user', (q) => q.eq('userId', input.userId)).collect(),
    ctx.db.query('toolsets').withIndex('by_user', (q) => q.eq('userId', input.userId)).collect(),
    ctx.db.query('billingAccounts').withIndex('by_user', (q) => q.eq('userId', input.userId)).collect(),
    ctx.db.query('remoteServers').withIndex('by_owner_slug', (q) => q.eq('ownerId', input.userId)).collect(),
  ]);
  for (const row of owned.flat()) await ctx.db.delete(row._id);
  await ctx.db.delete(doc._id);
  await recordChange(ctx, { kind: 'user', userId: doc.id, actor: input.actor, action: 'user.delete', target: doc.email, now: input.now });
  return true;
}

/** Deletes up to PURGE_BATCH of a deleted user's usage events, meters, audit entries and archive records; returns how many. */
export async function purgeUserData(ctx: MutationCtx, userId: string): Promise<number> {
  let left = PURGE_BATCH;
  const events = await ctx.db.query('usageEvents').withIndex('by_user_at', (q) => q.eq('userId', userId)).take(left);
  left -= events.length;
  const meters = left > 0 ? await ctx.db.query('meters').withIndex('by_user_period', (q) => q.eq('userId', userId)).take(left) : [];
  left -= meters.length;
  const audit = left > 0 ? await ctx.db.query('audit').withIndex('by_user_at', (q) => q.eq('userId', userId)).take(left) : [];
  left -= audit.length;
  const archives = left > 0 ? await ctx.db.query('archives').withIndex('by_user_day', (q) => q.eq('userId', userId)).take(left) : [];
  const rows = [...events, ...meters, ...audit, ...archives];
  for (const row of rows) await ctx.db.delete(row._id);
  return rows.length;
}

/**
 * Gives users stored before accounts existed their role, by the rule the
 * embedded store's migration 4 applies: the only user is the hub's admin;
 * with several, nothing says whose hub it is, so all are members.
 */
export async function backfillRoles(ctx: MutationCtx): Promise<number> {
  const users = await ctx.db.query('users').collect();
  const missing = users.filter((u) => u.role === undefined);
  for (const doc of missing) await ctx.db.patch(doc._id, { role: users.length === 1 ? 'admin' : 'member' });
  return missing.length;
}
