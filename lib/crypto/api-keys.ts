/**
 * API keys: `mcp_sk_` + 43 base62 characters (256 bits of entropy). Only the
 * SHA-256 hex of a key is stored; a fast hash is right for high-entropy secrets
 * and lets the store look keys up by index (DESIGN.md, "Decisions").
 */
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'mcp_sk_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 62^43 > 2^256, so 43 characters carry at least 32 random bytes. */
export const KEY_BODY_LENGTH = 43;
const KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${KEY_BODY_LENGTH}}$`);
/** How much of a key is kept for display (`mcp_sk_AbC1…`): enough to tell keys apart, far too little to guess one. */
const DISPLAY_BODY_CHARS = 6;

export interface NewApiKey {
  /** The full key: shown once to its owner, never stored. */
  key: string;
  hash: string;
  prefix: string;
}

/** `length` random base62 characters, by rejection sampling so every digit is uniform (also for session and one-time tokens). */
export function randomBase62(length: number): string {
  let body = '';
  while (body.length < length) {
    for (const byte of randomBytes(64)) {
      if (byte < 248 && body.length < length) body += BASE62[byte % 62];
    }
  }
  return body;
}

export function generateApiKey(): NewApiKey {
  const key = API_KEY_PREFIX + randomBase62(KEY_BODY_LENGTH);
  return { key, hash: hashApiKey(key), prefix: displayPrefix(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + DISPLAY_BODY_CHARS);
}

/** Cheap shape check before hashing: anything that is not a well-formed key is rejected without a lookup. */
export function isApiKeyShaped(value: string): boolean {
  return KEY_PATTERN.test(value);
}
