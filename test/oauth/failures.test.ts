/**
 * How every provider's failures are classified, against each provider's fake:
 * 5xx, 429 (with Retry-After), a timeout and an unreachable endpoint are
 * transient; malformed JSON and an oversized body are bad_response (the body
 * read stops at the bound); after a transient failure the same refresh
 * succeeds. The same table runs for all four, since they share one client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeCode, refreshTokens } from '../../lib/oauth/client.ts';
import { GITHUB_OAUTH, LINEAR_OAUTH, NOTION_OAUTH, SLACK_OAUTH, type OAuthProvider } from '../../lib/oauth/providers.ts';
import type { FakeOAuth } from '../helpers/fake-oauth/types.ts';
import { startFakeGitHubOAuth } from '../helpers/fake-oauth/github.ts';
import { startFakeLinearOAuth } from '../helpers/fake-oauth/linear.ts';
import { startFakeNotionOAuth } from '../helpers/fake-oauth/notion.ts';
import { startFakeSlackOAuth } from '../helpers/fake-oauth/slack.ts';
import { callbackUrlOf, connectThroughFake, fakeConfig, grantOf } from '../helpers/oauth-flow.ts';

const cases: [OAuthProvider, () => FakeOAuth][] = [
  [GITHUB_OAUTH, () => startFakeGitHubOAuth()],
  [LINEAR_OAUTH, () => startFakeLinearOAuth()],
  [NOTION_OAUTH, () => startFakeNotionOAuth()],
  [SLACK_OAUTH, () => startFakeSlackOAuth()],
];

describe.each(cases)('%s token endpoint failures', (provider, start) => {
  let fake: FakeOAuth;
  let refreshToken: string;
  beforeAll(async () => {
    fake = start();
    refreshToken = grantOf(await connectThroughFake(provider, fake, fakeConfig(fake))).refreshToken!;
  });
  afterAll(() => fake.close());

  /** Refreshes with the current refresh token, keeping the rotated one. */
  const refresh = async (config = fakeConfig(fake)) => {
    const result = await refreshTokens(provider, config, { refreshToken });
    if (result.ok && result.tokens.refreshToken) refreshToken = result.tokens.refreshToken;
    return result;
  };

  it('answers 500 and 429 (Retry-After) as transient, and the next refresh succeeds', async () => {
    const before = fake.tokenRequests();
    fake.failNextTokenRequests(1, 500);
    fake.failNextTokenRequests(1, 429, { 'retry-after': '7' });
    expect(await refresh()).toMatchObject({ ok: false, reason: 'transient', status: 500 });
    expect(await refresh()).toMatchObject({ ok: false, reason: 'transient', status: 429, retryAfterSeconds: 7 });
    expect((await refresh()).ok).toBe(true);
    expect(fake.tokenRequests() - before).toBe(3);
  });

  it('a 503 during the code exchange is transient too', async () => {
    fake.failNextTokenRequests(1, 503);
    const run = await connectThroughFake(provider, fake, fakeConfig(fake));
    expect(run.result).toMatchObject({ ok: false, reason: 'transient', status: 503 });
  });

  it('an endpoint slower than the timeout is transient', async () => {
    fake.delayNextTokenRequests(1, 5_000);
    const result = await refresh(fakeConfig(fake, { timeoutMs: 200 }));
    expect(result).toMatchObject({ ok: false, reason: 'transient', message: expect.stringContaining('did not answer within 200 ms') });
    // Whether the provider rotated the token it never answered for is unknowable to the client; go on with a fresh grant.
    refreshToken = grantOf(await connectThroughFake(provider, fake, fakeConfig(fake))).refreshToken!;
  });

  it('an unreachable endpoint is transient', async () => {
    const closed = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('') });
    const url = `http://127.0.0.1:${closed.port}`;
    await closed.stop(true);
    expect(await refresh(fakeConfig(fake, { baseUrls: { web: url, api: url } }))).toMatchObject({ ok: false, reason: 'transient', message: expect.stringContaining('Could not reach') });
  });

  it('malformed JSON and an answer without an access token are bad_response', async () => {
    fake.answerNextTokenRequest(200, '{"access_token": "unterminated');
    expect(await refresh()).toMatchObject({ ok: false, reason: 'bad_response', message: expect.stringContaining('not JSON') });
    fake.answerNextTokenRequest(200, provider.errorStyle === 'slack' ? '{"ok":true,"token_type":"user"}' : '{"token_type":"bearer"}');
    expect(await refresh()).toMatchObject({ ok: false, reason: 'bad_response', message: expect.stringContaining('access_token') });
  });

  it('an oversized answer is refused at the bound', async () => {
    fake.answerNextTokenRequest(200, JSON.stringify({ access_token: 'a', pad: 'x'.repeat(200_000) }));
    expect(await refresh(fakeConfig(fake, { maxResponseBytes: 65_536 }))).toMatchObject({ ok: false, reason: 'bad_response', message: expect.stringContaining('more than 65536 bytes') });
  });

  it('an HTML error page with HTTP 400 is bad_response, not a grant problem', async () => {
    fake.answerNextTokenRequest(400, '<html>Bad Request</html>', 'text/html');
    expect(await refresh()).toMatchObject({ ok: false, reason: 'bad_response', status: 400 });
  });

  it('a wrong client secret on refresh is misconfigured, and the refresh token still works after', async () => {
    expect(await refresh(fakeConfig(fake, { clientSecret: 'wrong' }))).toMatchObject({ ok: false, reason: 'misconfigured' });
    expect((await refresh()).ok).toBe(true);
  });

  it('an unknown code is invalid_grant', async () => {
    expect(await exchangeCode(provider, fakeConfig(fake), { code: 'never-issued', redirectUri: callbackUrlOf(provider), scopes: [] })).toMatchObject({ ok: false, reason: 'invalid_grant' });
  });
});
