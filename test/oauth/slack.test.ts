/**
 * The OAuth client against the Slack-shaped fake: user scopes in `user_scope`
 * and the user token under `authed_user` (bot scopes in `scope`, the bot token
 * at the top), HTTP 200 `ok: false` errors, optional token rotation, and
 * auth.revoke. The fake mirrors its tokens into the Slack API fake, so the
 * integration's own verify (auth.test) runs on an OAuth token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import slack from '../../integrations/slack/index.ts';
import { verifySlack } from '../../integrations/slack/verify.ts';
import { refreshTokens, revokeTokens } from '../../lib/oauth/client.ts';
import { SLACK_OAUTH } from '../../lib/oauth/providers.ts';
import type { FakeOAuth } from '../helpers/fake-oauth/types.ts';
import { FAKE_SLACK_ACCOUNT, startFakeSlackOAuth } from '../helpers/fake-oauth/slack.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack/index.ts';
import { callbackUrlOf, connectThroughFake, fakeConfig, grantOf } from '../helpers/oauth-flow.ts';
import { directClientOptions } from '../helpers/run-tool.ts';

let api: FakeSlack;
let fake: FakeOAuth;
let legacy: FakeOAuth;
beforeAll(() => {
  api = startFakeSlack();
  fake = startFakeSlackOAuth({ api: api.tokens });
  legacy = startFakeSlackOAuth({ rotation: false });
});
afterAll(async () => {
  await Promise.all([api.close(), fake.close(), legacy.close()]);
});

const authTest = async (token: string) => (await (await fetch(`${fake.baseUrls.api}/auth.test`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { ok: boolean; error?: string };

describe('Slack OAuth', () => {
  it('builds the authorize URL Slack expects: user scopes comma-separated in user_scope, PKCE', async () => {
    const run = await connectThroughFake(SLACK_OAUTH, fake, fakeConfig(fake), { scopes: ['search:read', 'chat:write'] });
    expect(`${run.url.origin}${run.url.pathname}`).toBe(`${fake.url}/oauth/v2/authorize`);
    expect(Object.fromEntries(run.url.searchParams)).toEqual({
      client_id: fake.clientId,
      redirect_uri: callbackUrlOf(SLACK_OAUTH),
      response_type: 'code',
      user_scope: 'search:read,chat:write',
      state: run.state,
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    });
  });

  it('Approve → callback → exchange takes the user token from authed_user and names the team; the API accepts it', async () => {
    const before = Date.now();
    const tokens = grantOf(await connectThroughFake(SLACK_OAUTH, fake, fakeConfig(fake)));
    expect(tokens.accessToken).toMatch(/^xoxe\.xoxp-1-/);
    expect(tokens.refreshToken).toMatch(/^xoxe-1-/);
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 43_200_000);
    expect(tokens).toMatchObject({
      tokenType: 'user',
      scopes: SLACK_OAUTH.actors.user!.defaultScopes,
      account: { id: `${FAKE_SLACK_ACCOUNT.team.id}:${FAKE_SLACK_ACCOUNT.userId}`, label: FAKE_SLACK_ACCOUNT.team.name },
      metadata: { team_id: FAKE_SLACK_ACCOUNT.team.id, app_id: FAKE_SLACK_ACCOUNT.appId, authed_user_id: FAKE_SLACK_ACCOUNT.userId },
    });
    const client = slack.createClient(tokens.accessToken, directClientOptions(slack, { baseUrl: api.url, signal: new AbortController().signal }));
    expect((await verifySlack(client)).label).toBe('alice in Acme');
  });

  it('the app actor asks in `scope` and takes the bot token from the top of the answer', async () => {
    const run = await connectThroughFake(SLACK_OAUTH, fake, fakeConfig(fake, { actor: 'app' }), { scopes: ['chat:write'] });
    expect(run.url.searchParams.get('scope')).toBe('chat:write');
    expect(run.url.searchParams.has('user_scope')).toBe(false);
    const tokens = grantOf(run);
    expect(tokens.accessToken).toMatch(/^xoxe\.xoxb-1-/);
    expect(tokens).toMatchObject({ tokenType: 'bot', account: { id: `${FAKE_SLACK_ACCOUNT.team.id}:${FAKE_SLACK_ACCOUNT.botUserId}` }, metadata: { bot_user_id: FAKE_SLACK_ACCOUNT.botUserId } });
  });

  it('without token rotation the token never expires and there is no refresh token', async () => {
    const tokens = grantOf(await connectThroughFake(SLACK_OAUTH, legacy, fakeConfig(legacy)));
    expect(tokens.accessToken).toMatch(/^xoxp-1-/);
    expect(tokens.refreshToken).toBeUndefined();
    expect(tokens.expiresAt).toBeUndefined();
  });

  it('a wrong PKCE verifier is refused (ok:false) and classified invalid_grant', async () => {
    const run = await connectThroughFake(SLACK_OAUTH, fake, fakeConfig(fake), { verifier: 'z'.repeat(43) });
    expect(run.result).toMatchObject({ ok: false, reason: 'invalid_grant', status: 200, error: 'invalid_code_verifier' });
  });

  it('an expired token answers token_expired; refresh rotates and a replayed old refresh token is invalid_grant', async () => {
    const first = grantOf(await connectThroughFake(SLACK_OAUTH, fake, fakeConfig(fake)));
    fake.expireAccessTokens();
    expect(await authTest(first.accessToken)).toEqual({ ok: false, error: 'token_expired' });
    const second = await refreshTokens(SLACK_OAUTH, fakeConfig(fake), { refreshToken: first.refreshToken! });
    if (!second.ok) throw new Error(second.message);
    expect(second.tokens).toMatchObject({ tokenType: 'user', accessToken: expect.stringMatching(/^xoxe\.xoxp-1-/) });
    expect(second.tokens.refreshToken).not.toBe(first.refreshToken);
    expect((await authTest(second.tokens.accessToken)).ok).toBe(true);
    expect(await refreshTokens(SLACK_OAUTH, fakeConfig(fake), { refreshToken: first.refreshToken! })).toMatchObject({ ok: false, reason: 'invalid_grant', status: 200, error: 'invalid_refresh_token' });
  });

  it('auth.revoke is recorded; revoking again finds the token gone', async () => {
    const tokens = grantOf(await connectThroughFake(SLACK_OAUTH, fake, fakeConfig(fake)));
    expect(await revokeTokens(SLACK_OAUTH, fakeConfig(fake), tokens)).toEqual({ ok: true, alreadyRevoked: false });
    expect(fake.revocations.at(-1)).toBe(tokens.accessToken);
    expect((await authTest(tokens.accessToken)).ok).toBe(false);
    expect(await revokeTokens(SLACK_OAUTH, fakeConfig(fake), tokens)).toEqual({ ok: true, alreadyRevoked: true });
  });

  it('a wrong client secret or client id is misconfigured with Slack\'s codes', async () => {
    expect((await connectThroughFake(SLACK_OAUTH, fake, fakeConfig(fake, { clientSecret: 'wrong' }))).result).toMatchObject({ ok: false, reason: 'misconfigured', status: 200, error: 'bad_client_secret' });
    const wrongRedirect = await connectThroughFake(SLACK_OAUTH, fake, fakeConfig(fake), { exchangeRedirectUri: 'http://127.0.0.1:8787/elsewhere' });
    expect(wrongRedirect.result).toMatchObject({ ok: false, reason: 'misconfigured', error: 'bad_redirect_uri' });
  });

  it('Deny comes back as denied', async () => {
    const run = await connectThroughFake(SLACK_OAUTH, fake, fakeConfig(fake), { decision: 'deny' });
    expect(run.callback).toMatchObject({ ok: false, reason: 'denied', error: 'access_denied' });
  });
});
