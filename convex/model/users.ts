import type { MutationCtx, QueryCtx } from '../_generated/server';
import { newId } from '../../lib/store/ids.ts';
import { recordChange } from './changes.ts';
import { refuse, toUser } from './records.ts';

export async function userById(ctx: QueryCtx, id: string) {
  return ctx.db.query('users').withIndex('by_hub_id', (q) => q.eq('id', id)).unique();
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

export async function createUser(ctx: MutationCtx, input: { email: string; name?: string | null; actor?: string; now: number }) {
  const email = input.email.trim().toLowerCase();
  if (!email) refuse('INVALID_INPUT', 'email is required');
  // Inside the mutation: Convex serializes conflicting transactions, so two replicas cannot both create it.
  if (await getUserByEmail(ctx, email)) refuse('EMAIL_TAKEN', `a user with email ${email} already exists`);
  const user = { id: newId('usr'), email, name: input.name?.trim() || null, createdAt: input.now };
  await ctx.db.insert('users', user);
  await recordChange(ctx, { kind: 'user', userId: user.id, actor: input.actor, action: 'user.create', target: email, now: input.now });
  return user;
}
