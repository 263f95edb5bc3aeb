/**
 * Dashboard sessions: password sign-in (throttled), the session a cookie
 * carries, sliding expiry, sign-out, and a user's list of sessions. The
 * cookie holds the session token; the store keeps only its hash. A surface
 * (the management API) sets the cookie (HttpOnly, SameSite=Lax), sends the
 * CSRF token (`csrfTokenFor`) to its pages and checks it (`checkCsrf`) on
 * every mutating request.
 */
import { checkCsrf, csrfTokenFor, generateToken, hashToken, isTokenShaped, SESSION_TOKEN_PREFIX } from '../crypto/session-tokens.ts';
import type { SessionRecord } from '../store/accounts.ts';
import type { User } from '../store/port.ts';
import type { ServiceDeps } from './deps.ts';
import { ServiceError } from './errors.ts';
import { PASSWORD_MAX_CHARS, verifyPassword } from './passwords.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';
import { normalizeEmail } from './users.ts';

export { checkCsrf, csrfTokenFor };

/** The cookie a surface keeps the session token in. */
export const SESSION_COOKIE = 'mcphub_session';
/** A session unused this long ends: someone who opens the dashboard once a month stays signed in; one left on a shared machine dies within a month. */
export const SESSION_IDLE_MS = 30 * 24 * 3_600_000;
/** However much it is used, a session ends this long after sign-in, so a stolen cookie cannot be kept alive forever. */
export const SESSION_MAX_MS = 90 * 24 * 3_600_000;
/** Last use is written at most this often per session: a page load makes several API calls, and a write for each would be waste. */
export const SESSION_TOUCH_MS = 5 * 60_000;
/** The longest user agent kept for the sessions list. */
const MAX_USER_AGENT_CHARS = 256;

/** What account use cases run on: the store, who acts (audit), how fixes are worded, and the clock (injected in tests). */
export type AccountDeps = Pick<ServiceDeps, 'store' | 'actor' | 'hints' | 'objects'> & { now?: () => number };

export interface SignedIn {
  user: User;
  session: SessionRecord;
  /** The cookie's value: give it to the browser now; it cannot be read again. */
  token: string;
  /** The session's CSRF token, for the page to send in `x-csrf-token`. */
  csrfToken: string;
}

const clock = (deps: AccountDeps) => (deps.now ?? Date.now)();

/** Starts a session for a user who just proved who they are (password, setup, invite). */
export async function startSession(deps: AccountDeps, user: User, userAgent: string | null): Promise<SignedIn> {
  const { token, hash } = generateToken(SESSION_TOKEN_PREFIX);
  const agent = userAgent?.slice(0, MAX_USER_AGENT_CHARS) || null;
  const session = await deps.store.createSession({ userId: user.id, tokenHash: hash, userAgent: agent, expiresAt: clock(deps) + SESSION_IDLE_MS });
  return { user, session, token, csrfToken: csrfTokenFor(token) };
}

const WRONG_CREDENTIALS = 'Wrong email or password.';

/**
 * Signs in with email and password. A wrong email and a wrong password get the
 * same `unauthenticated` refusal and cost the same argon2id verification.
 * Too many failures for the email or from the address: `rate_limited`, with
 * the seconds to wait.
 */
export async function signIn(
  deps: AccountDeps & { throttle: SignInThrottle },
  input: { email: string; password: string; userAgent: string | null; address: string | null },
): Promise<SignedIn> {
  const email = normalizeEmail(input.email);
  if (input.password.length === 0 || input.password.length > PASSWORD_MAX_CHARS) throw new ServiceError('invalid', `A password is 1 to ${PASSWORD_MAX_CHARS} characters.`);
  const wait = deps.throttle.retryAfterSeconds(email, input.address);
  if (wait > 0) throw new ServiceError('rate_limited', `Too many failed sign-ins. Try again in ${wait} seconds, or ask an admin for a reset link.`, wait);
  const found = await deps.store.getSignInUser(email);
  if (!(await verifyPassword(input.password, found?.passwordHash ?? null)) || !found) {
    deps.throttle.failed(email, input.address);
    throw new ServiceError('unauthenticated', WRONG_CREDENTIALS);
  }
  deps.throttle.succeeded(email);
  return startSession(deps, found.user, input.userAgent);
}

/**
 * The signed-in user and session of a cookie's token, or null (malformed,
 * unknown, signed out or expired). Using a session moves its expiry to
 * SESSION_IDLE_MS from now, never past SESSION_MAX_MS after sign-in.
 */
export async function resolveSession(deps: AccountDeps, token: string): Promise<{ user: User; session: SessionRecord } | null> {
  if (!isTokenShaped(token, SESSION_TOKEN_PREFIX)) return null;
  const found = await deps.store.resolveSession(hashToken(token));
  const at = clock(deps);
  if (!found || found.session.expiresAt <= at) return null;
  if (at - found.session.lastSeenAt < SESSION_TOUCH_MS) return found;
  const expiresAt = Math.min(at + SESSION_IDLE_MS, found.session.createdAt + SESSION_MAX_MS);
  await deps.store.touchSession({ id: found.session.id, at, expiresAt });
  return { user: found.user, session: { ...found.session, lastSeenAt: at, expiresAt: Math.max(expiresAt, found.session.expiresAt) } };
}

/** Ends the session of this token; a token that is no session (any more) is fine: the person is signed out either way. */
export async function signOut(deps: AccountDeps, token: string): Promise<void> {
  if (!isTokenShaped(token, SESSION_TOKEN_PREFIX)) return;
  const found = await deps.store.resolveSession(hashToken(token));
  if (found) await deps.store.revokeSession({ id: found.session.id, userId: found.user.id });
}

/** Ends every session of the user (this browser's too); returns how many. */
export function signOutEverywhere(deps: AccountDeps, userId: string): Promise<number> {
  return deps.store.revokeSessions(userId);
}

/** The user's signed-in browsers, most recently used first. */
export function listSessions(deps: AccountDeps, userId: string): Promise<SessionRecord[]> {
  return deps.store.listSessions(userId);
}

/** Ends one of the user's sessions; another user's session is `not_found`, exactly like one that does not exist. */
export async function revokeSession(deps: AccountDeps, userId: string, sessionId: string): Promise<void> {
  if (!(await deps.store.revokeSession({ id: sessionId, userId }))) throw new ServiceError('not_found', `No session with id ${sessionId}. It may have ended already; list your sessions on the Account page.`);
}
