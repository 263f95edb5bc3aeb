/**
 * Clerk offline (DESIGN.md facts): a key pair standing in for a Clerk
 * instance's, session tokens shaped like Clerk's signed with it (RS256), and
 * the public key as CLERK_JWT_KEY holds it in an env file, so the hub and
 * Clerk's middleware check them without calling Clerk.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The test instance's frontend API host: what the fake publishable key names, and its tokens' issuer. */
export const CLERK_FRONTEND_API = 'clerk.example.test';
/** A development instance's publishable key for CLERK_FRONTEND_API (Clerk derives the host from it). */
export const CLERK_PUBLISHABLE_KEY = `pk_test_${Buffer.from(`${CLERK_FRONTEND_API}$`).toString('base64')}`;
/** As an env file holds it: the PEM on one line with \n escapes. */
export const CLERK_JWT_KEY = publicKey.export({ type: 'spki', format: 'pem' }).toString().replaceAll('\n', '\\n');

/** A Clerk-shaped session token: RS256, iss/iat/nbf/exp (60 s ahead unless `claims` says), and the email claim the hub asks Clerk to add. */
export function clerkToken(claims: Record<string, unknown>, key: KeyObject = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'RS256', typ: 'JWT', kid: 'ins_test' });
  const body = b64({ iss: `https://${CLERK_FRONTEND_API}`, iat: now, nbf: now - 5, exp: now + 60, ...claims });
  return `${head}.${body}.${createSign('RSA-SHA256').update(`${head}.${body}`).sign(key).toString('base64url')}`;
}
