/**
 * OAuth tokens renewed in the call path (lib/oauth/refresh.ts through the
 * executor), on an in-process hub with a real MCP client against the GitHub
 * App-shaped fakes: an expired token is refreshed once however many calls
 * wait on it, the new refresh token is stored before the new access token is
 * used, an upstream 401 forces one refresh and one retry, and every refusal
 * class ends where it should (needs reconnect, misconfigured, try again).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, signIn } from '../api/helpers.ts';
import { readOAuthCredential, startOAuthGitHubHub, type OAuthGitHubHub } from '../helpers/oauth-hub.ts';

let setup: OAuthGitHubHub | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

const tokenLines = (s: OAuthGitHubHub) => s.hub.logs.map((line) => JSON.stringify(line)).filter((line) => /gh[ur]_/.test(line));

describe('OAuth refresh in the call path', () => {
  it('refreshes an expired access token once and the call succeeds with the new token', async () => {
    setup = await startOAuthGitHubHub({ expired: true });
    const me = await setup.getMe();
    expect(me).toMatchObject({ isError: false, text: expect.stringContaining('octo') });
    expect(setup.oauth.tokenRequests()).toBe(2); // the grant's exchange, then one refresh
    const stored = await readOAuthCredential(setup.vault, setup.alice.userId, 'github');
    expect(stored.accessToken).not.toBe(setup.granted.accessToken);
    expect(stored.refreshToken).not.toBe(setup.granted.refreshToken);
    expect(stored.expiresAt).toBeGreaterThan(Date.now() + 60 * 60_000);
    expect(setup.api.requests.at(-1)?.token).toBe(stored.accessToken);
    expect(setup.api.requests.some((r) => r.token === setup!.granted.accessToken)).toBe(false);
    // Settings and account stay with the renewed connection.
    expect((await setup.vault.store.listConnections(setup.alice.userId))[0]).toMatchObject({ account: 'octo', attention: null });
    // The next call carries the renewed record, not the one its principal was built with (no 401 round trip, no second refresh).
    const before = setup.api.requests.length;
    expect(await setup.getMe()).toMatchObject({ isError: false });
    expect(setup.api.requests.slice(before).map((r) => r.token)).toEqual([stored.accessToken]);
    expect(setup.oauth.tokenRequests()).toBe(2);
    expect(tokenLines(setup)).toEqual([]);
  });

  it('20 parallel tool calls on an expired token cause exactly one token request', async () => {
    setup = await startOAuthGitHubHub({ expired: true });
    setup.oauth.delayNextTokenRequests(1, 200);
    const results = await Promise.all(Array.from({ length: 20 }, () => setup!.getMe()));
    expect(results.filter((r) => r.isError)).toEqual([]);
    expect(setup.oauth.tokenRequests()).toBe(2);
  });

  it('stores the new refresh token before the new access token is first used', async () => {
    const seen: Array<{ refreshStored: boolean }> = [];
    let firstNew: string | null = null;
    setup = await startOAuthGitHubHub({
      expired: true,
      onApiRequest: async (request) => {
        if (!request.token || request.token === setup?.granted.accessToken || firstNew !== null) return;
        firstNew = request.token;
        const stored = await readOAuthCredential(setup!.vault, setup!.alice.userId, 'github');
        seen.push({ refreshStored: stored.accessToken === request.token && stored.refreshToken !== setup!.granted.refreshToken });
      },
    });
    expect(await setup.getMe()).toMatchObject({ isError: false });
    expect(firstNew).not.toBeNull();
    expect(seen).toEqual([{ refreshStored: true }]);
  });

  it('keeps the old refresh token when the answer has none', async () => {
    setup = await startOAuthGitHubHub({ expired: true, fake: { rotateRefresh: false } });
    expect(await setup.getMe()).toMatchObject({ isError: false });
    const stored = await readOAuthCredential(setup.vault, setup.alice.userId, 'github');
    expect(stored.accessToken).not.toBe(setup.granted.accessToken);
    expect(stored.refreshToken).toBe(setup.granted.refreshToken);
  });

  it('on an upstream 401 with a token not yet expired, refreshes once and retries the call once', async () => {
    setup = await startOAuthGitHubHub();
    setup.oauth.expireAccessTokens();
    const before = setup.api.requests.length;
    expect(await setup.getMe()).toMatchObject({ isError: false, text: expect.stringContaining('octo') });
    expect(setup.oauth.tokenRequests()).toBe(2);
    const tokens = setup.api.requests.slice(before).map((r) => r.token);
    const stored = await readOAuthCredential(setup.vault, setup.alice.userId, 'github');
    expect(tokens).toEqual([setup.granted.accessToken, stored.accessToken]);
    expect((await setup.vault.store.listConnections(setup.alice.userId))[0]?.attention).toBeNull();
  });

  it('the fake refuses the replayed old refresh token, and the hub still has a working connection', async () => {
    setup = await startOAuthGitHubHub({ expired: true });
    expect(await setup.getMe()).toMatchObject({ isError: false });
    const replay = await fetch(`${setup.oauth.baseUrls.web}/login/oauth/access_token`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: setup.granted.refreshToken!, client_id: setup.oauth.clientId, client_secret: setup.oauth.clientSecret }),
    });
    expect(await replay.json()).toMatchObject({ error: 'bad_refresh_token' });
    expect(await setup.getMe()).toMatchObject({ isError: false });
    expect((await setup.vault.store.listConnections(setup.alice.userId))[0]?.attention).toBeNull();
  });

  it('a refused refresh token marks the connection needs_reconnect; its tools stay listed and say how to reconnect', async () => {
    setup = await startOAuthGitHubHub({ expired: true });
    setup.oauth.revokeRefreshTokens();
    const me = await setup.getMe();
    expect(me.isError).toBe(true);
    expect(me.text).toMatch(/GitHub no longer accepts this connection's refresh token.*Reconnect GitHub/s);
    const connection = (await setup.vault.store.listConnections(setup.alice.userId))[0];
    expect(connection?.attention).toMatchObject({ kind: 'needs_reconnect', reason: expect.stringContaining('refresh token') });
    await setup.vault.store.setPasswordHash({ userId: setup.alice.userId, passwordHash: await Bun.password.hash(PASSWORD) });
    const listed = (await (await (await signIn(setup.hub, 'alice@example.com')).api('/integrations')).json()) as { items: Array<{ slug: string; status: string }> };
    expect(listed.items.find((i) => i.slug === 'github')?.status).toBe('needs_reconnect');
    expect((await setup.client.listTools()).tools.map((t) => t.name)).toContain('github__get_me');
    // The dead refresh token is not sent again on the next call.
    const requests = setup.oauth.tokenRequests();
    expect((await setup.getMe()).isError).toBe(true);
    expect(setup.oauth.tokenRequests()).toBe(requests);
  });

  it('a refused client secret marks the connection misconfigured with the variables to check', async () => {
    setup = await startOAuthGitHubHub({ expired: true, hubClientSecret: 'a-stale-secret' });
    const me = await setup.getMe();
    expect(me.isError).toBe(true);
    expect(me.text).toContain("operator fixes its OAuth app");
    expect((await setup.vault.store.listConnections(setup.alice.userId))[0]?.attention).toMatchObject({ kind: 'misconfigured', reason: expect.stringContaining('MCPHUB_OAUTH_GITHUB_CLIENT_SECRET') });
  });

  it.each([500, 429])('a %i from the token endpoint fails the call with a try-again text and no status change; a call after recovery works', async (status) => {
    setup = await startOAuthGitHubHub({ expired: true });
    setup.oauth.failNextTokenRequests(1, status, status === 429 ? { 'retry-after': '1' } : {});
    const me = await setup.getMe();
    expect(me).toMatchObject({ isError: true, text: expect.stringMatching(/Try again in \d+ s/) });
    expect((await setup.vault.store.listConnections(setup.alice.userId))[0]?.attention).toBeNull();
    await expect.poll(async () => (await setup!.getMe()).isError, { timeout: 5_000, interval: 250 }).toBe(false);
    expect(setup.oauth.tokenRequests()).toBe(3); // exchange, the failed refresh, one after the back-off
  });
});
