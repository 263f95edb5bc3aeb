/**
 * Random values of an OAuth connect flow: the `state` that comes back on the
 * callback, a connect link's token, and the PKCE verifier with its S256
 * challenge (RFC 7636 §4.1–4.2). Each is 32 random bytes as base64url (43
 * characters, URL-safe as it is); state and link tokens are stored only as
 * their SHA-256 hex, like every hub token (session-tokens.ts `hashToken`).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { NewToken } from './session-tokens.ts';
import { hashToken } from './session-tokens.ts';

const URL_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** 32 random bytes as base64url, with the hash to store. */
export function generateUrlToken(): NewToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** Cheap shape check before hashing: anything else is refused without a lookup. */
export function isUrlTokenShaped(value: string): boolean {
  return URL_TOKEN_PATTERN.test(value);
}

export interface Pkce {
  /** Kept (sealed) by the hub, sent only to the token endpoint. */
  codeVerifier: string;
  /** Sent on the authorize URL with `code_challenge_method=S256`. */
  codeChallenge: string;
}

/** A PKCE verifier of 43 unreserved characters (RFC 7636's minimum length, 256 bits) and its S256 challenge. */
export function generatePkce(): Pkce {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: pkceChallenge(codeVerifier) };
}

/** BASE64URL(SHA256(ASCII(code_verifier))), RFC 7636 §4.2. */
export function pkceChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}
