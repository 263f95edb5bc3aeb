/**
 * The OAuth half of the Store port (lib/store/port.ts): what a connect flow
 * keeps between its steps, and the lease that makes a token refresh
 * single-flight across replicas (DESIGN.md, "Decisions"). Secrets never
 * cross it in the clear: a flow's `state` and a connect link's token arrive
 * as SHA-256 hashes (lib/crypto/session-tokens.ts `hashToken`), the PKCE
 * verifier arrives sealed. Both kinds of record are single-use and taken
 * atomically, across processes and replicas; expired ones are pruned by the
 * store as new ones are written, so no job has to run for them.
 */
import { SLUG_PATTERN } from '../mcp/names.ts';
import type { Connection } from './port.ts';

export const OAUTH_PURPOSES = ['connect', 'reconnect'] as const;
/** Whether a flow makes a new connection or renews one that needs reconnecting (what the callback's page says). */
export type OAuthPurpose = (typeof OAUTH_PURPOSES)[number];

/** One started OAuth flow, until its callback takes it (or it expires). */
export interface OAuthStateRecord {
  userId: string;
  /** The dashboard session that started it: the callback must come back in the same one. */
  sessionId: string;
  slug: string;
  /** The PKCE verifier, sealed (lib/crypto/seal.ts `oauthStateContext`). */
  sealedVerifier: string;
  redirectUri: string;
  scopes: string[];
  purpose: OAuthPurpose;
  /** A path on the hub to end on (a connect link's "back to your chat" page); null for the default. */
  returnTo: string | null;
  createdAt: number;
  expiresAt: number;
}

export type NewOAuthState = Omit<OAuthStateRecord, 'purpose' | 'returnTo' | 'createdAt'> & { hash: string; purpose?: OAuthPurpose; returnTo?: string | null };

/** A link a tool call hands out (`/connect/<slug>?t=…`), bound to one user. */
export interface ConnectLinkRecord {
  userId: string;
  slug: string;
  createdAt: number;
  expiresAt: number;
}

export interface OAuthStore {
  /** Stores a started flow under the hash of its state. `USER_NOT_FOUND` when the user is gone, `INVALID_INPUT` past the bounds below. */
  createOAuthState(input: NewOAuthState): Promise<OAuthStateRecord>;
  /**
   * Takes the flow with this state hash, once: the first caller gets it and it
   * is gone for every later one. Null when unknown, already taken or expired
   * by `now` (an expired one is deleted all the same).
   */
  consumeOAuthState(hash: string, now: number): Promise<OAuthStateRecord | null>;

  /** Stores a connect link under the hash of its token. `USER_NOT_FOUND` when the user is gone. */
  createConnectLink(input: { hash: string; userId: string; slug: string; expiresAt: number }): Promise<ConnectLinkRecord>;
  /**
   * Takes the link with this token hash for `userId`, once. Null when unknown,
   * taken or expired (deleted then). A link of another user is refused and
   * left as it is: opening someone's link signed in as somebody else must not
   * let that person spend it before its owner does.
   */
  consumeConnectLink(hash: string, userId: string, now: number): Promise<ConnectLinkRecord | null>;

  /**
   * Takes the lease `name` for `holder` until `now + ttlMs`: true when it was
   * free, expired, or already this holder's (then it is extended); false while
   * another holder's lease runs — atomically, across every process and replica
   * sharing the store. Names are the caller's (`oauth-refresh:<userId>:<slug>`).
   */
  acquireLease(input: { name: string; holder: string; ttlMs: number; now: number }): Promise<boolean>;
  /** Frees the lease if `holder` holds it (another holder's is left alone); true when it did. */
  releaseLease(input: { name: string; holder: string }): Promise<boolean>;

  /**
   * A page of the enabled connections of these slugs, across users, for the
   * OAuth keep-alive sweep (lib/oauth/keep-alive.ts), in a stable order.
   * Which of them are due is the sweep's call, after unsealing: the store
   * cannot read a sealed record. Pass the returned `cursor` for the next
   * page; it is null on the last one. A page may be short and still have a
   * cursor. `INVALID_INPUT` past RENEWAL_PAGE_LIMITS.
   */
  listConnectionsForRenewal(input: RenewalPageRequest): Promise<RenewalPage>;
}

export interface RenewalPageRequest {
  slugs: readonly string[];
  limit: number;
  cursor?: string | null;
}

export interface RenewalPage {
  connections: Connection[];
  cursor: string | null;
}

/** Bounds of a renewal page: how many connections one read returns, how many slugs it filters on. */
export const RENEWAL_PAGE_LIMITS = { connections: 200, slugs: 32, cursor: 1_024 } as const;

/** Bounds of what the store keeps; longer input is refused, not cut (callers build these values, people do not type them). */
export const OAUTH_LIMITS = { text: 2_048, sealed: 1_024, scopes: 64, scope: 256, id: 128, leaseTtlMs: 10 * 60_000 } as const;

const HASH_PATTERN = /^[0-9a-f]{64}$/;
const within = (text: string, max: number) => text.length > 0 && text.length <= max;

/** The store's refusal of a flow it cannot keep, or null when it fits. Shared by both adapters, so they refuse alike. */
export function oauthStateProblem(input: NewOAuthState): string | null {
  if (!HASH_PATTERN.test(input.hash)) return 'the state hash must be SHA-256 hex (hash the state with hashToken)';
  if (!SLUG_PATTERN.test(input.slug)) return `the slug ${JSON.stringify(input.slug.slice(0, 40))} is not an integration slug`;
  if (!within(input.userId, OAUTH_LIMITS.id) || !within(input.sessionId, OAUTH_LIMITS.id)) return `the user and session ids must be 1 to ${OAUTH_LIMITS.id} characters`;
  if (!within(input.sealedVerifier, OAUTH_LIMITS.sealed)) return `the sealed verifier must be 1 to ${OAUTH_LIMITS.sealed} characters`;
  if (!within(input.redirectUri, OAUTH_LIMITS.text)) return `the redirect URI must be 1 to ${OAUTH_LIMITS.text} characters`;
  if (input.scopes.length > OAUTH_LIMITS.scopes || !input.scopes.every((s) => within(s, OAUTH_LIMITS.scope))) return `at most ${OAUTH_LIMITS.scopes} scopes of 1 to ${OAUTH_LIMITS.scope} characters each`;
  if (input.purpose !== undefined && !OAUTH_PURPOSES.includes(input.purpose)) return `the purpose must be one of ${OAUTH_PURPOSES.join(', ')}`;
  if (input.returnTo != null && !isLocalPath(input.returnTo)) return `returnTo must be a path on the hub (starting with one /), at most ${OAUTH_LIMITS.text} characters`;
  if (!Number.isFinite(input.expiresAt)) return 'expiresAt must be a time in ms';
  return null;
}

/** The store's refusal of a connect link it cannot keep, or null when it fits. */
export function connectLinkProblem(input: { hash: string; userId: string; slug: string; expiresAt: number }): string | null {
  if (!HASH_PATTERN.test(input.hash)) return 'the link hash must be SHA-256 hex (hash the token with hashToken)';
  if (!SLUG_PATTERN.test(input.slug)) return `the slug ${JSON.stringify(input.slug.slice(0, 40))} is not an integration slug`;
  if (!within(input.userId, OAUTH_LIMITS.id)) return `the user id must be 1 to ${OAUTH_LIMITS.id} characters`;
  if (!Number.isFinite(input.expiresAt)) return 'expiresAt must be a time in ms';
  return null;
}

/** The store's refusal of a lease request it cannot keep, or null when it fits. */
export function leaseProblem(input: { name: string; holder: string; ttlMs?: number }): string | null {
  if (!within(input.name, OAUTH_LIMITS.text / 8) || !within(input.holder, OAUTH_LIMITS.id)) return `a lease name is 1 to ${OAUTH_LIMITS.text / 8} characters and its holder 1 to ${OAUTH_LIMITS.id}`;
  if (input.ttlMs !== undefined && !(Number.isInteger(input.ttlMs) && input.ttlMs > 0 && input.ttlMs <= OAUTH_LIMITS.leaseTtlMs)) return `a lease lasts 1 to ${OAUTH_LIMITS.leaseTtlMs} ms`;
  return null;
}

/** The store's refusal of a renewal page request, or null when it fits. */
export function renewalPageProblem(input: RenewalPageRequest): string | null {
  if (!(Number.isInteger(input.limit) && input.limit > 0 && input.limit <= RENEWAL_PAGE_LIMITS.connections)) return `a renewal page holds 1 to ${RENEWAL_PAGE_LIMITS.connections} connections`;
  if (input.slugs.length === 0 || input.slugs.length > RENEWAL_PAGE_LIMITS.slugs || !input.slugs.every((slug) => SLUG_PATTERN.test(slug))) return `a renewal page filters on 1 to ${RENEWAL_PAGE_LIMITS.slugs} integration slugs`;
  if (input.cursor != null && !within(input.cursor, RENEWAL_PAGE_LIMITS.cursor)) return 'the cursor must be one a previous renewal page returned';
  return null;
}

/** A path on this hub: one leading slash (`//host` would leave it), no backslash or control characters. */
export function isLocalPath(value: string): boolean {
  return value.length <= OAUTH_LIMITS.text && /^\/(?![/\\])[^\\\u0000-\u001f\u007f]*$/.test(value);
}
