/**
 * The OAuth half of the Convex Store (lib/store/oauth.ts): each method one
 * call of a function in convex/oauth.ts, through the adapter's own calls
 * (which add the hub secret and turn refusals into StoreErrors). Creation
 * times come from the hub's clock; takes use the `now` their caller gives.
 */
import { api } from '../../../convex/_generated/api';
import type { OAuthStore } from '../oauth.ts';
import type { ConvexCalls } from './accounts.ts';

export function convexOAuth({ query, mutation, now }: ConvexCalls): OAuthStore {
  return {
    createOAuthState: (input) => mutation(api.oauth.createState, { ...input, now: now() }),
    consumeOAuthState: (hash, at) => mutation(api.oauth.consumeState, { hash, now: at }),
    createConnectLink: (input) => mutation(api.oauth.createLink, { ...input, now: now() }),
    consumeConnectLink: (hash, userId, at) => mutation(api.oauth.consumeLink, { hash, userId, now: at }),
    acquireLease: (input) => mutation(api.oauth.acquireLease, input),
    releaseLease: (input) => mutation(api.oauth.releaseLease, input),
    listConnectionsForRenewal: ({ slugs, limit, cursor }) => query(api.oauth.renewalPage, { slugs: [...slugs], limit, cursor: cursor ?? null }),
  };
}
