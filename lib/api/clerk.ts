/**
 * Clerk session tokens for `/api/v1`, when the hub has Clerk keys: the JWT
 * the dashboard's Clerk sign-in holds (`Authorization: Bearer`, or Clerk's
 * `__session` cookie), checked by `@clerk/backend`'s `verifyToken` —
 * networkless with the JWT key — and mapped to the hub user linked to that
 * Clerk user (created on first sign-in: lib/services/accounts.ts
 * `userForClerk`).
 *
 * Clerk's default session token carries no email, and a hub user needs one:
 * add `{ "email": "{{user.primary_email_address}}" }` to the session token
 * in Clerk's dashboard (Sessions → Customize session token).
 */
import { verifyToken } from '@clerk/backend';
import type { ClerkKeys } from '../server/config.ts';
import { userForClerk } from '../services/accounts.ts';
import { ServiceError } from '../services/errors.ts';
import type { AccountDeps } from '../services/sessions.ts';
import { cookieOf, type SignedIn } from './auth.ts';

export const CLERK_SESSION_COOKIE = '__session';
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** The Clerk token of a request and whether a browser sends it by itself (a cookie: then CSRF applies), or null. */
export function clerkTokenOf(request: Request): { token: string; ambient: boolean } | null {
  const bearer = /^Bearer (\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (bearer && JWT_SHAPE.test(bearer)) return { token: bearer, ambient: false };
  const cookie = cookieOf(request, CLERK_SESSION_COOKIE);
  return cookie && JWT_SHAPE.test(cookie) ? { token: cookie, ambient: true } : null;
}

/** The hub user of a verified Clerk session token, or `unauthenticated` naming the fix. */
export async function clerkSignedIn(deps: AccountDeps, keys: ClerkKeys, found: { token: string; ambient: boolean }): Promise<SignedIn> {
  let claims: Awaited<ReturnType<typeof verifyToken>>;
  try {
    claims = await verifyToken(found.token, { ...(keys.jwtKey && { jwtKey: keys.jwtKey }), ...(keys.secretKey && { secretKey: keys.secretKey }) });
  } catch {
    throw new ServiceError('unauthenticated', 'Your Clerk session is not valid (expired, or signed for another app). Sign in again.');
  }
  const email = typeof claims.email === 'string' ? claims.email : null;
  if (!email || typeof claims.sid !== 'string') {
    throw new ServiceError('unauthenticated', 'The Clerk session token has no email claim. In Clerk\'s dashboard, Sessions → Customize session token, add { "email": "{{user.primary_email_address}}" }.');
  }
  const user = await userForClerk(deps, claims.sub, email);
  return { user, sessionId: claims.sid, expiresAt: claims.exp * 1000, csrfSecret: `clerk:${claims.sid}`, hubToken: null, needsCsrf: found.ambient };
}
