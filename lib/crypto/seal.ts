/**
 * Sealed credentials: AES-256-GCM with a random 96-bit nonce per seal. The
 * sealed form is `v1.<nonce>.<ciphertext>.<tag>` (base64url), so a future key
 * rotation can add `v2` without guessing at old rows. The associated data binds
 * a sealed value to its owner (user + integration): a row copied onto another
 * user's connection fails to open instead of leaking across tenants.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';
const KEY_FILE = 'encryption.key';

export class SealError extends Error {
  override name = 'SealError';
}

export interface Sealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

/** Parses a 32-byte key given as 64 hex characters or as base64 / base64url. */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new SealError('MCPHUB_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64 (generate one with: openssl rand -base64 32)');
  }
  return key;
}

/**
 * The key from `MCPHUB_ENCRYPTION_KEY` when given, else the one in the data
 * dir, generated on first use with mode 0600.
 */
export function loadOrCreateEncryptionKey(dataDir: string, fromEnv: string | undefined): Buffer {
  if (fromEnv) return parseEncryptionKey(fromEnv);
  return parseEncryptionKey(loadOrCreateSecretFile(dataDir, KEY_FILE));
}

/** Reads a base64 secret file from the data dir, creating it (32 random bytes, mode 0600) when absent. */
export function loadOrCreateSecretFile(dataDir: string, name: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, name);
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(path, 0o600);
  return readFileSync(path, 'utf8').trim();
}

export function createSealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new SealError('an AES-256-GCM key is 32 bytes');
  return {
    seal(plaintext, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, nonce, body, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(sealed, context) {
      const [version, nonce, body, tag] = sealed.split('.');
      if (version !== VERSION || nonce === undefined || body === undefined || tag === undefined) {
        throw new SealError('sealed credential has an unknown format');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SealError('sealed credential could not be opened: wrong MCPHUB_ENCRYPTION_KEY, or the row was tampered with');
      }
    },
  };
}

/** The associated data that binds a credential to one user's connection. */
export function credentialContext(userId: string, slug: string): string {
  return `connection:${userId}:${slug}`;
}

/** The associated data that binds a flow's PKCE verifier to the user, session and integration that started it. */
export function oauthVerifierContext(userId: string, sessionId: string, slug: string): string {
  return `oauth-verifier:${userId}:${sessionId}:${slug}`;
}
