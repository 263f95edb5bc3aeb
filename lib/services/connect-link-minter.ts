/**
 * Connect links as a tool result hands them to a chat: `<public url>/connect/<slug>?t=…`,
 * issued through `issueConnectLink` (oauth-state.ts: hashed, single-use, bound
 * to the user, 30 minutes). A model retrying a refused call in a loop must not
 * mint a stored link per call, so one link per user and integration is reused
 * for a few minutes from process memory, bounded; the route that redeems a
 * link forgets it, so the next refusal hands out a fresh one. The URL is only
 * ever put in the result the caller sees, never logged.
 */
import { createReuseCache } from '../mcp/reuse-cache.ts';
import { issueConnectLink, type OAuthStateDeps } from './oauth-state.ts';

/** How long one user's link for one integration is handed out again: well inside its 30 minutes, so a reused link still has 25 left. */
export const CONNECT_LINK_REUSE_MS = 5 * 60_000;
/** Links held at once (one per user and integration); past it the least recently used is minted anew when next needed. */
const MAX_HELD_LINKS = 10_000;

export interface ConnectLinkMinter {
  /** The link for `userId` to connect `slug`: the one handed out in the last few minutes, or a new one. Rejects when the store could not record it. */
  linkFor(userId: string, slug: string): Promise<string>;
  /** Drops the held link of `userId` for `slug` (it was just redeemed). */
  forget(userId: string, slug: string): void;
}

export interface ConnectLinkMinterOptions {
  /** The hub's public origin, read when a link is made (the port may be known only once listening). */
  publicUrl: () => string;
  reuseForMs?: number;
  maxEntries?: number;
}

/** Hands out connect links over `deps.store`, one held per user and integration for `reuseForMs`. */
export function createConnectLinkMinter(deps: OAuthStateDeps, options: ConnectLinkMinterOptions): ConnectLinkMinter {
  const held = createReuseCache<Promise<string>>({
    maxEntries: options.maxEntries ?? MAX_HELD_LINKS,
    reuseForMs: options.reuseForMs ?? CONNECT_LINK_REUSE_MS,
    ...(deps.now && { now: deps.now }),
  });
  const keyOf = (userId: string, slug: string) => `${userId}\n${slug}`;
  return {
    linkFor(userId, slug) {
      const key = keyOf(userId, slug);
      const link = held.get(key, async () => {
        const { token } = await issueConnectLink(deps, { userId, slug });
        const url = new URL(`/connect/${encodeURIComponent(slug)}`, options.publicUrl());
        url.searchParams.set('t', token);
        return url.toString();
      });
      // A failed issue is not held: the next refused call tries again.
      link.catch(() => held.delete(key));
      return link;
    },
    forget(userId, slug) {
      held.delete(keyOf(userId, slug));
    },
  };
}
