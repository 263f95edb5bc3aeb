/** Users' sign-in data (Clerk link, password hash, deletion): thin wrappers over model/accounts.ts, callable only with the hub secret. */
import { v } from 'convex/values';
import { internalMutation } from './_generated/server';
import { hubMutation, hubQuery } from './hub.ts';
import * as Accounts from './model/accounts.ts';
import { vActorAt, vUser } from './validators.ts';

export const getByClerkId = hubQuery({ args: { clerkUserId: v.string() }, returns: v.union(vUser, v.null()), handler: (ctx, { clerkUserId }) => Accounts.getUserByClerkId(ctx, clerkUserId) });
export const linkClerk = hubMutation({ args: { userId: v.string(), clerkUserId: v.string(), ...vActorAt }, returns: vUser, handler: (ctx, args) => Accounts.linkClerkUser(ctx, args) });
/** The sign-in path's read: the only function that returns a password hash. */
export const signInUser = hubQuery({
  args: { email: v.string() },
  returns: v.union(v.object({ user: vUser, passwordHash: v.union(v.string(), v.null()) }), v.null()),
  handler: (ctx, { email }) => Accounts.getSignInUser(ctx, email),
});
export const setPassword = hubMutation({ args: { userId: v.string(), passwordHash: v.string(), ...vActorAt }, returns: vUser, handler: (ctx, args) => Accounts.setPasswordHash(ctx, args) });
export const remove = hubMutation({ args: { userId: v.string(), ...vActorAt }, returns: v.boolean(), handler: (ctx, args) => Accounts.deleteUser(ctx, args) });
/** One batch of a deleted user's usage, meters and audit; the Store adapter calls it until a batch comes back short. */
export const purge = hubMutation({ args: { userId: v.string() }, returns: v.number(), handler: (ctx, { userId }) => Accounts.purgeUserData(ctx, userId) });
/** Run once after deploying accounts (`npx convex run accounts:backfillRoles`): roles for users stored before them. */
export const backfillRoles = internalMutation({ args: {}, returns: v.number(), handler: (ctx) => Accounts.backfillRoles(ctx) });
