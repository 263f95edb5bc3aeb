/** Sealed credentials: AES-256-GCM bound to a user's connection, and the key file in the data dir. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSealer, credentialContext, loadOrCreateEncryptionKey, parseEncryptionKey, SealError } from '../../lib/crypto/seal.ts';

const key = randomBytes(32);
const sealer = createSealer(key);
const alice = credentialContext('usr_alice', 'github');

/** Flips one byte of one base64url part of a sealed value. */
function tamper(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0]! ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('createSealer', () => {
  it('opens what it sealed, including unicode and empty strings', () => {
    for (const plaintext of ['ghp_aliceToken0123456789abcdefghijkl', 'pässwörd ✓ 🔑', '']) {
      expect(sealer.open(sealer.seal(plaintext, alice), alice)).toBe(plaintext);
    }
  });

  it('produces v1.<nonce>.<ciphertext>.<tag> without the plaintext in it', () => {
    const sealed = sealer.seal('ghp_secretvalue', alice);
    const [version, nonce, body, tag, ...rest] = sealed.split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(nonce!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(body!, 'base64url')).toHaveLength('ghp_secretvalue'.length);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(rest).toEqual([]);
    expect(sealed).not.toContain('secret');
  });

  it('uses a fresh nonce per seal', () => {
    expect(sealer.seal('same', alice)).not.toBe(sealer.seal('same', alice));
  });

  it('fails with SealError under another key', () => {
    const sealed = sealer.seal('token', alice);
    expect(() => createSealer(randomBytes(32)).open(sealed, alice)).toThrow(SealError);
  });

  it('fails with SealError for another user or another integration', () => {
    const sealed = sealer.seal('token', alice);
    expect(() => sealer.open(sealed, credentialContext('usr_bob', 'github'))).toThrow(SealError);
    expect(() => sealer.open(sealed, credentialContext('usr_alice', 'linear'))).toThrow(SealError);
  });

  it.each([
    ['nonce', 1],
    ['ciphertext', 2],
    ['tag', 3],
  ] as const)('fails with SealError when the %s was tampered with', (_label, part) => {
    const sealed = sealer.seal('token', alice);
    expect(() => sealer.open(tamper(sealed, part), alice)).toThrow(SealError);
  });

  it('fails with SealError when the tag is truncated', () => {
    const [version, nonce, body, tag] = sealer.seal('token', alice).split('.');
    const short = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => sealer.open([version, nonce, body, short].join('.'), alice)).toThrow(SealError);
  });

  it.each(['', 'plaintext', 'v2.a.b.c', 'v1.a.b'])('rejects the unknown format %j', (sealed) => {
    expect(() => sealer.open(sealed, alice)).toThrow(/unknown format/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createSealer(randomBytes(16))).toThrow(SealError);
  });
});

describe('credentialContext', () => {
  it('names the user and the integration', () => {
    expect(credentialContext('usr_alice', 'github')).toBe('connection:usr_alice:github');
  });
});

describe('parseEncryptionKey', () => {
  it('accepts 64 hex characters, either case, with surrounding whitespace', () => {
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(`  ${key.toString('hex').toUpperCase()}\n`)).toEqual(key);
  });

  it('accepts base64 and base64url of 32 bytes', () => {
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64url'))).toEqual(key);
  });

  it.each([
    ['16 bytes of hex', randomBytes(16).toString('hex')],
    ['63 hex characters', key.toString('hex').slice(1)],
    ['base64 of 31 bytes', randomBytes(31).toString('base64')],
    ['base64 of 33 bytes', randomBytes(33).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
    ['an empty string', ''],
  ])('rejects %s with a message saying how to make one', (_label, text) => {
    expect(() => parseEncryptionKey(text)).toThrow(SealError);
    expect(() => parseEncryptionKey(text)).toThrow(/openssl rand -base64 32/);
  });
});

describe('loadOrCreateEncryptionKey', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcphub-seal-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates encryption.key with mode 0600 and reuses it on the next call', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const first = loadOrCreateEncryptionKey(dataDir, undefined);
    const path = join(dataDir, 'encryption.key');
    expect(first).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(parseEncryptionKey(readFileSync(path, 'utf8'))).toEqual(first);

    const second = loadOrCreateEncryptionKey(dataDir, undefined);
    expect(second).toEqual(first);
  });

  it('gives each data dir its own key', () => {
    expect(loadOrCreateEncryptionKey(tempDir(), undefined)).not.toEqual(loadOrCreateEncryptionKey(tempDir(), undefined));
  });

  it('prefers the key from the environment and writes no file', () => {
    const dataDir = tempDir();
    expect(loadOrCreateEncryptionKey(dataDir, key.toString('base64'))).toEqual(key);
    expect(() => statSync(join(dataDir, 'encryption.key'))).toThrow(/ENOENT/);
  });

  it('rejects a bad key from the environment', () => {
    expect(() => loadOrCreateEncryptionKey(tempDir(), 'too short')).toThrow(SealError);
  });
});
