/**
 * The OAuth keep-alive sweep (lib/oauth/keep-alive.ts) on an in-process hub
 * with the GitHub OAuth fake: a connection nobody calls whose refresh token
 * expires within the window is renewed by one sweep — no tool call — and
 * stored; one far from expiry is left alone; a refused renewal marks the
 * connection needs_reconnect as the call path does (and the next sweep
 * leaves it); two hubs sweeping at once — on one embedded file or one Convex
 * deployment — renew it once (the lease); and a sweep renews at most its
 * bound, the next one going on. Sweeps are driven
 * by `runOnce()`, never by the clock — but one, the hub's own schedule
 * (what `mcphub serve` starts), which is waited for, not timed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OAuthCredential } from '../../lib/oauth/credential.ts';
import { GITHUB_OAUTH } from '../../lib/oauth/providers.ts';
import { openConvexStore } from '../../lib/store/convex/index.ts';
import { CONVEX_SECRET, convexBackend } from '../helpers/convex-backend.ts';
import { connectThroughFake, fakeConfig, grantOf } from '../helpers/oauth-flow.ts';
import { waitUntil } from '../helpers/wait.ts';
import { readOAuthCredential, startOAuthGitHubHub, storeOAuthCredential, type OAuthGitHubHub } from '../helpers/oauth-hub.ts';

const DAY = 86_400_000;

let setup: OAuthGitHubHub | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

/** Alice's GitHub record again, with a refresh token that expires in a day (inside the 7-day window). */
async function expireSoon(s: OAuthGitHubHub, userId = s.alice.userId, credential: OAuthCredential = s.granted): Promise<OAuthCredential> {
  const soon = { ...credential, refreshExpiresAt: Date.now() + DAY };
  await storeOAuthCredential(s.vault, userId, 'github', soon);
  return soon;
}

describe('OAuth keep-alive sweep', () => {
  it('renews an idle connection whose refresh token expires within the window, with no tool call, and stores the new tokens', async () => {
    setup = await startOAuthGitHubHub();
    const before = await expireSoon(setup);
    const tokenRequests = setup.oauth.tokenRequests();
    const apiRequests = setup.api.requests.length;
    expect(await setup.hub.hub.keepAlive.runOnce()).toEqual({ checked: 1, renewed: 1, failed: 0 });
    expect(setup.oauth.tokenRequests() - tokenRequests).toBe(1);
    expect(setup.api.requests.length).toBe(apiRequests);
    const stored = await readOAuthCredential(setup.vault, setup.alice.userId, 'github');
    expect(stored.accessToken).not.toBe(before.accessToken);
    expect(stored.refreshToken).not.toBe(before.refreshToken); // GitHub Apps rotate it
    expect(stored.refreshExpiresAt).toBeGreaterThan(Date.now() + 30 * DAY);
    // A call afterwards uses the renewed token, and the next sweep finds nothing due.
    expect(await setup.getMe()).toMatchObject({ isError: false });
    expect(setup.api.requests.at(-1)?.token).toBe(stored.accessToken);
    expect(await setup.hub.hub.keepAlive.runOnce()).toEqual({ checked: 1, renewed: 0, failed: 0 });
    expect(setup.oauth.tokenRequests() - tokenRequests).toBe(1);
  });

  it('leaves a connection whose refresh token is far from expiry alone', async () => {
    setup = await startOAuthGitHubHub();
    const tokenRequests = setup.oauth.tokenRequests();
    expect(await setup.hub.hub.keepAlive.runOnce()).toEqual({ checked: 1, renewed: 0, failed: 0 });
    expect(setup.oauth.tokenRequests()).toBe(tokenRequests);
    expect(await readOAuthCredential(setup.vault, setup.alice.userId, 'github')).toEqual(setup.granted);
  });

  it('marks a connection whose renewal GitHub refuses as needing reconnect, and the next sweep leaves it', async () => {
    setup = await startOAuthGitHubHub();
    await expireSoon(setup);
    setup.oauth.revokeRefreshTokens();
    expect(await setup.hub.hub.keepAlive.runOnce()).toEqual({ checked: 1, renewed: 0, failed: 1 });
    const [connection] = await setup.vault.store.listConnections(setup.alice.userId);
    expect(connection?.attention).toMatchObject({ kind: 'needs_reconnect', reason: expect.stringContaining('GitHub no longer accepts') });
    const tokenRequests = setup.oauth.tokenRequests();
    expect(await setup.hub.hub.keepAlive.runOnce()).toEqual({ checked: 1, renewed: 0, failed: 0 });
    expect(setup.oauth.tokenRequests()).toBe(tokenRequests);
    // No token reached the log.
    const logged = JSON.stringify(setup.hub.logs);
    expect(logged).toContain('OAuth keep-alive could not renew a connection');
    expect(logged).not.toContain(setup.granted.refreshToken!);
    expect(logged).not.toContain(setup.granted.accessToken);
  });

  it.each([
    ['an embedded store file', () => undefined],
    ['a Convex deployment (test backend)', () => {
      const backend = convexBackend();
      return () => openConvexStore({ caller: backend, secret: CONVEX_SECRET, pollIntervalMs: 50 });
    }],
  ])('renews once when two hubs on %s sweep at the same time (the refresh lease)', async (_name, stores) => {
    const openStore = stores();
    setup = await startOAuthGitHubHub({ replicas: 2, ...(openStore && { openStore }) });
    await expireSoon(setup);
    const tokenRequests = setup.oauth.tokenRequests();
    // Held long enough that the other hub's sweep reaches the connection while the first holds the lease.
    setup.oauth.delayNextTokenRequests(1, 300);
    const results = await Promise.all([setup.hub.hub.keepAlive.runOnce(), setup.replicas[0]!.hub.hub.keepAlive.runOnce()]);
    expect(results.map((r) => r.failed)).toEqual([0, 0]);
    expect(setup.oauth.tokenRequests() - tokenRequests).toBe(1);
    expect(await setup.getMe(setup.replicas[0]!.client)).toMatchObject({ isError: false });
    expect(await setup.getMe()).toMatchObject({ isError: false });
  });

  it('renews at most its bound per sweep; the next sweep renews the rest', async () => {
    setup = await startOAuthGitHubHub({ hub: { keepAliveLimits: { maxRenewalsPerRun: 2, pageSize: 2 } } });
    const s = setup;
    const others = await Promise.all(['bob', 'cy'].map((name) => s.hub.createAccount(`${name}@example.com`)));
    await expireSoon(s);
    for (const other of others) {
      const grant = grantOf(await connectThroughFake(GITHUB_OAUTH, s.oauth, fakeConfig(s.oauth)));
      await expireSoon(s, other.userId, { ...s.granted, accessToken: grant.accessToken, refreshToken: grant.refreshToken!, expiresAt: grant.expiresAt! });
    }
    const tokenRequests = s.oauth.tokenRequests();
    expect(await s.hub.hub.keepAlive.runOnce()).toMatchObject({ renewed: 2, failed: 0 });
    expect(s.oauth.tokenRequests() - tokenRequests).toBe(2);
    expect(await s.hub.hub.keepAlive.runOnce()).toMatchObject({ renewed: 1, failed: 0 });
    expect(s.oauth.tokenRequests() - tokenRequests).toBe(3);
    const users = [s.alice, ...others];
    const renewed = await Promise.all(users.map((u) => readOAuthCredential(s.vault, u.userId, 'github')));
    expect(renewed.every((credential) => credential.refreshExpiresAt! > Date.now() + 30 * DAY)).toBe(true);
  });

  it('runs on the hub schedule when asked (as `mcphub serve` does) and stops with the hub', async () => {
    setup = await startOAuthGitHubHub({ hub: { keepAlive: { firstRunMs: 0, intervalMs: 20 } } });
    const s = setup;
    const before = await expireSoon(s);
    await waitUntil(async () => (await readOAuthCredential(s.vault, s.alice.userId, 'github')).accessToken !== before.accessToken, 10_000, 'the scheduled sweep to renew the connection');
    expect(JSON.stringify(s.hub.logs)).toContain('OAuth keep-alive sweep');
    await s.hub.hub.keepAlive.stop();
    expect(await s.hub.hub.keepAlive.runOnce()).toEqual({ checked: 0, renewed: 0, failed: 0 });
  });
});
