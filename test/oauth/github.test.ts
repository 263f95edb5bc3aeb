/**
 * The OAuth client against the GitHub-shaped fake: the authorize URL GitHub
 * expects, the exchange (HTTP 200 error bodies, the account from GET /user),
 * GitHub App refresh (rotation, the old access token dies, a replayed refresh
 * token is refused) and grant revocation. The fake mirrors its tokens into the
 * GitHub API fake, so the real get_me tool runs on an OAuth token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import github from '../../integrations/github/index.ts';
import { createLogger } from '../../lib/log.ts';
import { exchangeCode, refreshTokens, revokeTokens } from '../../lib/oauth/client.ts';
import { GITHUB_OAUTH } from '../../lib/oauth/providers.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import type { FakeOAuth } from '../helpers/fake-oauth/types.ts';
import { FAKE_GITHUB_USER, startFakeGitHubOAuth } from '../helpers/fake-oauth/github.ts';
import { callbackUrlOf, connectThroughFake, fakeConfig, grantOf } from '../helpers/oauth-flow.ts';
import { createToolRunner } from '../helpers/run-tool.ts';

let api: FakeGitHub;
let fake: FakeOAuth;
let oauthApp: FakeOAuth;

beforeAll(() => {
  api = startFakeGitHub();
  fake = startFakeGitHubOAuth({ api: api.tokens });
  oauthApp = startFakeGitHubOAuth({ expiring: false });
});
afterAll(async () => {
  await Promise.all([api.close(), fake.close(), oauthApp.close()]);
});

const runner = createToolRunner(github, { apiUrl: () => api.url, credential: 'unused', logger: createLogger({ level: 'error' }) });
const userAnswers = async (token: string) => (await fetch(`${fake.baseUrls.api}/user`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('GitHub OAuth', () => {
  it('builds the authorize URL GitHub expects: space-separated scopes, state and the S256 challenge', async () => {
    const run = await connectThroughFake(GITHUB_OAUTH, fake, fakeConfig(fake));
    expect(`${run.url.origin}${run.url.pathname}`).toBe(`${fake.url}/login/oauth/authorize`);
    expect(Object.fromEntries(run.url.searchParams)).toEqual({
      client_id: fake.clientId,
      redirect_uri: callbackUrlOf(GITHUB_OAUTH),
      response_type: 'code',
      scope: 'repo read:org',
      state: run.state,
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    });
  });

  it('Approve → callback → exchange gives GitHub App tokens and the login, and the real tool accepts the token', async () => {
    const before = Date.now();
    const tokens = grantOf(await connectThroughFake(GITHUB_OAUTH, fake, fakeConfig(fake)));
    expect(tokens.accessToken).toMatch(/^ghu_/);
    expect(tokens.refreshToken).toMatch(/^ghr_/);
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 28_800_000);
    expect(tokens.refreshExpiresAt).toBeGreaterThan(tokens.expiresAt!);
    expect(tokens.account).toEqual({ id: String(FAKE_GITHUB_USER.id), label: 'octo' });
    const me = await runner('get_me', {}, { token: tokens.accessToken });
    expect(me.result.isError).toBeFalsy();
    expect(me.text).toContain('octo');
  });

  it('an OAuth App token never expires and comes with no refresh token; scopes are the granted ones', async () => {
    const tokens = grantOf(await connectThroughFake(GITHUB_OAUTH, oauthApp, fakeConfig(oauthApp), { scopes: ['repo'] }));
    expect(tokens).toMatchObject({ scopes: ['repo'], account: { label: 'octo' } });
    expect(tokens.expiresAt).toBeUndefined();
    expect(tokens.refreshToken).toBeUndefined();
  });

  it('a wrong PKCE verifier is refused by GitHub (HTTP 200 error body) and classified invalid_grant', async () => {
    const run = await connectThroughFake(GITHUB_OAUTH, fake, fakeConfig(fake), { verifier: 'x'.repeat(43) });
    expect(run.result).toMatchObject({ ok: false, reason: 'invalid_grant', status: 200, error: 'bad_verification_code' });
  });

  it('a code is single-use', async () => {
    const run = await connectThroughFake(GITHUB_OAUTH, fake, fakeConfig(fake));
    grantOf(run);
    const again = await exchangeCode(GITHUB_OAUTH, fakeConfig(fake), { code: (run.callback as { code: string }).code, redirectUri: callbackUrlOf(GITHUB_OAUTH), codeVerifier: run.verifier!, scopes: [] });
    expect(again).toMatchObject({ ok: false, reason: 'invalid_grant', error: 'bad_verification_code' });
  });

  it('refresh rotates, kills the old access token, and a replayed old refresh token is invalid_grant', async () => {
    const first = grantOf(await connectThroughFake(GITHUB_OAUTH, fake, fakeConfig(fake)));
    const refreshed = await refreshTokens(GITHUB_OAUTH, fakeConfig(fake), { refreshToken: first.refreshToken! });
    if (!refreshed.ok) throw new Error(refreshed.message);
    expect(refreshed.tokens.refreshToken).toMatch(/^ghr_/);
    expect(refreshed.tokens.refreshToken).not.toBe(first.refreshToken);
    expect(await userAnswers(first.accessToken)).toBe(401);
    expect(await userAnswers(refreshed.tokens.accessToken)).toBe(200);
    expect((await runner('get_me', {}, { token: first.accessToken })).result.isError).toBe(true);

    const replay = await refreshTokens(GITHUB_OAUTH, fakeConfig(fake), { refreshToken: first.refreshToken! });
    expect(replay).toMatchObject({ ok: false, reason: 'invalid_grant', error: 'bad_refresh_token' });
    const next = await refreshTokens(GITHUB_OAUTH, fakeConfig(fake), { refreshToken: refreshed.tokens.refreshToken! });
    expect(next.ok).toBe(true);
  });

  it('an expired access token is refused by GET /user until refreshed', async () => {
    const tokens = grantOf(await connectThroughFake(GITHUB_OAUTH, fake, fakeConfig(fake)));
    fake.expireAccessTokens();
    expect(await userAnswers(tokens.accessToken)).toBe(401);
    const refreshed = await refreshTokens(GITHUB_OAUTH, fakeConfig(fake), { refreshToken: tokens.refreshToken! });
    expect(refreshed.ok && (await userAnswers(refreshed.tokens.accessToken))).toBe(200);
  });

  it('revoke deletes the grant at GitHub (Basic auth, JSON access_token); a second revoke finds it gone', async () => {
    const tokens = grantOf(await connectThroughFake(GITHUB_OAUTH, fake, fakeConfig(fake)));
    expect(await revokeTokens(GITHUB_OAUTH, fakeConfig(fake), tokens)).toEqual({ ok: true, alreadyRevoked: false });
    expect(fake.revocations).toContain(tokens.accessToken);
    expect(await userAnswers(tokens.accessToken)).toBe(401);
    expect(await refreshTokens(GITHUB_OAUTH, fakeConfig(fake), { refreshToken: tokens.refreshToken! })).toMatchObject({ ok: false, reason: 'invalid_grant' });
    expect(await revokeTokens(GITHUB_OAUTH, fakeConfig(fake), tokens)).toEqual({ ok: true, alreadyRevoked: true });
  });

  it('a wrong client secret and a different redirect URI are misconfigured, with GitHub\'s codes', async () => {
    const secret = await connectThroughFake(GITHUB_OAUTH, fake, fakeConfig(fake, { clientSecret: 'wrong' }));
    expect(secret.result).toMatchObject({ ok: false, reason: 'misconfigured', status: 200, error: 'incorrect_client_credentials' });
    expect(await revokeTokens(GITHUB_OAUTH, fakeConfig(fake, { clientSecret: 'wrong' }), { accessToken: 'ghu_x' })).toMatchObject({ ok: false, reason: 'misconfigured', status: 401 });

    const moved = await connectThroughFake(GITHUB_OAUTH, fake, fakeConfig(fake), { exchangeRedirectUri: 'http://127.0.0.1:8787/elsewhere' });
    expect(moved.result).toMatchObject({ ok: false, reason: 'misconfigured', status: 200, error: 'redirect_uri_mismatch' });
  });

  it('the fake speaks both of GitHub\'s formats: a JSON body is accepted, and without Accept: application/json the answer is form-encoded', async () => {
    const answer = await fetch(`${fake.url}/login/oauth/access_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: fake.clientId, client_secret: fake.clientSecret, code: 'nope' }) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
    expect(new URLSearchParams(await answer.text()).get('error')).toBe('bad_verification_code');
  });

  it('Deny comes back as denied with GitHub\'s text', async () => {
    const run = await connectThroughFake(GITHUB_OAUTH, fake, fakeConfig(fake), { decision: 'deny' });
    expect(run.callback).toMatchObject({ ok: false, reason: 'denied', error: 'access_denied', state: run.state });
    expect(run.callback.ok === false && run.callback.message).toBe('GitHub access was not granted: The user has denied your application access.');
  });
});
