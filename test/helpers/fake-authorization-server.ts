/**
 * An OAuth authorization server on 127.0.0.1 shaped as MCP authorization
 * expects (RFC 8414 metadata, RFC 7591 dynamic registration, authorization
 * code with PKCE S256, rotating refresh tokens), for a remote MCP server
 * that signs its users in (issue 15). /authorize approves at once as `sub`,
 * redirecting back with code and state; `expireAccessTokens()` makes the
 * server refuse every access token issued so far, so the next call needs a
 * refresh. It records registrations, code exchanges and refreshes.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface FakeAuthorizationServer {
  url: string;
  registrations: number;
  exchanges: number;
  refreshes: number;
  /** The owner of a live access token, or null. */
  ownerOf(accessToken: string): string | null;
  expireAccessTokens(): void;
  close(): Promise<void>;
}

export function startFakeAuthorizationServer(sub = 'ada'): FakeAuthorizationServer {
  const clients = new Map<string, string[]>();
  const codes = new Map<string, { clientId: string; challenge: string; redirectUri: string }>();
  const access = new Map<string, string>();
  const refresh = new Map<string, string>();
  const state = { registrations: 0, exchanges: 0, refreshes: 0 };
  const token = () => randomBytes(16).toString('hex');
  const issue = (owner: string) => {
    const pair = { access_token: `at_${token()}`, refresh_token: `rt_${token()}`, token_type: 'Bearer', expires_in: 3600 };
    access.set(pair.access_token, owner);
    refresh.set(pair.refresh_token, owner);
    return Response.json(pair, { headers: { 'cache-control': 'no-store' } });
  };
  const oauthError = (error: string, status = 400) => Response.json({ error }, { status });

  const http = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    reusePort: false,
    async fetch(request) {
      const url = new URL(request.url);
      const issuer = url.origin;
      if (url.pathname === '/.well-known/oauth-authorization-server') {
        return Response.json({
          issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, registration_endpoint: `${issuer}/register`,
          response_types_supported: ['code'], grant_types_supported: ['authorization_code', 'refresh_token'], code_challenge_methods_supported: ['S256'], token_endpoint_auth_methods_supported: ['none'],
        });
      }
      if (url.pathname === '/register' && request.method === 'POST') {
        const metadata = (await request.json()) as { redirect_uris?: string[] };
        const clientId = `client_${token()}`;
        clients.set(clientId, metadata.redirect_uris ?? []);
        state.registrations += 1;
        return Response.json({ ...metadata, client_id: clientId, client_id_issued_at: Math.floor(Date.now() / 1000) }, { status: 201 });
      }
      if (url.pathname === '/authorize') {
        const clientId = url.searchParams.get('client_id') ?? '';
        const redirectUri = url.searchParams.get('redirect_uri') ?? '';
        if (!clients.get(clientId)?.includes(redirectUri)) return new Response('unknown client or redirect URI', { status: 400 });
        if (url.searchParams.get('code_challenge_method') !== 'S256') return new Response('PKCE S256 required', { status: 400 });
        const code = `code_${token()}`;
        codes.set(code, { clientId, challenge: url.searchParams.get('code_challenge') ?? '', redirectUri });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        return new Response(null, { status: 302, headers: { location: back.href } });
      }
      if (url.pathname === '/token' && request.method === 'POST') {
        const form = new URLSearchParams(await request.text());
        if (form.get('grant_type') === 'authorization_code') {
          const grant = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          if (!grant || grant.clientId !== form.get('client_id') || grant.redirectUri !== form.get('redirect_uri')) return oauthError('invalid_grant');
          const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
          if (challenge !== grant.challenge) return oauthError('invalid_grant');
          state.exchanges += 1;
          return issue(sub);
        }
        if (form.get('grant_type') === 'refresh_token') {
          const owner = refresh.get(form.get('refresh_token') ?? '');
          // Rotating: a refresh token works once.
          refresh.delete(form.get('refresh_token') ?? '');
          if (!owner) return oauthError('invalid_grant');
          state.refreshes += 1;
          return issue(owner);
        }
        return oauthError('unsupported_grant_type');
      }
      return new Response('not found', { status: 404 });
    },
  });
  return {
    url: `http://127.0.0.1:${http.port}`,
    get registrations() {
      return state.registrations;
    },
    get exchanges() {
      return state.exchanges;
    },
    get refreshes() {
      return state.refreshes;
    },
    ownerOf: (accessToken) => access.get(accessToken) ?? null,
    expireAccessTokens: () => access.clear(),
    close: () => http.stop(true),
  };
}
