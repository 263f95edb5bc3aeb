/** API keys (stored as SHA-256 hashes): thin wrappers over model/keys.ts, callable only with the hub secret. */
import { v } from 'convex/values';
import { hubMutation, hubQuery } from './hub.ts';
import * as Keys from './model/keys.ts';
import { vActorAt, vApiKey, vCallLogSettings, vConnection, vRemoteServer, vToolMode, vToolset, vUser } from './validators.ts';

export const create = hubMutation({
  args: { userId: v.string(), name: v.string(), hash: v.string(), prefix: v.string(), toolsetId: v.optional(v.union(v.string(), v.null())), mode: v.optional(v.union(vToolMode, v.null())), ...vActorAt },
  returns: vApiKey,
  handler: (ctx, args) => Keys.createApiKey(ctx, args),
});
export const list = hubQuery({ args: { userId: v.string() }, returns: v.array(vApiKey), handler: (ctx, { userId }) => Keys.listApiKeys(ctx, userId) });
export const revoke = hubMutation({ args: { id: v.string(), userId: v.optional(v.string()), ...vActorAt }, returns: v.union(vApiKey, v.null()), handler: (ctx, args) => Keys.revokeApiKey(ctx, args) });
export const resolve = hubQuery({
  args: { hash: v.string() },
  returns: v.union(v.object({ key: vApiKey, user: vUser, connections: v.array(vConnection), toolset: v.union(vToolset, v.null()), callLog: vCallLogSettings, remoteServers: v.array(vRemoteServer) }), v.null()),
  handler: (ctx, { hash }) => Keys.resolveApiKey(ctx, hash),
});
export const touch = hubMutation({ args: { id: v.string(), at: v.number(), client: v.optional(v.string()) }, returns: v.null(), handler: async (ctx, args) => (await Keys.touchApiKey(ctx, args), null) });
