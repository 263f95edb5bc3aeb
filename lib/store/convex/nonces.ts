/**
 * `claimNonce` on Convex as one small function, for the Store adapter and for
 * a per-integration function on Vercel, which has no store but must refuse a
 * replay that another of its instances (or the gateway's own `/fn`) accepted.
 */
import type { FunctionReturnType } from 'convex/server';
import { api } from '../../../convex/_generated/api';
import type { Store } from '../port.ts';
import { scrubSecret, type ConvexCaller } from './caller.ts';

export function convexNonceClaimer(options: { caller: ConvexCaller; secret: string; now?: () => number }): Pick<Store, 'claimNonce'> {
  const now = options.now ?? Date.now;
  return {
    async claimNonce({ nonce, expiresAt }) {
      try {
        return (await options.caller.mutation(api.nonces.claim, { nonce, expiresAt, now: now(), secret: options.secret })) as FunctionReturnType<typeof api.nonces.claim>;
      } catch (error) {
        throw scrubSecret(options.secret, error);
      }
    },
  };
}
