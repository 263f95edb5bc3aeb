/** OAuth connect flows, connect links, refresh leases and the keep-alive sweep's page: thin wrappers over model/oauth.ts, model/leases.ts and model/connections.ts, callable only with the hub secret. */
import { v } from 'convex/values';
import { hubMutation, hubQuery } from './hub.ts';
import * as Connections from './model/connections.ts';
import * as Leases from './model/leases.ts';
import * as OAuth from './model/oauth.ts';
import { vConnection, vConnectLink, vOAuthPurpose, vOAuthState } from './validators.ts';

export const createState = hubMutation({
  args: {
    hash: v.string(), userId: v.string(), sessionId: v.string(), slug: v.string(), sealedVerifier: v.string(), redirectUri: v.string(), scopes: v.array(v.string()),
    purpose: v.optional(vOAuthPurpose), returnTo: v.optional(v.union(v.string(), v.null())), expiresAt: v.number(), now: v.number(),
  },
  returns: vOAuthState,
  handler: (ctx, args) => OAuth.createOAuthState(ctx, args),
});
/** Takes a started flow once (lib/store/oauth.ts `consumeOAuthState`). */
export const consumeState = hubMutation({
  args: { hash: v.string(), now: v.number() },
  returns: v.union(vOAuthState, v.null()),
  handler: (ctx, args) => OAuth.consumeOAuthState(ctx, args),
});

export const createLink = hubMutation({
  args: { hash: v.string(), userId: v.string(), slug: v.string(), expiresAt: v.number(), now: v.number() },
  returns: vConnectLink,
  handler: (ctx, args) => OAuth.createConnectLink(ctx, args),
});
/** Takes a connect link once, for its own user only (lib/store/oauth.ts `consumeConnectLink`). */
export const consumeLink = hubMutation({
  args: { hash: v.string(), userId: v.string(), now: v.number() },
  returns: v.union(vConnectLink, v.null()),
  handler: (ctx, args) => OAuth.consumeConnectLink(ctx, args),
});

export const acquireLease = hubMutation({
  args: { name: v.string(), holder: v.string(), ttlMs: v.number(), now: v.number() },
  returns: v.boolean(),
  handler: (ctx, args) => Leases.acquireLease(ctx, args),
});
export const releaseLease = hubMutation({ args: { name: v.string(), holder: v.string() }, returns: v.boolean(), handler: (ctx, args) => Leases.releaseLease(ctx, args) });
export const renewalPage = hubQuery({
  args: { slugs: v.array(v.string()), limit: v.number(), cursor: v.optional(v.union(v.string(), v.null())) },
  returns: v.object({ connections: v.array(vConnection), cursor: v.union(v.string(), v.null()) }),
  handler: (ctx, args) => Connections.listConnectionsForRenewal(ctx, args),
});
