/**
 * GitHub's OAuth endpoints, shaped like github.com: the authorize page at
 * /login/oauth/authorize; the token endpoint at /login/oauth/access_token,
 * taking a form or JSON body with client_id/client_secret, answering JSON only
 * with `Accept: application/json` (form-encoded otherwise) and every error as
 * HTTP 200 `{ error, error_description, error_uri }`; PKCE S256. The API sits
 * under /api/v3 as on GitHub Enterprise: `GET /user` (401 "Bad credentials"
 * once a token expired) and `DELETE /applications/{client_id}/grant` (Basic
 * client auth, JSON `{ access_token }`, 204; 404 for an unknown token).
 *
 * `expiring: true` (default) behaves as a GitHub App with expiring user tokens
 * (8 h, refresh tokens for 6 months, a refresh kills the old access token);
 * `false` as an OAuth App (tokens never expire, no refresh tokens).
 */
import { startFakeOAuth } from './core.ts';
import type { FakeOAuth, FakeOAuthOptions, RefusalKind } from './types.ts';
import { basicCredentials, bearerOf, readFields, tokenRequestOf } from './wire.ts';

export const FAKE_GITHUB_USER = { id: 583231, login: 'octo' };

const CODES: Record<RefusalKind, string> = {
  client_id: 'incorrect_client_credentials',
  client_secret: 'incorrect_client_credentials',
  redirect_uri: 'redirect_uri_mismatch',
  code: 'bad_verification_code',
  verifier: 'bad_verification_code',
  refresh_token: 'bad_refresh_token',
  grant_type: 'unsupported_grant_type',
};

export interface FakeGitHubOAuthOptions extends FakeOAuthOptions {
  expiring?: boolean;
  /** The token table of a fake-github.ts API: issued tokens are accepted there as FAKE_GITHUB_USER.login. */
  api?: Map<string, string>;
}

export function startFakeGitHubOAuth(options: FakeGitHubOAuthOptions = {}): FakeOAuth {
  const expiring = options.expiring ?? true;
  const api = options.api;
  const answer = (request: Request, body: Record<string, unknown>) =>
    (request.headers.get('accept') ?? '').includes('application/json')
      ? Response.json(body)
      : new Response(new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });
  const bad = () => Response.json({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }, { status: 401 });

  return startFakeOAuth(
    {
      authorizePath: '/login/oauth/authorize',
      tokenPath: '/login/oauth/access_token',
      pkce: true,
      prefix: 'github',
      tokenPrefix: (kind) => (kind === 'access' ? (expiring ? 'ghu_' : 'gho_') : 'ghr_'),
      async readTokenRequest(request) {
        const body = await readFields(request);
        if (!body) return answer(request, { error: 'invalid_request', error_description: 'Send a form or JSON body.' });
        return tokenRequestOf(body.fields, null);
      },
      answerToken(outcome, request) {
        if (!outcome.ok) return answer(request, { error: CODES[outcome.kind], error_description: outcome.description, error_uri: 'https://docs.github.com/apps/troubleshooting' });
        return answer(request, {
          access_token: outcome.accessToken,
          token_type: 'bearer',
          // GitHub Apps answer an empty scope; OAuth Apps the granted scopes, comma-separated.
          scope: expiring ? '' : outcome.scopes.join(','),
          ...(outcome.expiresIn !== undefined ? { expires_in: outcome.expiresIn } : {}),
          ...(outcome.refreshToken ? { refresh_token: outcome.refreshToken, refresh_token_expires_in: outcome.refreshExpiresIn } : {}),
        });
      },
      async route(request, url, core) {
        if (request.method === 'GET' && url.pathname === '/api/v3/user') {
          const token = bearerOf(request);
          if (!token || !core.access(token)) return bad();
          return Response.json({ ...FAKE_GITHUB_USER, name: 'Octo Cat', html_url: `https://github.com/${FAKE_GITHUB_USER.login}`, type: 'User' });
        }
        const revoke = /^\/api\/v3\/applications\/([^/]+)\/grant$/.exec(url.pathname);
        if (request.method === 'DELETE' && revoke) {
          const client = basicCredentials(request);
          if (!client || decodeURIComponent(revoke[1]!) !== client.id || !core.checkClient(client.id, client.secret)) return bad();
          const body = (await request.json().catch(() => ({}))) as { access_token?: unknown };
          if (typeof body.access_token !== 'string') return Response.json({ message: 'Invalid request.', documentation_url: 'https://docs.github.com/rest' }, { status: 422 });
          return core.revoke(body.access_token) ? new Response(null, { status: 204 }) : Response.json({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }, { status: 404 });
        }
        return undefined;
      },
    },
    { accessSeconds: expiring ? 28_800 : undefined, refresh: expiring, refreshSeconds: expiring ? 15_897_600 : undefined, rotate: true, refreshKillsAccess: true },
    { ...options, ...(api ? { mirror: { issued: (t) => api.set(t, FAKE_GITHUB_USER.login), dropped: (t) => api.delete(t) } } : {}) },
    '/api/v3',
  );
}
