/** API keys: format, entropy, and the stored SHA-256 hash. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_KEY_PREFIX, displayPrefix, generateApiKey, hashApiKey, isApiKeyShaped } from '../../lib/crypto/api-keys.ts';

const KEY_FORMAT = /^mcp_sk_[0-9A-Za-z]{43}$/;

describe('generateApiKey', () => {
  it('returns mcp_sk_ followed by 43 base62 characters, with its hash and display prefix', () => {
    const { key, hash, prefix } = generateApiKey();
    expect(key).toMatch(KEY_FORMAT);
    expect(hash).toBe(hashApiKey(key));
    expect(prefix).toBe(displayPrefix(key));
    expect(isApiKeyShaped(key)).toBe(true);
  });

  it('never repeats a key or a hash over many keys', () => {
    const keys = Array.from({ length: 2_000 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
    expect(new Set(keys.map((k) => k.hash)).size).toBe(keys.length);
    for (const { key } of keys) expect(key).toMatch(KEY_FORMAT);
  });

  it('uses the whole base62 alphabet', () => {
    const seen = new Set(Array.from({ length: 500 }, () => generateApiKey().key.slice(API_KEY_PREFIX.length)).join(''));
    expect(seen.size).toBe(62);
  });
});

describe('hashApiKey', () => {
  it('is the lowercase SHA-256 hex of the key', () => {
    const key = `mcp_sk_${'A'.repeat(43)}`;
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches a known SHA-256 vector', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('displayPrefix', () => {
  it('keeps the prefix and 6 characters of the body', () => {
    const key = `mcp_sk_AbC123${'x'.repeat(37)}`;
    expect(displayPrefix(key)).toBe('mcp_sk_AbC123');
    expect(displayPrefix(key)).toHaveLength(API_KEY_PREFIX.length + 6);
  });
});

describe('isApiKeyShaped', () => {
  const body = 'a1B2c3D4e5'.repeat(4) + 'xyz';

  it('accepts a well-formed key', () => {
    expect(isApiKeyShaped(`mcp_sk_${body}`)).toBe(true);
  });

  it.each([
    ['a body one character short', `mcp_sk_${body.slice(1)}`],
    ['a body one character long', `mcp_sk_${body}Z`],
    ['another prefix', `mcp_pk_${body}`],
    ['no prefix', body],
    ['a non-base62 character', `mcp_sk_${body.slice(1)}-`],
    ['surrounding whitespace', ` mcp_sk_${body} `],
    ['a trailing newline', `mcp_sk_${body}\n`],
    ['an empty string', ''],
  ])('rejects %s', (_label, value) => {
    expect(isApiKeyShaped(value)).toBe(false);
  });
});
