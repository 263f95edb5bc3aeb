/**
 * What the four provider-shaped OAuth fakes share: an authorize page with
 * "Approve" and "Deny" buttons (a real HTML form, so Chromium can click it and
 * `approve()` can post it), single-use authorization codes bound to the
 * client, redirect URI and PKCE challenge, access tokens that expire, refresh
 * tokens that rotate and refuse a replayed old one, grant revocation, and the
 * test controls (expire now, revoke refresh tokens, count token requests,
 * answer the next N token requests with a failure or a delay).
 *
 * Each provider file (github.ts, linear.ts, notion.ts, slack.ts) supplies the
 * wire: how its token request is read (form or JSON, body or Basic client
 * auth), how answers and errors look, its revoke endpoint and the API
 * endpoint that names the account and answers "expired" once a token is.
 * With `api` a fake also lets an existing API fake (fake-github.ts, …)
 * accept the tokens it issues, so one flow serves both.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FakeOAuth, FakeOAuthCore, FakeOAuthLifetimes, FakeOAuthOptions, FakeOAuthWire, Issued } from './types.ts';

interface Grant {
  id: number;
  scopes: string[];
  authorize: Record<string, string>;
  revoked: boolean;
}
interface AccessRecord { grant: Grant; expiresAt: number | null; dead: boolean }
interface RefreshRecord { grant: Grant; expiresAt: number | null; state: 'live' | 'rotated' | 'revoked' }
interface CodeRecord { clientId: string; redirectUri: string; challenge: string | null; scopes: string[]; authorize: Record<string, string>; used: boolean; expiresAt: number }

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const random = (prefix: string) => prefix + randomBytes(18).toString('base64url');
const html = (body: string, status = 200) => new Response(`<!doctype html><html><head><title>Fake authorization</title></head><body>${body}</body></html>`, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });

/** Starts a fake on 127.0.0.1 with the given wire and token lifetimes; `apiPrefix` is where its API paths live (GitHub `/api/v3`, Slack `/api`). */
export function startFakeOAuth(wire: FakeOAuthWire, lifetimes: FakeOAuthLifetimes, options: FakeOAuthOptions, apiPrefix = ''): FakeOAuth {
  const clientId = options.clientId ?? `fake-${wire.prefix}-client`;
  const clientSecret = options.clientSecret ?? `fake-${wire.prefix}-secret-${randomBytes(6).toString('hex')}`;
  const pending = new Map<string, Record<string, string>>();
  const codes = new Map<string, CodeRecord>();
  const accessTokens = new Map<string, AccessRecord>();
  const refreshTokens = new Map<string, RefreshRecord>();
  const revocations: string[] = [];
  const injected: ({ kind: 'fail'; status: number; headers: Record<string, string> } | { kind: 'raw'; status: number; body: string; type: string } | { kind: 'delay'; ms: number })[] = [];
  let tokenRequests = 0;
  let grants = 0;
  const rotate = options.rotateRefresh ?? lifetimes.rotate;
  const expiry = (seconds: number | undefined) => (seconds === undefined ? null : Date.now() + seconds * 1000);
  const kill = (token: string, record: AccessRecord) => {
    record.dead = true;
    options.mirror?.dropped(token);
  };

  function issue(grant: Grant, withRefresh: boolean, grantType: Issued['grantType']): Issued {
    const accessToken = random(wire.tokenPrefix('access', grant.authorize));
    accessTokens.set(accessToken, { grant, expiresAt: expiry(lifetimes.accessSeconds), dead: false });
    options.mirror?.issued(accessToken, grant.scopes);
    let refreshToken: string | undefined;
    if (withRefresh) {
      refreshToken = random(wire.tokenPrefix('refresh', grant.authorize));
      refreshTokens.set(refreshToken, { grant, expiresAt: expiry(lifetimes.refreshSeconds), state: 'live' });
    }
    return {
      ok: true, grantType, accessToken, scopes: grant.scopes, authorize: grant.authorize,
      ...(lifetimes.accessSeconds !== undefined ? { expiresIn: lifetimes.accessSeconds } : {}),
      ...(refreshToken ? { refreshToken, ...(lifetimes.refreshSeconds !== undefined ? { refreshExpiresIn: lifetimes.refreshSeconds } : {}) } : {}),
    };
  }

  const core: FakeOAuthCore = {
    clientId,
    clientSecret,
    checkClient: (id, secret) => id === clientId && secret === clientSecret,
    token(request) {
      if (request.clientId !== clientId) return { ok: false, kind: 'client_id', description: 'The client_id passed is unknown.' };
      if (request.clientSecret !== clientSecret) return { ok: false, kind: 'client_secret', description: 'The client_secret passed is incorrect.' };
      if (request.grantType === 'refresh_token' || (request.grantType === undefined && request.refreshToken)) {
        const record = request.refreshToken ? refreshTokens.get(request.refreshToken) : undefined;
        if (!record || record.state !== 'live' || record.grant.revoked || (record.expiresAt !== null && Date.now() >= record.expiresAt)) {
          return { ok: false, kind: 'refresh_token', description: record?.state === 'rotated' ? 'The refresh token was already used.' : 'The refresh token is invalid, expired or revoked.' };
        }
        if (lifetimes.refreshKillsAccess) for (const [token, access] of accessTokens) if (access.grant === record.grant && !access.dead) kill(token, access);
        if (rotate) record.state = 'rotated';
        return issue(record.grant, rotate, 'refresh_token');
      }
      if (request.grantType !== undefined && request.grantType !== 'authorization_code') return { ok: false, kind: 'grant_type', description: `Unsupported grant_type "${request.grantType}".` };
      const record = request.code ? codes.get(request.code) : undefined;
      if (!record || record.used || Date.now() >= record.expiresAt || record.clientId !== request.clientId) return { ok: false, kind: 'code', description: 'The code passed is incorrect or expired.' };
      record.used = true;
      if (request.redirectUri !== record.redirectUri) return { ok: false, kind: 'redirect_uri', description: 'The redirect_uri does not match the one of the authorization request.' };
      if (record.challenge !== null || request.codeVerifier !== undefined) {
        const verified = request.codeVerifier !== undefined && createHash('sha256').update(request.codeVerifier).digest('base64url') === record.challenge;
        if (!verified) return { ok: false, kind: 'verifier', description: 'The code_verifier does not match the code_challenge.' };
      }
      return issue({ id: ++grants, scopes: record.scopes, authorize: record.authorize, revoked: false }, lifetimes.refresh, 'authorization_code');
    },
    access(token) {
      const record = accessTokens.get(token);
      if (!record || record.dead || record.grant.revoked || (record.expiresAt !== null && Date.now() >= record.expiresAt)) return null;
      return { scopes: record.grant.scopes, authorize: record.grant.authorize };
    },
    known: (token) => accessTokens.has(token),
    revoke(token) {
      revocations.push(token);
      const grant = accessTokens.get(token)?.grant ?? refreshTokens.get(token)?.grant;
      if (!grant || grant.revoked) return false;
      grant.revoked = true;
      for (const [t, access] of accessTokens) if (access.grant === grant && !access.dead) kill(t, access);
      return true;
    },
  };

  function authorizePage(url: URL): Response {
    const params = Object.fromEntries(url.searchParams);
    if (params.client_id !== clientId) return html('<h1>Unknown application</h1><p>No application has this client_id.</p>', 404);
    if (!params.redirect_uri) return html('<h1>Missing redirect_uri</h1>', 400);
    if (params.code_challenge !== undefined && (!wire.pkce || params.code_challenge_method !== 'S256')) return html('<h1>Unsupported code_challenge_method</h1><p>Only S256 is accepted.</p>', 400);
    const id = random('req-');
    pending.set(id, params);
    return html(`<h1>Authorize the application</h1><p>It asks for: ${escape(params.scope ?? params.user_scope ?? '(no scopes)')}</p>
<form method="post" action="/__fake/decide"><input type="hidden" name="request" value="${id}">
<button type="submit" name="decision" value="approve">Approve</button> <button type="submit" name="decision" value="deny">Deny</button></form>`);
  }

  function decide(form: URLSearchParams): Response {
    const params = pending.get(form.get('request') ?? '');
    if (!params) return html('<h1>This authorization request is no longer valid</h1>', 400);
    pending.delete(form.get('request')!);
    const target = new URL(params.redirect_uri!);
    if (form.get('decision') === 'approve') {
      const code = random('code-');
      const scopes = (params.scope ?? params.user_scope ?? '').split(/[\s,]+/).filter(Boolean);
      codes.set(code, { clientId, redirectUri: params.redirect_uri!, challenge: params.code_challenge ?? null, scopes, authorize: params, used: false, expiresAt: Date.now() + 10 * 60_000 });
      target.searchParams.set('code', code);
    } else {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user has denied your application access.');
    }
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    return new Response(null, { status: 302, headers: { location: target.href } });
  }

  async function tokenEndpoint(request: Request): Promise<Response> {
    tokenRequests += 1;
    const next = injected.shift();
    if (next?.kind === 'fail') return new Response(JSON.stringify({ error: 'server_error', message: 'Injected failure' }), { status: next.status, headers: { 'content-type': 'application/json', ...next.headers } });
    if (next?.kind === 'raw') return new Response(next.body, { status: next.status, headers: { 'content-type': next.type } });
    if (next?.kind === 'delay') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, next.ms);
        request.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()));
      });
      // A caller that gave up never sees the answer: handling the request anyway would rotate a refresh token behind its back.
      if (request.signal.aborted) return new Response(null, { status: 499 });
    }
    const parsed = await wire.readTokenRequest(request);
    return parsed instanceof Response ? parsed : wire.answerToken(core.token(parsed), request, core);
  }

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    reusePort: false,
    async fetch(request) {
      const url = new URL(request.url);
      if (request.method === 'GET' && url.pathname === wire.authorizePath) return authorizePage(url);
      if (request.method === 'POST' && url.pathname === '/__fake/decide') return decide(new URLSearchParams(await request.text()));
      if (request.method === 'POST' && url.pathname === wire.tokenPath) return tokenEndpoint(request);
      return (await wire.route(request, url, core)) ?? new Response('Not Found', { status: 404 });
    },
  });
  const url = `http://127.0.0.1:${server.port}`;

  async function decideOn(authorizeUrl: string, decision: 'approve' | 'deny'): Promise<string> {
    const page = await fetch(authorizeUrl);
    const text = await page.text();
    const id = /name="request" value="([^"]+)"/.exec(text)?.[1];
    if (!id) throw new Error(`The fake's authorize page shows no form (HTTP ${page.status}): ${text.slice(0, 200)}`);
    const answer = await fetch(`${url}/__fake/decide`, { method: 'POST', body: new URLSearchParams({ request: id, decision }), redirect: 'manual' });
    return answer.headers.get('location') ?? '';
  }

  return {
    url,
    baseUrls: { web: url, api: url + apiPrefix },
    clientId,
    clientSecret,
    tokenRequests: () => tokenRequests,
    revocations,
    approve: (authorizeUrl) => decideOn(authorizeUrl, 'approve'),
    deny: (authorizeUrl) => decideOn(authorizeUrl, 'deny'),
    expireAccessTokens: (only) => {
      for (const [token, record] of accessTokens) if (!record.dead && (only === undefined || only === token)) kill(token, record);
    },
    revokeRefreshTokens: (only) => {
      for (const [token, record] of refreshTokens) if (record.state === 'live' && (only === undefined || only === token)) record.state = 'revoked';
    },
    failNextTokenRequests: (count, status, headers = {}) => {
      for (let i = 0; i < count; i++) injected.push({ kind: 'fail', status, headers });
    },
    answerNextTokenRequest: (status, body, type = 'application/json') => {
      injected.push({ kind: 'raw', status, body, type });
    },
    delayNextTokenRequests: (count, ms) => {
      for (let i = 0; i < count; i++) injected.push({ kind: 'delay', ms });
    },
    close: async () => {
      await server.stop(true);
    },
  };
}
