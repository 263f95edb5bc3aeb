/**
 * Linear's OAuth endpoints: the authorize page at linear.app/oauth/authorize
 * (comma-separated scopes, optional `actor=app`, PKCE S256); the token
 * endpoint at api.linear.app/oauth/token taking a form body (client
 * credentials in it or as Basic), answering RFC 6749 JSON — 24 h access tokens
 * and a refresh token that rotates on every refresh, a replayed old one
 * refused with `invalid_grant` — and RFC errors (400; 401 for
 * `invalid_client`); `POST /oauth/revoke` (form `token`); and the GraphQL
 * endpoint, where the viewer query names the account and an expired token
 * gets Linear's AUTHENTICATION_ERROR with HTTP 401.
 */
import { graphqlError } from '../fake-linear/graphql.ts';
import { startFakeOAuth } from './core.ts';
import type { FakeOAuth, FakeOAuthOptions, RefusalKind } from './types.ts';
import { basicCredentials, bearerOf, readFields, tokenRequestOf } from './wire.ts';

export const FAKE_LINEAR_ACCOUNT = { viewer: { id: 'user-alice', name: 'Alice Liddell' }, app: { id: 'app-user-hub', name: 'MCP Hub' }, organization: { id: 'org-acme', name: 'Acme' } };

const CODES: Record<RefusalKind, string> = {
  client_id: 'invalid_client',
  client_secret: 'invalid_client',
  redirect_uri: 'invalid_grant',
  code: 'invalid_grant',
  verifier: 'invalid_grant',
  refresh_token: 'invalid_grant',
  grant_type: 'unsupported_grant_type',
};

export interface FakeLinearOAuthOptions extends FakeOAuthOptions {
  /** The token table of a fake-linear API, and the seeded user (alice, bob, carol) its tokens act as. */
  api?: { tokens: Map<string, string>; user: string };
}

export function startFakeLinearOAuth(options: FakeLinearOAuthOptions = {}): FakeOAuth {
  const api = options.api;
  const error = (status: number, code: string, description: string) => Response.json({ error: code, error_description: description }, { status });

  return startFakeOAuth(
    {
      authorizePath: '/oauth/authorize',
      tokenPath: '/oauth/token',
      pkce: true,
      prefix: 'linear',
      tokenPrefix: (kind) => (kind === 'access' ? 'lin_oauth_' : 'lin_refresh_'),
      async readTokenRequest(request) {
        const body = await readFields(request);
        if (!body || body.kind !== 'form') return error(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
        return tokenRequestOf(body.fields, basicCredentials(request));
      },
      answerToken(outcome) {
        if (!outcome.ok) return error(outcome.kind.startsWith('client') ? 401 : 400, CODES[outcome.kind], outcome.description);
        return Response.json({ access_token: outcome.accessToken, token_type: 'Bearer', expires_in: outcome.expiresIn, scope: outcome.scopes.join(' '), refresh_token: outcome.refreshToken });
      },
      async route(request, url, core) {
        if (request.method === 'POST' && url.pathname === '/oauth/revoke') {
          const body = await readFields(request);
          if (!body?.fields.token) return error(400, 'invalid_request', 'Missing token.');
          core.revoke(body.fields.token);
          return new Response(null, { status: 200 });
        }
        if (request.method === 'POST' && url.pathname === '/graphql') {
          const token = bearerOf(request);
          const grant = token ? core.access(token) : null;
          if (!grant) return Response.json(graphqlError('Authentication required, not authenticated', 'authentication error', 'AUTHENTICATION_ERROR', 401, 'You need to authenticate to access this operation.'), { status: 401 });
          const viewer = grant.authorize.actor === 'app' ? FAKE_LINEAR_ACCOUNT.app : FAKE_LINEAR_ACCOUNT.viewer;
          return Response.json({ data: { viewer, organization: FAKE_LINEAR_ACCOUNT.organization } });
        }
        return undefined;
      },
    },
    { accessSeconds: 86_399, refresh: true, rotate: true, refreshKillsAccess: false },
    { ...options, ...(api ? { mirror: { issued: (t) => api.tokens.set(t, api.user), dropped: (t) => api.tokens.delete(t) } } : {}) },
  );
}
