/**
 * The OAuth client against the Linear-shaped fake: comma-separated scopes,
 * `actor=app`, PKCE, the viewer and organization as the account, 24 h tokens
 * with a refresh token that rotates on every refresh, and revoke by refresh
 * token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens, revokeTokens } from '../../lib/oauth/client.ts';
import { LINEAR_OAUTH } from '../../lib/oauth/providers.ts';
import type { FakeOAuth } from '../helpers/fake-oauth/types.ts';
import { FAKE_LINEAR_ACCOUNT, startFakeLinearOAuth } from '../helpers/fake-oauth/linear.ts';
import { callbackUrlOf, connectThroughFake, fakeConfig, grantOf } from '../helpers/oauth-flow.ts';

let fake: FakeOAuth;
beforeAll(() => {
  fake = startFakeLinearOAuth();
});
afterAll(() => fake.close());

const viewerStatus = async (token: string) =>
  (await fetch(`${fake.baseUrls.api}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"query":"{ viewer { id } }"}' })).status;

describe('Linear OAuth', () => {
  it('builds the authorize URL Linear expects: comma-separated scopes, PKCE, and actor=app for the app actor', async () => {
    const run = await connectThroughFake(LINEAR_OAUTH, fake, fakeConfig(fake, { actor: 'app', extraAuthorizeParams: { prompt: 'consent' } }));
    expect(`${run.url.origin}${run.url.pathname}`).toBe(`${fake.url}/oauth/authorize`);
    expect(Object.fromEntries(run.url.searchParams)).toEqual({
      client_id: fake.clientId,
      redirect_uri: callbackUrlOf(LINEAR_OAUTH),
      response_type: 'code',
      scope: 'read,write',
      state: run.state,
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
      actor: 'app',
      prompt: 'consent',
    });
    expect(grantOf(run).account).toEqual({ id: FAKE_LINEAR_ACCOUNT.app.id, label: 'MCP Hub in Acme' });
  });

  it('Approve → callback → exchange gives 24 h tokens, a refresh token and the viewer in its organization', async () => {
    const before = Date.now();
    const run = await connectThroughFake(LINEAR_OAUTH, fake, fakeConfig(fake));
    expect(run.url.searchParams.has('actor')).toBe(false);
    const tokens = grantOf(run);
    expect(tokens).toMatchObject({ scopes: ['read', 'write'], tokenType: 'Bearer', account: { id: FAKE_LINEAR_ACCOUNT.viewer.id, label: 'Alice Liddell in Acme' }, metadata: { organization_id: 'org-acme' } });
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 86_399_000);
    expect(tokens.refreshToken).toMatch(/^lin_refresh_/);
    expect(await viewerStatus(tokens.accessToken)).toBe(200);
  });

  it('a wrong PKCE verifier is refused with invalid_grant (HTTP 400)', async () => {
    const run = await connectThroughFake(LINEAR_OAUTH, fake, fakeConfig(fake), { verifier: 'y'.repeat(43) });
    expect(run.result).toMatchObject({ ok: false, reason: 'invalid_grant', status: 400, error: 'invalid_grant' });
  });

  it('every refresh rotates the refresh token and a replayed old one is invalid_grant', async () => {
    const first = grantOf(await connectThroughFake(LINEAR_OAUTH, fake, fakeConfig(fake)));
    fake.expireAccessTokens();
    expect(await viewerStatus(first.accessToken)).toBe(401);
    const second = await refreshTokens(LINEAR_OAUTH, fakeConfig(fake), { refreshToken: first.refreshToken! });
    if (!second.ok) throw new Error(second.message);
    expect(second.tokens.refreshToken).not.toBe(first.refreshToken);
    expect(second.tokens.scopes).toEqual(['read', 'write']);
    expect(await viewerStatus(second.tokens.accessToken)).toBe(200);
    const replay = await refreshTokens(LINEAR_OAUTH, fakeConfig(fake), { refreshToken: first.refreshToken! });
    expect(replay).toMatchObject({ ok: false, reason: 'invalid_grant', status: 400, error: 'invalid_grant' });
  });

  it('a refresh answer without a refresh token leaves the old one in use (the caller keeps it)', async () => {
    const steady = startFakeLinearOAuth({ rotateRefresh: false });
    try {
      const first = grantOf(await connectThroughFake(LINEAR_OAUTH, steady, fakeConfig(steady)));
      const second = await refreshTokens(LINEAR_OAUTH, fakeConfig(steady), { refreshToken: first.refreshToken! });
      if (!second.ok) throw new Error(second.message);
      expect(second.tokens.refreshToken).toBeUndefined();
      expect(second.tokens.accessToken).not.toBe(first.accessToken);
      expect((await refreshTokens(LINEAR_OAUTH, fakeConfig(steady), { refreshToken: first.refreshToken! })).ok).toBe(true);
    } finally {
      await steady.close();
    }
  });

  it('only the refresh token revoked at Linear stops working', async () => {
    const [a, b] = [grantOf(await connectThroughFake(LINEAR_OAUTH, fake, fakeConfig(fake))), grantOf(await connectThroughFake(LINEAR_OAUTH, fake, fakeConfig(fake)))];
    fake.revokeRefreshTokens(a.refreshToken);
    expect(await refreshTokens(LINEAR_OAUTH, fakeConfig(fake), { refreshToken: a.refreshToken! })).toMatchObject({ ok: false, reason: 'invalid_grant' });
    expect((await refreshTokens(LINEAR_OAUTH, fakeConfig(fake), { refreshToken: b.refreshToken! })).ok).toBe(true);
  });

  it('revoke sends the refresh token, which ends the grant', async () => {
    const tokens = grantOf(await connectThroughFake(LINEAR_OAUTH, fake, fakeConfig(fake)));
    expect(await revokeTokens(LINEAR_OAUTH, fakeConfig(fake), tokens)).toEqual({ ok: true, alreadyRevoked: false });
    expect(fake.revocations.at(-1)).toBe(tokens.refreshToken);
    expect(await viewerStatus(tokens.accessToken)).toBe(401);
    expect(await refreshTokens(LINEAR_OAUTH, fakeConfig(fake), { refreshToken: tokens.refreshToken! })).toMatchObject({ ok: false, reason: 'invalid_grant' });
  });

  it('a wrong client secret is misconfigured (invalid_client, HTTP 401)', async () => {
    const run = await connectThroughFake(LINEAR_OAUTH, fake, fakeConfig(fake, { clientSecret: 'wrong' }));
    expect(run.result).toMatchObject({ ok: false, reason: 'misconfigured', status: 401, error: 'invalid_client' });
  });

  it('Deny comes back as denied', async () => {
    const run = await connectThroughFake(LINEAR_OAUTH, fake, fakeConfig(fake), { decision: 'deny' });
    expect(run.callback).toMatchObject({ ok: false, reason: 'denied', error: 'access_denied', message: expect.stringContaining('Linear access was not granted') });
  });
});
