/**
 * Slack's OAuth v2 endpoints: the authorize page at /oauth/v2/authorize
 * (comma-separated bot scopes in `scope`, user scopes in `user_scope`, PKCE
 * S256); `oauth.v2.access` under /api taking a form body (client credentials
 * in it or as Basic) and answering HTTP 200 always — `{ ok: false, error }`
 * on failure, the user token under `authed_user` (a bot token at the top);
 * with token rotation (default) 12 h tokens and refresh tokens, a refresh
 * answering the renewed token at the top; `auth.revoke` (the token as Bearer
 * or form field) and `auth.test` (`ok: false` `token_expired` once a token
 * expired, `invalid_auth` for one never issued). A grant asking for user
 * scopes gets a user token only.
 */
import { FAKE_SLACK_WORKSPACE_URL, type FakeSlackToken } from '../fake-slack/index.ts';
import { startFakeOAuth } from './core.ts';
import type { FakeOAuth, FakeOAuthOptions, Issued } from './types.ts';
import { basicCredentials, bearerOf, readFields, tokenRequestOf } from './wire.ts';

/** The workspace, user and bot user of fake-slack's seeded data, so tokens mirrored there act as the same people. */
export const FAKE_SLACK_ACCOUNT = { appId: 'A0FAKEAPP', team: { id: 'T0ACME', name: 'Acme' }, userId: 'U0ALICE', botUserId: 'U0HUB' };

export interface FakeSlackOAuthOptions extends FakeOAuthOptions {
  /** Token rotation on (default): tokens expire after 12 h and come with refresh tokens. */
  rotation?: boolean;
  /** The token table of a fake-slack API: issued tokens are accepted there as FAKE_SLACK_ACCOUNT.userId with the granted scopes. */
  api?: Map<string, FakeSlackToken>;
}

export function startFakeSlackOAuth(options: FakeSlackOAuthOptions = {}): FakeOAuth {
  const rotation = options.rotation ?? true;
  const api = options.api;
  const a = FAKE_SLACK_ACCOUNT;
  const fail = (error: string) => Response.json({ ok: false, error }, { headers: { 'x-slack-req-id': 'fake-oauth-1' } });
  const isUser = (authorize: Record<string, string>) => authorize.user_scope !== undefined;
  const tokens = (o: Issued) => ({
    access_token: o.accessToken,
    token_type: isUser(o.authorize) ? 'user' : 'bot',
    scope: o.scopes.join(','),
    ...(o.expiresIn !== undefined ? { expires_in: o.expiresIn } : {}),
    ...(o.refreshToken ? { refresh_token: o.refreshToken } : {}),
  });

  return startFakeOAuth(
    {
      authorizePath: '/oauth/v2/authorize',
      tokenPath: '/api/oauth.v2.access',
      pkce: true,
      prefix: 'slack',
      tokenPrefix: (kind, authorize) => (kind === 'refresh' ? 'xoxe-1-' : `${rotation ? 'xoxe.' : ''}${isUser(authorize) ? 'xoxp' : 'xoxb'}-1-`),
      async readTokenRequest(request) {
        const body = await readFields(request);
        if (!body) return fail('invalid_arguments');
        return tokenRequestOf(body.fields, basicCredentials(request));
      },
      answerToken(outcome) {
        if (!outcome.ok) {
          switch (outcome.kind) {
            case 'client_id':
              return fail('invalid_client_id');
            case 'client_secret':
              return fail('bad_client_secret');
            case 'redirect_uri':
              return fail('bad_redirect_uri');
            case 'code':
              return fail('invalid_code');
            case 'verifier':
              return fail('invalid_code_verifier');
            case 'refresh_token':
              return fail('invalid_refresh_token');
            case 'grant_type':
              return fail('invalid_grant_type');
          }
        }
        const common = { ok: true, app_id: a.appId, team: a.team, enterprise: null, is_enterprise_install: false };
        const user = isUser(outcome.authorize);
        if (outcome.grantType === 'refresh_token') return Response.json({ ...common, ...tokens(outcome), ...(user ? {} : { bot_user_id: a.botUserId }) });
        if (user) return Response.json({ ...common, authed_user: { id: a.userId, ...tokens(outcome) } });
        return Response.json({ ...common, ...tokens(outcome), bot_user_id: a.botUserId, authed_user: { id: a.userId } });
      },
      async route(request, url, core) {
        const method = /^\/api\/(auth\.revoke|auth\.test)$/.exec(url.pathname)?.[1];
        if (!method) return undefined;
        const form = request.method === 'POST' ? await readFields(request) : null;
        const token = bearerOf(request) ?? form?.fields.token ?? null;
        if (!token) return fail('not_authed');
        if (method === 'auth.revoke') return core.revoke(token) ? Response.json({ ok: true, revoked: true }) : fail('invalid_auth');
        if (!core.access(token)) return fail(core.known(token) ? 'token_expired' : 'invalid_auth');
        return Response.json({ ok: true, url: FAKE_SLACK_WORKSPACE_URL, team: a.team.name, user: 'alice', team_id: a.team.id, user_id: a.userId, is_enterprise_install: false });
      },
    },
    { accessSeconds: rotation ? 43_200 : undefined, refresh: rotation, rotate: true, refreshKillsAccess: false },
    { ...options, ...(api ? { mirror: { issued: (t, scopes) => api.set(t, { userId: a.userId, scopes }), dropped: (t) => api.delete(t) } } : {}) },
    '/api',
  );
}
