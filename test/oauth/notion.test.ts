/**
 * The OAuth client against the Notion-shaped fake: no scopes and no PKCE,
 * HTTP Basic client auth with a JSON body, the workspace and owner from the
 * token answer, rotating refresh tokens, revoke. The fake mirrors its tokens
 * into the Notion API fake, so the integration's own verify names the bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import notion from '../../integrations/notion/index.ts';
import { verifyNotion } from '../../integrations/notion/verify.ts';
import { authorizeUrl, refreshTokens, revokeTokens } from '../../lib/oauth/client.ts';
import { NOTION_OAUTH } from '../../lib/oauth/providers.ts';
import type { FakeOAuth } from '../helpers/fake-oauth/types.ts';
import { FAKE_NOTION_ACCOUNT, startFakeNotionOAuth } from '../helpers/fake-oauth/notion.ts';
import { startFakeNotion, type FakeNotion } from '../helpers/fake-notion.ts';
import { callbackUrlOf, connectThroughFake, fakeConfig, grantOf } from '../helpers/oauth-flow.ts';
import { directClientOptions } from '../helpers/run-tool.ts';

let api: FakeNotion;
let fake: FakeOAuth;
beforeAll(() => {
  api = startFakeNotion();
  fake = startFakeNotionOAuth({ api: api.tokens });
});
afterAll(async () => {
  await Promise.all([api.close(), fake.close()]);
});

const meStatus = async (token: string) => (await fetch(`${fake.baseUrls.api}/v1/users/me`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('Notion OAuth', () => {
  it('builds the authorize URL Notion expects: owner=user, no scope, no PKCE', async () => {
    const run = await connectThroughFake(NOTION_OAUTH, fake, fakeConfig(fake));
    expect(`${run.url.origin}${run.url.pathname}`).toBe(`${fake.url}/v1/oauth/authorize`);
    expect(Object.fromEntries(run.url.searchParams)).toEqual({ client_id: fake.clientId, redirect_uri: callbackUrlOf(NOTION_OAUTH), response_type: 'code', state: run.state, owner: 'user' });
    expect(() => authorizeUrl(NOTION_OAUTH, fakeConfig(fake), { state: run.state, codeChallenge: 'c'.repeat(43), redirectUri: callbackUrlOf(NOTION_OAUTH), scopes: [] })).toThrow(/does not support PKCE/);
  });

  it('Approve → callback → exchange (Basic + JSON) gives tokens and the workspace; the API accepts the token', async () => {
    const tokens = grantOf(await connectThroughFake(NOTION_OAUTH, fake, fakeConfig(fake)));
    expect(tokens).toMatchObject({
      tokenType: 'bearer',
      account: { id: FAKE_NOTION_ACCOUNT.botId, label: 'Ada Lovelace in Acme Notes' },
      metadata: { workspace_id: FAKE_NOTION_ACCOUNT.workspaceId, bot_id: FAKE_NOTION_ACCOUNT.botId, owner_user_id: FAKE_NOTION_ACCOUNT.owner.id },
    });
    expect(tokens.refreshToken).toMatch(/^nrt_/);
    expect(tokens.expiresAt).toBeUndefined();
    const client = notion.createClient(tokens.accessToken, directClientOptions(notion, { baseUrl: api.url, signal: new AbortController().signal }));
    expect((await verifyNotion(client)).label).toMatch(/^Hub Bot/);
  });

  it('an expired token gets 401 from users/me; refresh rotates and a replayed old refresh token is invalid_grant', async () => {
    const first = grantOf(await connectThroughFake(NOTION_OAUTH, fake, fakeConfig(fake)));
    fake.expireAccessTokens();
    expect(await meStatus(first.accessToken)).toBe(401);
    const second = await refreshTokens(NOTION_OAUTH, fakeConfig(fake), { refreshToken: first.refreshToken! });
    if (!second.ok) throw new Error(second.message);
    expect(second.tokens.refreshToken).not.toBe(first.refreshToken);
    expect(await meStatus(second.tokens.accessToken)).toBe(200);
    expect(await refreshTokens(NOTION_OAUTH, fakeConfig(fake), { refreshToken: first.refreshToken! })).toMatchObject({ ok: false, reason: 'invalid_grant', status: 400, error: 'invalid_grant' });
  });

  it('a refresh token revoked at Notion is invalid_grant', async () => {
    const tokens = grantOf(await connectThroughFake(NOTION_OAUTH, fake, fakeConfig(fake)));
    fake.revokeRefreshTokens();
    expect(await refreshTokens(NOTION_OAUTH, fakeConfig(fake), { refreshToken: tokens.refreshToken! })).toMatchObject({ ok: false, reason: 'invalid_grant' });
  });

  it('revoke is recorded and the token stops working', async () => {
    const tokens = grantOf(await connectThroughFake(NOTION_OAUTH, fake, fakeConfig(fake)));
    expect(await revokeTokens(NOTION_OAUTH, fakeConfig(fake), tokens)).toEqual({ ok: true, alreadyRevoked: false });
    expect(fake.revocations.at(-1)).toBe(tokens.accessToken);
    expect(await meStatus(tokens.accessToken)).toBe(401);
  });

  it('a wrong client secret is misconfigured (invalid_client, HTTP 401)', async () => {
    const run = await connectThroughFake(NOTION_OAUTH, fake, fakeConfig(fake, { clientSecret: 'wrong' }));
    expect(run.result).toMatchObject({ ok: false, reason: 'misconfigured', status: 401, error: 'invalid_client' });
  });

  it('Deny comes back as denied', async () => {
    const run = await connectThroughFake(NOTION_OAUTH, fake, fakeConfig(fake), { decision: 'deny' });
    expect(run.callback).toMatchObject({ ok: false, reason: 'denied', error: 'access_denied' });
  });
});
