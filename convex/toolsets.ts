/** Toolsets and keys' bindings to them: thin wrappers over model/toolsets.ts, callable only with the hub secret. */
import { v } from 'convex/values';
import { hubMutation, hubQuery } from './hub.ts';
import * as Toolsets from './model/toolsets.ts';
import { vActorAt, vApiKey, vToolMode, vToolset, vToolsetSpec } from './validators.ts';

export const list = hubQuery({ args: { userId: v.string() }, returns: v.array(vToolset), handler: (ctx, { userId }) => Toolsets.listToolsets(ctx, userId) });
export const get = hubQuery({ args: { userId: v.string(), id: v.string() }, returns: v.union(vToolset, v.null()), handler: (ctx, { userId, id }) => Toolsets.getToolset(ctx, userId, id) });
export const create = hubMutation({ args: { userId: v.string(), ...vToolsetSpec, ...vActorAt }, returns: vToolset, handler: (ctx, args) => Toolsets.createToolset(ctx, args) });
export const update = hubMutation({
  args: {
    userId: v.string(),
    id: v.string(),
    name: v.optional(vToolsetSpec.name),
    rules: v.optional(vToolsetSpec.rules),
    excludeDestructive: v.optional(vToolsetSpec.excludeDestructive),
    mode: v.optional(vToolsetSpec.mode),
    passThrough: vToolsetSpec.passThrough,
    ...vActorAt,
  },
  returns: v.union(vToolset, v.null()),
  handler: (ctx, args) => Toolsets.updateToolset(ctx, args),
});
export const remove = hubMutation({ args: { userId: v.string(), id: v.string(), ...vActorAt }, returns: v.boolean(), handler: (ctx, args) => Toolsets.deleteToolset(ctx, args) });
export const bindKey = hubMutation({
  args: { userId: v.string(), keyId: v.string(), toolsetId: v.union(v.string(), v.null()), mode: v.union(vToolMode, v.null()), ...vActorAt },
  returns: v.union(vApiKey, v.null()),
  handler: (ctx, args) => Toolsets.bindApiKey(ctx, args),
});
