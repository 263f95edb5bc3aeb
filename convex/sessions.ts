/** Dashboard sessions and one-time tokens, stored as hashes: thin wrappers over model/sessions.ts, callable only with the hub secret. */
import { v } from 'convex/values';
import { hubMutation, hubQuery } from './hub.ts';
import * as Sessions from './model/sessions.ts';
import { vOneTimeToken, vOneTimeTokenKind, vOneTimeTokenPurpose, vSession, vUser } from './validators.ts';

export const create = hubMutation({
  args: { userId: v.string(), tokenHash: v.string(), userAgent: v.union(v.string(), v.null()), expiresAt: v.number(), now: v.number() },
  returns: vSession,
  handler: (ctx, args) => Sessions.createSession(ctx, args),
});
export const resolve = hubQuery({
  args: { tokenHash: v.string(), now: v.number() },
  returns: v.union(v.object({ session: vSession, user: vUser }), v.null()),
  handler: (ctx, args) => Sessions.resolveSession(ctx, args),
});
export const touch = hubMutation({ args: { id: v.string(), at: v.number(), expiresAt: v.number() }, returns: v.null(), handler: async (ctx, args) => (await Sessions.touchSession(ctx, args), null) });
export const list = hubQuery({ args: { userId: v.string(), now: v.number() }, returns: v.array(vSession), handler: (ctx, args) => Sessions.listSessions(ctx, args) });
export const revoke = hubMutation({ args: { id: v.string(), userId: v.string() }, returns: v.boolean(), handler: (ctx, args) => Sessions.revokeSession(ctx, args) });
export const revokeAll = hubMutation({ args: { userId: v.string(), now: v.number() }, returns: v.number(), handler: (ctx, args) => Sessions.revokeSessions(ctx, args) });

export const createToken = hubMutation({
  args: { purpose: vOneTimeTokenPurpose, tokenHash: v.string(), expiresAt: v.number(), now: v.number() },
  returns: vOneTimeToken,
  handler: (ctx, args) => Sessions.createOneTimeToken(ctx, args),
});
/** Takes a one-time token once (lib/store/accounts.ts `consumeOneTimeToken`). */
export const consumeToken = hubMutation({
  args: { tokenHash: v.string(), kind: vOneTimeTokenKind, now: v.number() },
  returns: v.union(vOneTimeToken, v.null()),
  handler: (ctx, args) => Sessions.consumeOneTimeToken(ctx, args),
});
