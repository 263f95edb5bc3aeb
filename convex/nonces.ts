/** Replay protection for signed `/fn` calls: thin wrappers over model/nonces.ts; claiming needs the hub secret, pruning runs from crons.ts. */
import { v } from 'convex/values';
import { internal } from './_generated/api';
import { internalMutation } from './_generated/server';
import { hubMutation } from './hub.ts';
import * as Nonces from './model/nonces.ts';

/** True the first time a nonce is claimed, false while that claim holds (lib/store/port.ts `claimNonce`). */
export const claim = hubMutation({
  args: { nonce: v.string(), expiresAt: v.number(), now: v.number() },
  returns: v.boolean(),
  handler: (ctx, args) => Nonces.claimNonce(ctx, args),
});
/** The scheduled prune (crons.ts): a full batch schedules the next one at once, so a backlog drains. */
export const prune = internalMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    if ((await Nonces.pruneNonces(ctx, Date.now())) === Nonces.PRUNE_BATCH) await ctx.scheduler.runAfter(0, internal.nonces.prune, {});
    return null;
  },
});
