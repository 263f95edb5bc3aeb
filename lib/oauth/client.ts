/**
 * The OAuth 2.0 authorization-code flow against any provider in
 * providers.ts: the authorize URL, the callback, the code exchange, refresh
 * and revoke. Each request is bounded (http.ts), each answer validated
 * (tokens.ts, accounts.ts) and each failure classified once (errors.ts), so
 * the caller switches on `reason` and never reads a provider's wire format.
 * Nothing here stores anything: state, verifiers and tokens are the caller's.
 */
import { accountOf, type OAuthAccount } from './accounts.ts';
import { checkOAuthConfig, endpointUrl, type OAuthClientConfig, type ResolvedOAuthConfig } from './config.ts';
import { oauthFailure, reasonOf, type OAuthFailure } from './errors.ts';
import { failureOf, sendBounded } from './http.ts';
import type { OAuthProvider } from './providers.ts';
import { tokensOf, type OAuthTokenSet } from './tokens.ts';

export type { OAuthClientConfig } from './config.ts';

/** A new grant: its tokens, who granted it, and provider facts later requests need. */
export interface OAuthGrant extends OAuthTokenSet {
  scopes: string[];
  account: OAuthAccount;
  metadata: Record<string, string>;
}

export type ExchangeResult = { ok: true; tokens: OAuthGrant } | OAuthFailure;
export type RefreshResult = { ok: true; tokens: OAuthTokenSet } | OAuthFailure;
/** `alreadyRevoked`: the provider no longer knew the grant, which is what a revoke wants. */
export type RevokeResult = { ok: true; alreadyRevoked: boolean } | OAuthFailure;
export type CallbackResult = { ok: true; code: string; state: string } | (OAuthFailure & { state?: string });

/**
 * The provider's authorize URL. Throws on a config `checkOAuthConfig` refuses
 * (check it when the hub starts) and on a PKCE challenge for a provider
 * without PKCE: both are the caller's bugs, not a person's input.
 */
export function authorizeUrl(provider: OAuthProvider, config: OAuthClientConfig, request: { state: string; codeChallenge?: string; redirectUri: string; scopes: string[] }): string {
  const resolved = checkOAuthConfig(provider, config);
  if (!resolved.ok) throw new Error(resolved.message);
  if (request.codeChallenge !== undefined && !provider.pkce) throw new Error(`${provider.name} does not support PKCE; start its flow without a code challenge.`);
  if (request.state.length < 32 || request.state.length > 512) throw new Error('The OAuth state must be 32–512 characters (≥ 32 random bytes, base64url).');
  const url = new URL(endpointUrl(resolved, provider.authorize, config.clientId));
  const params = url.searchParams;
  params.set('client_id', config.clientId);
  params.set('redirect_uri', request.redirectUri);
  params.set('response_type', 'code');
  if (resolved.shape.scopeParam && request.scopes.length > 0) params.set(resolved.shape.scopeParam, request.scopes.join(provider.scopeSeparator));
  params.set('state', request.state);
  if (request.codeChallenge !== undefined) {
    params.set('code_challenge', request.codeChallenge);
    params.set('code_challenge_method', 'S256');
  }
  for (const [key, value] of Object.entries({ ...resolved.shape.authorizeParams, ...config.extraAuthorizeParams })) params.set(key, value);
  return url.href;
}

const MAX_CODE = 2_048;

/**
 * The code and state a provider sent the browser back with, or the error it
 * sent instead (`access_denied` → `denied`, with the provider's description).
 * The caller still checks the state against what it stored.
 */
export function parseCallback(provider: OAuthProvider, url: string | URL): CallbackResult {
  const params = new URL(url).searchParams;
  const state = params.get('state') ?? undefined;
  const withState = state && state.length <= 512 ? { state } : {};
  const error = params.get('error');
  if (error) {
    const code = error.slice(0, 100);
    const description = params.get('error_description')?.slice(0, 300);
    const text = code === 'access_denied' ? `${provider.name} access was not granted` : `${provider.name} refused the authorization: ${code}`;
    return { ...oauthFailure(reasonOf(code), description ? `${text}: ${description}` : `${text}.`, { error: code }), ...withState };
  }
  const code = params.get('code');
  if (!code || !state || code.length > MAX_CODE || state.length > 512) {
    return { ...oauthFailure('bad_response', `${provider.name} sent the browser back without a usable code and state; start connecting again.`), ...withState };
  }
  return { ok: true, code, state };
}

/** Exchanges a callback's code for tokens, then names the account. `scopes` are the ones asked for (used when the answer lists none). */
export async function exchangeCode(provider: OAuthProvider, config: OAuthClientConfig, request: { code: string; redirectUri: string; codeVerifier?: string; scopes: string[] }): Promise<ExchangeResult> {
  const resolved = checkOAuthConfig(provider, config);
  if (!resolved.ok) return resolved;
  const grant: Record<string, string> = { grant_type: 'authorization_code', code: request.code, redirect_uri: request.redirectUri };
  if (provider.pkce && request.codeVerifier !== undefined) grant.code_verifier = request.codeVerifier;
  const answer = await tokenRequest(provider, config, resolved, grant);
  if (!answer.ok) return answer;
  const now = Date.now();
  const tokens = tokensOf(provider, resolved.shape, answer.json, 'exchange', now, request.scopes);
  if ('ok' in tokens) return tokens;
  const facts = await accountOf({ provider, actor: resolved.actor, accessToken: tokens.accessToken, answer: answer.json, apiUrl: resolved.baseUrls.api, http: resolved.http });
  if (!facts.ok) return facts;
  return { ok: true, tokens: { ...tokens, scopes: tokens.scopes ?? request.scopes, account: facts.account, metadata: facts.metadata } };
}

/**
 * Renews the access token. A rotating provider (Linear, Notion, GitHub Apps,
 * Slack with rotation) returns a new refresh token, which must be stored
 * before the new access token is used; `refreshToken: undefined` in the
 * result means the provider kept the old one, which the caller keeps.
 */
export async function refreshTokens(provider: OAuthProvider, config: OAuthClientConfig, request: { refreshToken: string }): Promise<RefreshResult> {
  const resolved = checkOAuthConfig(provider, config);
  if (!resolved.ok) return resolved;
  const answer = await tokenRequest(provider, config, resolved, { grant_type: 'refresh_token', refresh_token: request.refreshToken });
  if (!answer.ok) return answer;
  const tokens = tokensOf(provider, resolved.shape, answer.json, 'refresh', Date.now());
  return 'ok' in tokens ? tokens : { ok: true, tokens };
}

/** The HTTP Basic header of the client credentials (RFC 6749 §2.3.1: each part form-encoded first). */
const basic = (config: OAuthClientConfig) => `Basic ${Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString('base64')}`;

function encode(kind: 'form' | 'json', fields: Record<string, string>): { body: string; type: string } {
  return kind === 'json' ? { body: JSON.stringify(fields), type: 'application/json' } : { body: new URLSearchParams(fields).toString(), type: 'application/x-www-form-urlencoded' };
}

async function tokenRequest(provider: OAuthProvider, config: OAuthClientConfig, resolved: ResolvedOAuthConfig, grant: Record<string, string>) {
  const fields = provider.clientAuth === 'body' ? { ...grant, client_id: config.clientId, client_secret: config.clientSecret } : grant;
  const { body, type } = encode(provider.tokenBody, fields);
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': type, 'user-agent': 'mcphub' };
  if (provider.clientAuth === 'basic') headers.authorization = basic(config);
  const what = `${provider.name}'s token endpoint`;
  const answer = await sendBounded(endpointUrl(resolved, provider.token, config.clientId), { method: 'POST', headers, body }, resolved.http, what);
  if (!answer.ok) return answer;
  return failureOf(answer, provider.errorStyle, what) ?? answer;
}

/** Errors meaning the token or grant is already gone: Slack's auth.revoke codes; GitHub answers 404. */
const GONE = new Set(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed', 'invalid_token']);

/** Revokes the grant at the provider (GitHub deletes the whole grant). A grant the provider no longer knows counts as revoked. */
export async function revokeTokens(provider: OAuthProvider, config: OAuthClientConfig, tokens: { accessToken: string; refreshToken?: string }): Promise<RevokeResult> {
  const resolved = checkOAuthConfig(provider, config);
  if (!resolved.ok) return resolved;
  const { revoke } = provider;
  const token = revoke.token === 'refresh-or-access' ? (tokens.refreshToken ?? tokens.accessToken) : tokens.accessToken;
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'mcphub' };
  const fields: Record<string, string> = revoke.tokenField ? { [revoke.tokenField]: token } : {};
  // RFC 7009's hint where either token may be sent (Linear); Notion documents `token` alone.
  if (revoke.token === 'refresh-or-access') fields.token_type_hint = token === tokens.refreshToken ? 'refresh_token' : 'access_token';
  if (revoke.auth === 'basic') headers.authorization = basic(config);
  if (revoke.auth === 'bearer') headers.authorization = `Bearer ${token}`;
  if (revoke.auth === 'client-body') Object.assign(fields, { client_id: config.clientId, client_secret: config.clientSecret });
  let body: string | undefined;
  if (revoke.body !== 'none') {
    const encoded = encode(revoke.body, fields);
    body = encoded.body;
    headers['content-type'] = encoded.type;
  }
  const what = `${provider.name}'s revoke endpoint`;
  const answer = await sendBounded(endpointUrl(resolved, revoke.endpoint, config.clientId), { method: revoke.method, headers, body }, resolved.http, what);
  if (!answer.ok) return answer;
  if (answer.status === 404) return { ok: true, alreadyRevoked: true };
  const failure = failureOf(answer, provider.errorStyle, what);
  if (failure?.error && GONE.has(failure.error)) return { ok: true, alreadyRevoked: true };
  if (failure) return failure;
  if (provider.errorStyle === 'slack' && (answer.json as { ok?: unknown } | undefined)?.ok !== true) return oauthFailure('bad_response', `${what} answered without \`ok: true\`.`, { status: answer.status });
  return { ok: true, alreadyRevoked: false };
}
