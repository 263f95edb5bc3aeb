/** Remote MCP servers (issue 15): thin wrappers over model/remote-servers.ts, callable only with the hub secret. */
import { v } from 'convex/values';
import { hubMutation, hubQuery } from './hub.ts';
import * as Remote from './model/remote-servers.ts';
import { vActorAt, vRemoteServer } from './validators.ts';

const vCredentialKind = vRemoteServer.fields.credentialKind;

export const create = hubMutation({
  args: { ownerId: v.union(v.string(), v.null()), slug: v.string(), url: v.string(), credentialKind: vCredentialKind, sealedCredential: v.string(), ...vActorAt },
  returns: vRemoteServer,
  handler: (ctx, args) => Remote.createRemoteServer(ctx, args),
});
export const list = hubQuery({ args: { userId: v.string() }, returns: v.array(vRemoteServer), handler: (ctx, { userId }) => Remote.listRemoteServers(ctx, userId) });
export const get = hubQuery({ args: { id: v.string() }, returns: v.union(vRemoteServer, v.null()), handler: (ctx, { id }) => Remote.getRemoteServer(ctx, id) });
export const updateCredential = hubMutation({
  args: { id: v.string(), ownerId: v.union(v.string(), v.null()), credentialKind: vCredentialKind, sealedCredential: v.string(), ...vActorAt },
  returns: v.union(vRemoteServer, v.null()),
  handler: (ctx, args) => Remote.updateRemoteServerCredential(ctx, args),
});
export const recordCheck = hubMutation({
  args: {
    id: v.string(), status: vRemoteServer.fields.status, statusReason: v.union(v.string(), v.null()), protocol: v.optional(v.union(v.string(), v.null())),
    toolsJson: v.optional(v.string()), checkedAt: v.number(), now: v.number(),
  },
  returns: v.union(vRemoteServer, v.null()),
  handler: (ctx, args) => Remote.recordRemoteServerCheck(ctx, args),
});
export const remove = hubMutation({ args: { id: v.string(), ownerId: v.union(v.string(), v.null()), ...vActorAt }, returns: v.boolean(), handler: (ctx, args) => Remote.removeRemoteServer(ctx, args) });
