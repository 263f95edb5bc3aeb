/** Users: thin wrappers over model/users.ts, callable only with the hub secret. */
import { v } from 'convex/values';
import { hubMutation, hubQuery } from './hub.ts';
import * as Users from './model/users.ts';
import { vActorAt, vRole, vUser } from './validators.ts';

export const create = hubMutation({
  args: {
    email: v.string(),
    name: v.optional(v.union(v.string(), v.null())),
    role: v.optional(vRole),
    passwordHash: v.optional(v.union(v.string(), v.null())),
    clerkUserId: v.optional(v.union(v.string(), v.null())),
    ...vActorAt,
  },
  returns: vUser,
  handler: (ctx, args) => Users.createUser(ctx, args),
});
export const get = hubQuery({ args: { id: v.string() }, returns: v.union(vUser, v.null()), handler: (ctx, { id }) => Users.getUser(ctx, id) });
export const getByEmail = hubQuery({ args: { email: v.string() }, returns: v.union(vUser, v.null()), handler: (ctx, { email }) => Users.getUserByEmail(ctx, email) });
export const list = hubQuery({ args: {}, returns: v.array(vUser), handler: (ctx) => Users.listUsers(ctx) });
