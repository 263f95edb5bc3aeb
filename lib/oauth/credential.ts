/**
 * What a connection's sealed credential holds. A token connection's is the
 * token itself, as it always was (so every stored connection stays valid);
 * an OAuth connection's is `oauth:v1:` and the JSON below. The prefix can
 * never begin a real token or connection string, and the version lets the
 * record change later without guessing. Sealing (lib/crypto/seal.ts) is the
 * caller's: this module only turns the record into text and back.
 */
import * as z from 'zod';

const OAUTH_PREFIX = 'oauth:v1:';

/** An OAuth connection's tokens and who granted them (lib/oauth/client.ts `OAuthGrant`, as kept). */
export interface OAuthCredential {
  kind: 'oauth';
  accessToken: string;
  /** Absent when the provider issues none (GitHub OAuth Apps); a refresh answer without one keeps this one. */
  refreshToken?: string;
  /** Epoch ms; absent when the access token does not expire. */
  expiresAt?: number;
  refreshExpiresAt?: number;
  scopes: string[];
  account: { id: string; label: string };
  /** Provider facts later requests need (e.g. Slack's team id, Notion's workspace id). */
  metadata: Record<string, string>;
  /** Epoch ms of the grant or the last refresh. */
  updatedAt: number;
}

export type StoredCredential = { kind: 'token'; token: string } | OAuthCredential;

const OAuthCredentialSchema = z.object({
  kind: z.literal('oauth'),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.number().int().optional(),
  refreshExpiresAt: z.number().int().optional(),
  scopes: z.array(z.string()),
  account: z.object({ id: z.string(), label: z.string() }),
  metadata: z.record(z.string(), z.string()),
  updatedAt: z.number().int(),
});

/** The text to seal for a credential. */
export function encodeCredential(credential: StoredCredential): string {
  return credential.kind === 'token' ? credential.token : OAUTH_PREFIX + JSON.stringify(credential);
}

/** Which way a connection was made, from its unsealed text, without parsing the record (a damaged one is still `oauth`). */
export const credentialKind = (text: string): StoredCredential['kind'] => (text.startsWith(OAUTH_PREFIX) ? 'oauth' : 'token');

/** A credential from its unsealed text; throws on a damaged OAuth record (the caller words it as "reconnect"). */
export function decodeCredential(text: string): StoredCredential {
  if (!text.startsWith(OAUTH_PREFIX)) return { kind: 'token', token: text };
  return OAuthCredentialSchema.parse(JSON.parse(text.slice(OAUTH_PREFIX.length))) as OAuthCredential;
}

/** The secret an integration's client is built with: the token, or the OAuth access token. */
export const secretOf = (credential: StoredCredential): string => (credential.kind === 'token' ? credential.token : credential.accessToken);
