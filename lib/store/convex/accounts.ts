/**
 * The accounts half of the Convex Store (lib/store/accounts.ts): each method
 * one call of a function in convex/accounts.ts or convex/sessions.ts, through
 * the adapter's own calls (which add the hub secret and turn refusals into
 * StoreErrors). Times come from the hub's clock, as everywhere on Convex.
 */
import type { FunctionArgs, FunctionReturnType } from 'convex/server';
import { api } from '../../../convex/_generated/api';
import type { AccountStore } from '../accounts.ts';
import type { AnyMutation, AnyQuery } from './caller.ts';

/** The adapter's secret-adding calls (ConvexStore's #query and #mutation). */
export interface ConvexCalls {
  query<Q extends AnyQuery>(ref: Q, args: Omit<FunctionArgs<Q>, 'secret'>): Promise<FunctionReturnType<Q>>;
  mutation<M extends AnyMutation>(ref: M, args: Omit<FunctionArgs<M>, 'secret'>): Promise<FunctionReturnType<M>>;
  now(): number;
}

const actorOf = (input: { actor?: string }) => (input.actor === undefined ? {} : { actor: input.actor });

export function convexAccounts({ query, mutation, now }: ConvexCalls): AccountStore {
  return {
    getUserByClerkId: (clerkUserId) => query(api.accounts.getByClerkId, { clerkUserId }),
    linkClerkUser: (input) => mutation(api.accounts.linkClerk, { userId: input.userId, clerkUserId: input.clerkUserId, ...actorOf(input), now: now() }),
    getSignInUser: (email) => query(api.accounts.signInUser, { email }),
    setPasswordHash: (input) => mutation(api.accounts.setPassword, { userId: input.userId, passwordHash: input.passwordHash, ...actorOf(input), now: now() }),
    async deleteUser(input) {
      const deleted = await mutation(api.accounts.remove, { userId: input.userId, ...actorOf(input), now: now() });
      // Usage, meters and audit in batches after the user (a short batch means nothing was left), so no transaction outgrows Convex's limits.
      if (deleted) while ((await mutation(api.accounts.purge, { userId: input.userId })) > 0);
      return deleted;
    },

    createSession: (input) => mutation(api.sessions.create, { ...input, now: now() }),
    resolveSession: (tokenHash) => query(api.sessions.resolve, { tokenHash, now: now() }),
    async touchSession(input) {
      await mutation(api.sessions.touch, input);
    },
    listSessions: (userId) => query(api.sessions.list, { userId, now: now() }),
    revokeSession: (input) => mutation(api.sessions.revoke, input),
    revokeSessions: (userId) => mutation(api.sessions.revokeAll, { userId, now: now() }),

    createOneTimeToken: ({ tokenHash, expiresAt, ...purpose }) => mutation(api.sessions.createToken, { purpose, tokenHash, expiresAt, now: now() }),
    consumeOneTimeToken: (input) => mutation(api.sessions.consumeToken, { ...input, now: now() }),
  };
}
