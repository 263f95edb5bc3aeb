/**
 * Notion's OAuth endpoints (public integrations): the authorize page at
 * /v1/oauth/authorize (`owner=user`, no scopes, no PKCE); the token endpoint
 * at /v1/oauth/token requiring HTTP Basic client credentials and a JSON body,
 * answering with the workspace and owner and a refresh token that rotates
 * (a replayed old one is `invalid_grant`), errors as RFC JSON with Notion's
 * `request_id`; `POST /v1/oauth/revoke` (Basic, JSON `{ token }`); and
 * `GET /v1/users/me`, which answers Notion's 401 `unauthorized` once a token
 * expired. Notion documents no access-token lifetime: tokens here expire only
 * through `expireAccessTokens()`.
 */
import { startFakeOAuth } from './core.ts';
import type { FakeOAuth, FakeOAuthOptions, RefusalKind } from './types.ts';
import { basicCredentials, bearerOf, readFields, tokenRequestOf } from './wire.ts';

export const FAKE_NOTION_ACCOUNT = {
  botId: 'b0700000-0000-4000-8000-000000000001',
  workspaceId: 'a0000000-0000-4000-8000-0000000000ac',
  workspaceName: 'Acme Notes',
  owner: { id: 'u0000000-0000-4000-8000-000000000007', name: 'Ada Lovelace' },
};

const CODES: Record<RefusalKind, string> = {
  client_id: 'invalid_client',
  client_secret: 'invalid_client',
  redirect_uri: 'invalid_grant',
  code: 'invalid_grant',
  verifier: 'invalid_grant',
  refresh_token: 'invalid_grant',
  grant_type: 'unsupported_grant_type',
};

export interface FakeNotionOAuthOptions extends FakeOAuthOptions {
  /** The token table of a fake-notion API: issued tokens are accepted there as the bot `Hub Bot`. */
  api?: Map<string, string>;
}

export function startFakeNotionOAuth(options: FakeNotionOAuthOptions = {}): FakeOAuth {
  const api = options.api;
  const requestId = () => crypto.randomUUID();
  const error = (status: number, code: string, description: string) => Response.json({ error: code, error_description: description, request_id: requestId() }, { status });
  const a = FAKE_NOTION_ACCOUNT;

  return startFakeOAuth(
    {
      authorizePath: '/v1/oauth/authorize',
      tokenPath: '/v1/oauth/token',
      pkce: false,
      prefix: 'notion',
      tokenPrefix: (kind) => (kind === 'access' ? 'ntn_' : 'nrt_'),
      async readTokenRequest(request) {
        const client = basicCredentials(request);
        if (!client) return error(401, 'invalid_client', 'Client authentication must use HTTP Basic.');
        const body = await readFields(request);
        if (!body || body.kind !== 'json') return error(400, 'invalid_request', 'Body failed validation: the body must be JSON.');
        return tokenRequestOf(body.fields, client);
      },
      answerToken(outcome) {
        if (!outcome.ok) return error(outcome.kind.startsWith('client') ? 401 : 400, CODES[outcome.kind], outcome.description);
        return Response.json({
          access_token: outcome.accessToken,
          token_type: 'bearer',
          refresh_token: outcome.refreshToken ?? null,
          bot_id: a.botId,
          workspace_id: a.workspaceId,
          workspace_name: a.workspaceName,
          workspace_icon: null,
          owner: { type: 'user', user: { object: 'user', id: a.owner.id, name: a.owner.name, avatar_url: null, type: 'person', person: { email: 'ada@example.com' } } },
          duplicated_template_id: null,
          request_id: requestId(),
        });
      },
      async route(request, url, core) {
        if (request.method === 'POST' && url.pathname === '/v1/oauth/revoke') {
          const client = basicCredentials(request);
          if (!client || !core.checkClient(client.id, client.secret)) return error(401, 'invalid_client', 'Client authentication failed.');
          const body = await readFields(request);
          if (!body?.fields.token) return error(400, 'invalid_request', 'Body failed validation: body.token should be defined.');
          core.revoke(body.fields.token);
          return Response.json({ request_id: requestId() });
        }
        if (request.method === 'GET' && url.pathname === '/v1/users/me') {
          const token = bearerOf(request);
          if (!token || !core.access(token)) return Response.json({ object: 'error', status: 401, code: 'unauthorized', message: 'API token is invalid.', request_id: requestId() }, { status: 401 });
          return Response.json({ object: 'user', id: a.botId, type: 'bot', name: 'Hub Bot', avatar_url: null, bot: { owner: { type: 'workspace', workspace: true }, workspace_name: a.workspaceName }, request_id: requestId() });
        }
        return undefined;
      },
    },
    { refresh: true, rotate: true, refreshKillsAccess: false },
    { ...options, ...(api ? { mirror: { issued: (t) => api.set(t, 'Hub Bot'), dropped: (t) => api.delete(t) } } : {}) },
  );
}
