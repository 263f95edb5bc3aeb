/**
 * One OAuth connect against a provider fake, the way the hub's flow will run
 * it: authorize URL (with PKCE where the provider has it) → the fake's
 * Approve (or Deny) button → the callback → the code exchange; and the
 * variables that point a whole hub at a fake.
 */
import { authorizeUrl, exchangeCode, parseCallback, type CallbackResult, type ExchangeResult, type OAuthClientConfig } from '../../lib/oauth/client.ts';
import { generatePkce } from '../../lib/crypto/oauth-tokens.ts';
import type { OAuthProvider } from '../../lib/oauth/providers.ts';
import type { FakeOAuth } from './fake-oauth/types.ts';

/** The callback URL the hub serves for a provider (nothing listens there in these tests: the fake only redirects to it). */
export const callbackUrlOf = (provider: OAuthProvider) => `http://127.0.0.1:8787/oauth/${provider.slug}/callback`;

/** The operator's variables (MCPHUB_OAUTH_<SLUG>_*) pointing a hub's OAuth app for `slug` at a fake. */
export function oauthEnvOf(slug: string, fake: FakeOAuth): Record<string, string> {
  const prefix = `MCPHUB_OAUTH_${slug.toUpperCase()}_`;
  return { [`${prefix}CLIENT_ID`]: fake.clientId, [`${prefix}CLIENT_SECRET`]: fake.clientSecret, [`${prefix}WEB_URL`]: fake.baseUrls.web, [`${prefix}API_URL`]: fake.baseUrls.api };
}

/** A client config pointed at the fake, with short bounds for tests. */
export function fakeConfig(fake: FakeOAuth, extra: Partial<OAuthClientConfig> = {}): OAuthClientConfig {
  return { clientId: fake.clientId, clientSecret: fake.clientSecret, baseUrls: fake.baseUrls, timeoutMs: 2_000, ...extra };
}

export interface ConnectRun {
  url: URL;
  state: string;
  verifier?: string;
  callback: CallbackResult;
  result: ExchangeResult | null;
}

/** Runs the flow; `verifier` and `exchangeRedirectUri` replace the real ones at the exchange (to prove the fake checks them). */
export async function connectThroughFake(
  provider: OAuthProvider,
  fake: FakeOAuth,
  config: OAuthClientConfig,
  options: { scopes?: string[]; decision?: 'approve' | 'deny'; verifier?: string; exchangeRedirectUri?: string } = {},
): Promise<ConnectRun> {
  const state = crypto.getRandomValues(Buffer.alloc(32)).toString('base64url');
  const pkce = provider.pkce ? generatePkce() : undefined;
  const scopes = options.scopes ?? provider.actors[config.actor ?? provider.defaultActor]!.defaultScopes;
  const redirectUri = callbackUrlOf(provider);
  const url = new URL(authorizeUrl(provider, config, { state, redirectUri, scopes, ...(pkce ? { codeChallenge: pkce.codeChallenge } : {}) }));
  const location = options.decision === 'deny' ? await fake.deny(url.href) : await fake.approve(url.href);
  const callback = parseCallback(provider, location);
  if (!callback.ok) return { url, state, callback, result: null, ...(pkce ? { verifier: pkce.codeVerifier } : {}) };
  const codeVerifier = options.verifier ?? pkce?.codeVerifier;
  const result = await exchangeCode(provider, config, { code: callback.code, redirectUri: options.exchangeRedirectUri ?? redirectUri, scopes, ...(codeVerifier !== undefined ? { codeVerifier } : {}) });
  return { url, state, callback, result, ...(pkce ? { verifier: pkce.codeVerifier } : {}) };
}

/** The tokens of a successful run, or a thrown error saying why there are none. */
export function grantOf(run: ConnectRun) {
  if (!run.result) throw new Error(`No exchange: the callback failed (${JSON.stringify(run.callback)})`);
  if (!run.result.ok) throw new Error(`The exchange failed: ${run.result.reason}: ${run.result.message}`);
  return run.result.tokens;
}
