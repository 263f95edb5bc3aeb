/**
 * Single-flight across replicas: two hubs on one store — an embedded file
 * (two store instances on it) or one Convex test deployment — each hub with
 * its own refresher and lease holder, take
 * the Store lease `oauth-refresh:<user>:<slug>`, so an expired token is
 * refreshed once between them — the other replica waits, re-reads the
 * stored record and calls with it — and afterwards both call with the
 * renewed token, not the one their principals were built with.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openConvexStore } from '../../lib/store/convex/index.ts';
import { CONVEX_SECRET, convexBackend } from '../helpers/convex-backend.ts';
import { readOAuthCredential, startOAuthGitHubHub, type OAuthGitHubHub } from '../helpers/oauth-hub.ts';

let setup: OAuthGitHubHub | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

const convex = () => {
  const backend = convexBackend();
  return () => openConvexStore({ caller: backend, secret: CONVEX_SECRET, pollIntervalMs: 50 });
};

describe.each([
  ['an embedded store file', () => undefined],
  ['a Convex deployment (test backend)', convex],
])('OAuth refresh across replicas on %s', (_name, stores) => {
  it('10 parallel calls on each of two hubs sharing the store cause exactly one token request', async () => {
    const openStore = stores();
    setup = await startOAuthGitHubHub({ expired: true, replicas: 2, ...(openStore && { openStore }) });
    const other = setup.replicas[0]!;
    // Held long enough that the second hub's calls arrive while the first holds the lease.
    setup.oauth.delayNextTokenRequests(1, 300);
    const results = await Promise.all([...Array.from({ length: 10 }, () => setup!.getMe()), ...Array.from({ length: 10 }, () => setup!.getMe(other.client))]);
    expect(results.filter((r) => r.isError)).toEqual([]);
    expect(setup.oauth.tokenRequests()).toBe(2); // the grant's exchange, then one refresh
    const stored = await readOAuthCredential(setup.vault, setup.alice.userId, 'github');
    const before = setup.api.requests.length;
    expect(await setup.getMe(other.client)).toMatchObject({ isError: false });
    expect(await setup.getMe()).toMatchObject({ isError: false });
    expect(setup.api.requests.slice(before).map((r) => r.token)).toEqual([stored.accessToken, stored.accessToken]);
    expect(setup.oauth.tokenRequests()).toBe(2);
  });
});
