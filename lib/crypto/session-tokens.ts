/**
 * Dashboard session tokens (the cookie's value) and one-time link tokens
 * (setup, invite, reset): a prefix and 43 random base62 characters (256 bits),
 * stored only as their SHA-256 hex, like API keys (DESIGN.md, "Decisions").
 * And the CSRF token derived from a session: the double-submit value a page
 * reads from the API and sends back in `x-csrf-token` on every mutating request.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { KEY_BODY_LENGTH, hashApiKey, randomBase62 } from './api-keys.ts';

export const SESSION_TOKEN_PREFIX = 'mcp_ses_';
export const ONE_TIME_TOKEN_PREFIX = 'mcp_ott_';
type TokenPrefix = typeof SESSION_TOKEN_PREFIX | typeof ONE_TIME_TOKEN_PREFIX;

/** The header a page sends its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

export interface NewToken {
  /** Given once (in a cookie or a link), never stored. */
  token: string;
  hash: string;
}

export function generateToken(prefix: TokenPrefix): NewToken {
  const token = prefix + randomBase62(KEY_BODY_LENGTH);
  return { token, hash: hashToken(token) };
}

/** SHA-256 hex, the same hash as API keys: a fast hash is right for 256-bit random secrets and allows an indexed lookup. */
export const hashToken = hashApiKey;

/** Cheap shape check before hashing: anything else is refused without a lookup. */
export function isTokenShaped(value: string, prefix: TokenPrefix): boolean {
  return value.length === prefix.length + KEY_BODY_LENGTH && value.startsWith(prefix) && /^[0-9A-Za-z]+$/.test(value.slice(prefix.length));
}

/**
 * The CSRF token of a session: a hash of its token under a label of its own.
 * Another origin can neither read it (it comes from the API, same-origin) nor
 * derive it (the session token is in an HttpOnly cookie), and it gives away
 * nothing of the session token. It lives exactly as long as the session.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update('mcphub csrf v1\0').update(sessionToken).digest('base64url');
}

/** Whether `header` is the session's CSRF token, compared in constant time. */
export function checkCsrf(sessionToken: string, header: string | null | undefined): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
