/**
 * OAuth connect as a use case (issue 13, "The flow"): `startConnect` gives
 * the provider's authorize URL for a signed-in session, `completeConnect`
 * takes the callback back, exchanges the code and stores the connection.
 * The routes (lib/api/integrations.ts, lib/server/oauth-routes.ts) only
 * shape what these return. The stored record is the one format of
 * lib/oauth/credential.ts, sealed and upserted like a pasted token, so the
 * integration's tools never know which way it was connected.
 */
import { credentialContext } from '../crypto/seal.ts';
import { authorizeUrl, exchangeCode, parseCallback } from '../oauth/client.ts';
import { encodeCredential } from '../oauth/credential.ts';
import type { OAuthFailureReason } from '../oauth/errors.ts';
import type { OAuthApp } from '../server/oauth-config.ts';
import { isLocalPath } from '../store/oauth.ts';
import { MAX_ACCOUNT_CHARS } from '../store/port.ts';
import type { ServiceDeps } from './deps.ts';
import { ServiceError, fromStoreError } from './errors.ts';
import { integrationOf } from './integrations.ts';
import { consumeOAuthCallbackState, startOAuthState, type OAuthStateDeps, type OAuthStateRefusal } from './oauth-state.ts';
import { requireUser } from './users.ts';
import { checkIntegrationLimit } from './plan-limits.ts';

export type OAuthConnectDeps = Pick<ServiceDeps, 'store' | 'sealer' | 'registry' | 'actor' | 'oauth' | 'plans' | 'hints'> & Pick<OAuthStateDeps, 'now'>;

/** Where a connect ends by default: the Integrations page, told which one was connected. */
export const connectedPath = (slug: string) => `/integrations?connected=${encodeURIComponent(slug)}`;

/** The callback URL registered with the provider: `<public url>/oauth/<slug>/callback`. */
export const callbackUrlOf = (deps: Pick<ServiceDeps, 'oauth'>, slug: string) => `${deps.oauth.publicUrl().replace(/\/+$/, '')}/oauth/${slug}/callback`;

/** The operator's app for `slug`, or `invalid` naming what the operator sets (the integration then offers token connect only). */
export function oauthAppOf(deps: Pick<ServiceDeps, 'oauth' | 'registry'>, slug: string): OAuthApp {
  const integration = integrationOf(deps, slug);
  const app = deps.oauth.apps[integration.slug];
  if (app) return app;
  const missing = deps.oauth.missing[integration.slug];
  throw new ServiceError('invalid', missing
    ? `OAuth connect for ${integration.name} is off on this hub: the operator sets ${missing}. Meanwhile, connect with a token.`
    : `${integration.name} has no OAuth connect; connect it with its ${integration.auth.label}.`);
}

/**
 * The authorize URL to send the browser to, for the signed-in `userId` in
 * `sessionId`: a fresh single-use state (PKCE where the provider has it).
 * `returnTo` must be a path on this hub; `invalid` otherwise.
 */
export async function startConnect(deps: OAuthConnectDeps, input: { userId: string; sessionId: string; slug: string; returnTo?: string }): Promise<{ url: string }> {
  const app = oauthAppOf(deps, input.slug);
  if (input.returnTo !== undefined && !isLocalPath(input.returnTo)) throw new ServiceError('invalid', 'returnTo must be a path on this hub, such as /integrations (one leading slash, no host).');
  await requireUser(deps, input.userId);
  // Refused here, before the provider's consent screen, and again when the connect completes (the plan may change meanwhile).
  await checkIntegrationLimit(deps, input.userId, app.provider.slug);
  const redirectUri = callbackUrlOf(deps, app.provider.slug);
  const started = await startOAuthState(deps, { userId: input.userId, sessionId: input.sessionId, slug: app.provider.slug, redirectUri, scopes: app.scopes, returnTo: input.returnTo ?? null });
  return { url: authorizeUrl(app.provider, app.config, { state: started.state, redirectUri, scopes: app.scopes, ...(app.provider.pkce && { codeChallenge: started.codeChallenge }) }) };
}

/** Why a callback stored nothing: the state's refusals, then the provider's (`denied` is the person saying no). */
export type ConnectRefusalReason = OAuthStateRefusal | OAuthFailureReason;

export type CompletedConnect =
  | { ok: true; slug: string; name: string; account: string; returnTo: string }
  | { ok: false; reason: ConnectRefusalReason; name: string; message: string };

const STATE_REFUSALS: Record<OAuthStateRefusal, string> = {
  unknown_or_used: 'This sign-in link was already used or was never issued by this hub, so nothing was connected.',
  expired: 'This connect took longer than 10 minutes, so it expired and nothing was connected.',
  other_user: 'This connect was started by another account than the one signed in here, so nothing was connected.',
  other_session: 'This connect was started in another browser session, so nothing was connected.',
  wrong_integration: 'This answer came back for another integration than the one being connected, so nothing was connected.',
};

/**
 * Takes a provider's redirect back (`callbackUrl`, the full URL) for the
 * signed-in `userId` in `sessionId`: consumes the state (whatever happens
 * next), exchanges the code and stores ONE sealed connection, with the
 * account the provider named. Settings of an enabled connection are kept.
 */
export async function completeConnect(deps: OAuthConnectDeps, input: { userId: string; sessionId: string; slug: string; callbackUrl: string }): Promise<CompletedConnect> {
  const app = oauthAppOf(deps, input.slug);
  const { provider } = app;
  const refused = (reason: ConnectRefusalReason, message: string): CompletedConnect => ({ ok: false, reason, name: provider.name, message });
  const callback = parseCallback(provider, input.callbackUrl);
  if (!callback.ok && !callback.state) return refused(callback.reason, callback.message);
  // The state is spent even when the provider said no: that flow is over either way.
  const state = await consumeOAuthCallbackState(deps, { state: callback.state!, userId: input.userId, sessionId: input.sessionId, slug: provider.slug });
  if (!state.ok) return refused(state.reason, STATE_REFUSALS[state.reason]);
  if (!callback.ok) return refused(callback.reason, callback.message);
  await checkIntegrationLimit(deps, input.userId, provider.slug);
  const exchanged = await exchangeCode(provider, app.config, { code: callback.code, redirectUri: state.flow.redirectUri, scopes: state.flow.scopes, ...(provider.pkce && { codeVerifier: state.codeVerifier }) });
  if (!exchanged.ok) return refused(exchanged.reason, exchanged.message);
  const grant = exchanged.tokens;
  const text = encodeCredential({
    kind: 'oauth',
    accessToken: grant.accessToken,
    ...(grant.refreshToken !== undefined && { refreshToken: grant.refreshToken }),
    ...(grant.expiresAt !== undefined && { expiresAt: grant.expiresAt }),
    ...(grant.refreshExpiresAt !== undefined && { refreshExpiresAt: grant.refreshExpiresAt }),
    scopes: grant.scopes,
    account: grant.account,
    metadata: grant.metadata,
    updatedAt: (deps.now ?? Date.now)(),
  });
  const account = grant.account.label.slice(0, MAX_ACCOUNT_CHARS);
  try {
    const sealedCredential = deps.sealer.seal(text, credentialContext(input.userId, provider.slug));
    // No settings: an enabled connection keeps its own, a new one starts at the safe defaults (the store's rule for every enable).
    await deps.store.upsertConnection({ userId: input.userId, slug: provider.slug, sealedCredential, account, actor: deps.actor });
  } catch (error) {
    throw fromStoreError(error);
  }
  return { ok: true, slug: provider.slug, name: provider.name, account, returnTo: state.flow.returnTo ?? connectedPath(provider.slug) };
}
