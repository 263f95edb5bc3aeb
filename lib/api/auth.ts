/**
 * Who is asking, for `/api/v1`: the `mcphub_session` cookie resolved through
 * lib/services/sessions.ts (sliding expiry there), and the CSRF check every
 * mutating request passes (`x-csrf-token`, derived from the session:
 * lib/crypto/session-tokens.ts). `authenticate` is the one seam a second way
 * of signing in (Clerk, lib/api/clerk.ts) plugs into.
 */
import { CSRF_HEADER } from '../crypto/session-tokens.ts';
import { ServiceError } from '../services/errors.ts';
import { SESSION_COOKIE, checkCsrf, resolveSession, type AccountDeps } from '../services/sessions.ts';
import type { ClerkKeys } from '../server/config.ts';
import type { User } from '../store/port.ts';
import { clerkSignedIn, clerkTokenOf } from './clerk.ts';

/** A signed-in request, as a route sees it: through a hub session, or a Clerk session token. */
export interface SignedIn {
  user: User;
  /** The hub session's id, or Clerk's (`sid`). */
  sessionId: string;
  expiresAt: number;
  /** What the CSRF token is derived from: the hub session's token, or Clerk's session id (stable while Clerk refreshes its token each minute). */
  csrfSecret: string;
  /** The hub session's token, to sign it out; null for Clerk, whose sign-out happens in the browser. */
  hubToken: string | null;
  /** False for a bearer token: a page on another site cannot make the browser send one. */
  needsCsrf: boolean;
}

const SIGN_IN = 'Sign in again at /sign-in.';

/** The value of one cookie of the request, or null. */
export function cookieOf(request: Request, name: string): string | null {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The signed-in user of the request (the hub's session cookie, else a Clerk token when the hub has Clerk keys), or `unauthenticated` naming the fix. */
export async function authenticate(deps: AccountDeps, request: Request, clerk: ClerkKeys | undefined): Promise<SignedIn> {
  const token = cookieOf(request, SESSION_COOKIE);
  const clerkToken = token === null && clerk ? clerkTokenOf(request) : null;
  if (clerkToken) return clerkSignedIn(deps, clerk!, clerkToken);
  if (!token) throw new ServiceError('unauthenticated', `You are not signed in. ${SIGN_IN}`);
  const found = await resolveSession(deps, token);
  if (!found) throw new ServiceError('unauthenticated', `Your session has ended (signed out, expired or revoked). ${SIGN_IN}`);
  return { user: found.user, sessionId: found.session.id, expiresAt: found.session.expiresAt, csrfSecret: token, hubToken: token, needsCsrf: true };
}

/** Refuses a mutating request without the session's CSRF token: a page on another site can neither read nor derive it. */
export function requireCsrf(me: SignedIn, request: Request): void {
  if (me.needsCsrf && !checkCsrf(me.csrfSecret, request.headers.get(CSRF_HEADER))) {
    throw new ServiceError('forbidden', `This request needs the ${CSRF_HEADER} header with the csrfToken GET /api/v1/session returns. Reload the page and try again.`);
  }
}

/** The Set-Cookie value for a new session (Secure when the request came over https), or one that clears it. */
export function sessionCookie(request: Request, session: { token: string; expiresAt: number } | null): string {
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  const value = session === null ? `${SESSION_COOKIE}=; Max-Age=0` : `${SESSION_COOKIE}=${session.token}; Expires=${new Date(session.expiresAt).toUTCString()}`;
  return `${value}; Path=/; HttpOnly; SameSite=Lax${secure}`;
}
