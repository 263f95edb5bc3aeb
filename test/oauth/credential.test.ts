/** The sealed credential's text: a token stays itself (every stored connection keeps working); an OAuth record round-trips and a damaged one is refused. */
import { describe, expect, it } from 'vitest';
import { decodeCredential, encodeCredential, secretOf, type OAuthCredential } from '../../lib/oauth/credential.ts';

const oauth: OAuthCredential = {
  kind: 'oauth',
  accessToken: 'gho_access',
  refreshToken: 'ghr_refresh',
  expiresAt: 1_800_000_000_000,
  scopes: ['repo', 'read:org'],
  account: { id: '1', label: 'octo' },
  metadata: {},
  updatedAt: 1_700_000_000_000,
};

describe('stored credentials', () => {
  it('keeps a token as the token itself, so connections stored before OAuth read the same', () => {
    expect(encodeCredential({ kind: 'token', token: 'ghp_abc' })).toBe('ghp_abc');
    expect(decodeCredential('postgres://u:p@127.0.0.1/db')).toEqual({ kind: 'token', token: 'postgres://u:p@127.0.0.1/db' });
  });

  it('round-trips an OAuth record, whose secret is its access token', () => {
    const text = encodeCredential(oauth);
    expect(text.startsWith('oauth:v1:')).toBe(true);
    expect(decodeCredential(text)).toEqual(oauth);
    expect(secretOf(decodeCredential(text))).toBe('gho_access');
  });

  it('refuses a damaged OAuth record instead of passing it on as a token', () => {
    expect(() => decodeCredential('oauth:v1:{"kind":"oauth"}')).toThrow();
    expect(() => decodeCredential('oauth:v1:not json')).toThrow();
  });
});
