/** The sign-in page's `?next=`: only a path on the dashboard's own origin is followed. */
import { describe, expect, it } from 'vitest';
import { localPath } from '../../app/_lib/next-path.ts';

describe('localPath', () => {
  it('keeps a local path with its query', () => {
    expect(localPath('/connect/github?t=abc_DEF-123')).toBe('/connect/github?t=abc_DEF-123');
    expect(localPath('/integrations')).toBe('/integrations');
  });

  it('refuses what would leave the origin, or is not a path', () => {
    for (const value of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', 'integrations', '', '/a\nb', '/a\\b', `/${'a'.repeat(600)}`, null, undefined]) {
      expect(localPath(value), String(value)).toBeNull();
    }
  });
});
