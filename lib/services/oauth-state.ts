/**
 * The stateful half of OAuth connect: what `/oauth/<slug>/start` keeps and
 * the callback takes back, and the connect links a tool call hands to a chat.
 * A flow's `state` and a link's token are 32 random bytes whose hash alone is
 * stored; the PKCE verifier is sealed to the user, session and integration.
 * Both are single-use: any presentation takes the record, so a replay, a
 * callback in another person's browser or on another integration's path each
 * burn it (the person starts again; nobody can try the same state twice).
 *
 * The store forgets a record a grace period after its expiry, so a person who
 * comes back a little late is told "expired" rather than "unknown"; after
 * that, and once taken, a record is indistinguishable from one never issued.
 */
import { generatePkce, generateUrlToken, isUrlTokenShaped } from '../crypto/oauth-tokens.ts';
import { oauthVerifierContext } from '../crypto/seal.ts';
import { hashToken } from '../crypto/session-tokens.ts';
import type { ConnectLinkRecord, OAuthPurpose, OAuthStateRecord } from '../store/oauth.ts';
import type { ServiceDeps } from './deps.ts';
import { fromStoreError, ServiceError } from './errors.ts';

/** A flow must come back within 10 minutes: the provider's consent page, and a person reading it. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;
/** A connect link works for 30 minutes (the issue's bound): long enough to switch from the chat to the browser and sign in. */
export const CONNECT_LINK_TTL_MS = 30 * 60_000;
/** How long the store keeps a record past its expiry, so a late arrival reads as `expired`. */
const EXPIRED_GRACE_MS = 10 * 60_000;

/** What the OAuth state services run on: the store, the hub's sealer, and the clock (injected in tests). */
export type OAuthStateDeps = Pick<ServiceDeps, 'store' | 'sealer'> & { now?: () => number };

const clock = (deps: OAuthStateDeps) => (deps.now ?? Date.now)();

export interface StartedOAuthState {
  /** The `state` parameter of the authorize URL; never stored. */
  state: string;
  /** For the token request only; stored sealed. */
  codeVerifier: string;
  /** The authorize URL's `code_challenge` (method S256). */
  codeChallenge: string;
  expiresAt: number;
}

/**
 * Starts a flow for a signed-in user's session: a fresh state and PKCE pair,
 * stored until OAUTH_STATE_TTL_MS. `invalid` when the redirect URI is not an
 * http(s) URL or the input is past the store's bounds; `not_found` when the
 * user is gone.
 */
export async function startOAuthState(
  deps: OAuthStateDeps,
  input: { userId: string; sessionId: string; slug: string; redirectUri: string; scopes: string[]; purpose?: OAuthPurpose; returnTo?: string | null },
): Promise<StartedOAuthState> {
  if (!isHttpUrl(input.redirectUri)) throw new ServiceError('invalid', `The OAuth redirect URI must be an http(s) URL (<public url>/oauth/${input.slug}/callback); set the hub's public URL.`);
  const { token: state, hash } = generateUrlToken();
  const { codeVerifier, codeChallenge } = generatePkce();
  const expiresAt = clock(deps) + OAUTH_STATE_TTL_MS;
  const sealedVerifier = deps.sealer.seal(codeVerifier, oauthVerifierContext(input.userId, input.sessionId, input.slug));
  try {
    await deps.store.createOAuthState({ ...input, hash, sealedVerifier, expiresAt: expiresAt + EXPIRED_GRACE_MS });
  } catch (error) {
    throw fromStoreError(error);
  }
  return { state, codeVerifier, codeChallenge, expiresAt };
}

/** A flow as its callback gets it back: everything it was started with but the sealed verifier. */
export type OAuthFlow = Omit<OAuthStateRecord, 'sealedVerifier'>;

/**
 * Why a callback's state was refused. `unknown_or_used`: never issued, already
 * taken, or long expired (never told apart). `other_user` / `other_session`:
 * the browser's session is not the one that started the flow.
 * `wrong_integration`: it came back on another integration's callback.
 */
export type OAuthStateRefusal = 'unknown_or_used' | 'expired' | 'other_user' | 'other_session' | 'wrong_integration';

export type OAuthCallbackState = { ok: true; flow: OAuthFlow; codeVerifier: string } | { ok: false; reason: OAuthStateRefusal };

/** Takes the flow a callback's `state` names, for the browser's signed-in session on `slug`'s callback; the state is spent whatever the answer. */
export async function consumeOAuthCallbackState(deps: OAuthStateDeps, input: { state: string; userId: string; sessionId: string; slug: string }): Promise<OAuthCallbackState> {
  if (!isUrlTokenShaped(input.state)) return { ok: false, reason: 'unknown_or_used' };
  const now = clock(deps);
  const record = await deps.store.consumeOAuthState(hashToken(input.state), now);
  if (!record) return { ok: false, reason: 'unknown_or_used' };
  if (record.userId !== input.userId) return { ok: false, reason: 'other_user' };
  if (record.sessionId !== input.sessionId) return { ok: false, reason: 'other_session' };
  if (record.slug !== input.slug) return { ok: false, reason: 'wrong_integration' };
  if (record.expiresAt - EXPIRED_GRACE_MS <= now) return { ok: false, reason: 'expired' };
  const { sealedVerifier, ...flow } = record;
  const codeVerifier = deps.sealer.open(sealedVerifier, oauthVerifierContext(record.userId, record.sessionId, record.slug));
  return { ok: true, flow: { ...flow, expiresAt: flow.expiresAt - EXPIRED_GRACE_MS }, codeVerifier };
}

export interface IssuedConnectLink {
  /** The link's `t` parameter (`/connect/<slug>?t=…`, built by the caller); never stored. */
  token: string;
  expiresAt: number;
}

/** A single-use link for `userId` to connect `slug`, for CONNECT_LINK_TTL_MS. `not_found` when the user is gone. */
export async function issueConnectLink(deps: OAuthStateDeps, input: { userId: string; slug: string }): Promise<IssuedConnectLink> {
  const { token, hash } = generateUrlToken();
  const expiresAt = clock(deps) + CONNECT_LINK_TTL_MS;
  try {
    await deps.store.createConnectLink({ hash, userId: input.userId, slug: input.slug, expiresAt: expiresAt + EXPIRED_GRACE_MS });
  } catch (error) {
    throw fromStoreError(error);
  }
  return { token, expiresAt };
}

/**
 * Why a connect link was refused. `unknown_or_used` also covers a link of
 * another user (never told apart, and theirs stays usable by them): the page
 * says to sign in as the account the chat belongs to, or to ask the chat for a
 * new link. `wrong_integration`: the token was opened under another slug's path.
 */
export type ConnectLinkRefusal = 'unknown_or_used' | 'expired' | 'wrong_integration';

export type RedeemedConnectLink = { ok: true; link: ConnectLinkRecord } | { ok: false; reason: ConnectLinkRefusal };

/** Takes a connect link for the signed-in user who opened it at `/connect/<slug>`. */
export async function redeemConnectLink(deps: OAuthStateDeps, input: { token: string; userId: string; slug: string }): Promise<RedeemedConnectLink> {
  if (!isUrlTokenShaped(input.token)) return { ok: false, reason: 'unknown_or_used' };
  const now = clock(deps);
  const link = await deps.store.consumeConnectLink(hashToken(input.token), input.userId, now);
  if (!link) return { ok: false, reason: 'unknown_or_used' };
  if (link.slug !== input.slug) return { ok: false, reason: 'wrong_integration' };
  if (link.expiresAt - EXPIRED_GRACE_MS <= now) return { ok: false, reason: 'expired' };
  return { ok: true, link: { ...link, expiresAt: link.expiresAt - EXPIRED_GRACE_MS } };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
