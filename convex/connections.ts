/** A user's integrations with their sealed credentials and settings: thin wrappers over model/connections.ts, callable only with the hub secret. */
import { v } from 'convex/values';
import { hubMutation, hubQuery } from './hub.ts';
import * as Connections from './model/connections.ts';
import { vActorAt, vConnection, vSettings } from './validators.ts';

export const upsert = hubMutation({
  args: { userId: v.string(), slug: v.string(), sealedCredential: v.string(), settings: v.optional(vSettings), account: v.optional(v.union(v.string(), v.null())), ...vActorAt },
  returns: vConnection,
  handler: (ctx, args) => Connections.upsertConnection(ctx, args),
});
export const updateSettings = hubMutation({
  args: { userId: v.string(), slug: v.string(), settings: vSettings, ...vActorAt },
  returns: v.union(vConnection, v.null()),
  handler: (ctx, args) => Connections.updateConnectionSettings(ctx, args),
});
export const renewCredential = hubMutation({
  args: { userId: v.string(), slug: v.string(), sealedCredential: v.string(), ...vActorAt },
  returns: v.union(vConnection, v.null()),
  handler: (ctx, args) => Connections.renewConnectionCredential(ctx, args),
});
export const disable = hubMutation({ args: { userId: v.string(), slug: v.string(), revokeFailed: v.optional(v.boolean()), ...vActorAt }, returns: v.boolean(), handler: (ctx, args) => Connections.disableConnection(ctx, args) });
export const markAttention = hubMutation({
  // `kind` is checked by the model (connectionTextProblem), so a bad one is the Store contract's INVALID_INPUT, not a validator error.
  args: { userId: v.string(), slug: v.string(), kind: v.string(), reason: v.string(), at: v.number() },
  returns: v.boolean(),
  handler: (ctx, args) => Connections.markConnectionAttention(ctx, args),
});
export const list = hubQuery({ args: { userId: v.string() }, returns: v.array(vConnection), handler: (ctx, { userId }) => Connections.listConnections(ctx, userId) });
