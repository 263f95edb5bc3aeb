/**
 * PKCE (RFC 7636) with S256, the only method every PKCE provider here accepts
 * (GitHub accepts nothing else). The verifier is 32 random bytes in base64url:
 * 43 characters, inside the RFC's 43–128.
 */
import { createHash, randomBytes } from 'node:crypto';

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)), RFC 7636 §4.2. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A fresh verifier (kept, sealed, with the flow's state) and its challenge (sent in the authorize URL). */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}
