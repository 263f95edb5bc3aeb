import type { MutationCtx, QueryCtx } from '../_generated/server';
import type { Role } from '../../lib/store/port.ts';
import { newId } from '../../lib/store/ids.ts';
import { recordChange } from './changes.ts';
import { refuse, toUser } from './records.ts';

export async function userById(ctx: QueryCtx, id: string) {
  return ctx.db.query('users').withIndex('by_hub_id', (q) => q.eq('id', id)).unique();
}

export async function userByClerkId(ctx: QueryCtx, clerkUserId: string) {
  return ctx.db.query('users').withIndex('by_clerk_id', (q) => q.eq('clerkUserId', clerkUserId)).unique();
}

export async function getUser(ctx: QueryCtx, id: string) {
  const doc = await userById(ctx, id);
  return doc ? toUser(doc) : null;
}

export async function getUserByEmail(ctx: QueryCtx, email: string) {
  const doc = await ctx.db.query('users').withIndex('by_email', (q) => q.eq('email', email.trim().toLowerCase())).unique();
  return doc ? toUser(doc) : null;
}

export async function listUsers(ctx: QueryCtx) {
  return (await ctx.db.query('users').withIndex('by_created').collect()).map(toUser);
}

export async function createUser(ctx: MutationCtx, input: { email: string; name?: string | null; role?: Role; passwordHash?: string | null; clerkUserId?: string | null; actor?: string; now: number }) {
  const email = input.email.trim().toLowerCase();
  if (!email) refuse('INVALID_INPUT', 'email is required');
  // Inside the mutation: Convex serializes conflicting transactions, so two replicas cannot both create it (nor both be the first, admin).
  if (await getUserByEmail(ctx, email)) refuse('EMAIL_TAKEN', `a user with email ${email} already exists`);
  if (input.clerkUserId && (await userByClerkId(ctx, input.clerkUserId))) refuse('CLERK_ID_TAKEN', `another user is linked to Clerk user ${input.clerkUserId}`);
  const role = input.role ?? ((await ctx.db.query('users').first()) === null ? 'admin' : 'member');
  const doc = { id: newId('usr'), email, name: input.name?.trim() || null, role, passwordHash: input.passwordHash ?? null, clerkUserId: input.clerkUserId ?? null, createdAt: input.now };
  await ctx.db.insert('users', doc);
  await recordChange(ctx, { kind: 'user', userId: doc.id, actor: input.actor, action: 'user.create', target: email, now: input.now });
  return toUser(doc);
}
