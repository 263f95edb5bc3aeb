/** Wire names: the one place `slug__tool` and its `slug/tool` alias are built and parsed. */
import { describe, expect, it } from 'vitest';
import { parseWireName, toDisplayName, toWireName, WIRE_NAME_PATTERN } from '../../lib/mcp/names.ts';

describe('toWireName', () => {
  it('joins slug and tool with a double underscore', () => {
    expect(toWireName('github', 'create_issue')).toBe('github__create_issue');
    expect(toWireName('google-drive', 'list_files')).toBe('google-drive__list_files');
  });

  it.each([
    ['GitHub', 'get_me'],
    ['1github', 'get_me'],
    ['git_hub', 'get_me'],
    ['git.hub', 'get_me'],
    ['', 'get_me'],
    ['a'.repeat(32), 'get_me'],
  ])('rejects the bad slug %j', (slug, tool) => {
    expect(() => toWireName(slug, tool)).toThrow(/invalid tool name/);
  });

  it.each(['Get_me', 'get-me', 'get__me', '_get_me', 'get_me_', 'get.me', 'get/me', '1get', ''])('rejects the bad tool name %j', (tool) => {
    expect(() => toWireName('github', tool)).toThrow(/invalid tool name/);
  });

  it('allows exactly 64 characters and rejects 65', () => {
    const slug = 'a'.repeat(31);
    const fits = 'b'.repeat(64 - slug.length - 2);
    expect(toWireName(slug, fits)).toHaveLength(64);
    expect(() => toWireName(slug, fits + 'b')).toThrow(/at most 64 characters/);
  });

  it('builds names that match the MCP wire pattern', () => {
    expect(toWireName('my-integration', 'do_thing_2')).toMatch(WIRE_NAME_PATTERN);
  });
});

describe('parseWireName', () => {
  it('parses the wire form', () => {
    expect(parseWireName('github__create_issue')).toEqual({ slug: 'github', tool: 'create_issue' });
    expect(parseWireName('google-drive__list_files')).toEqual({ slug: 'google-drive', tool: 'list_files' });
  });

  it('parses the slug/tool alias to the same reference', () => {
    expect(parseWireName('github/create_issue')).toEqual({ slug: 'github', tool: 'create_issue' });
  });

  it('splits at the first separator, so a tool part holding `__` is rejected', () => {
    expect(parseWireName('github__create__issue')).toBeNull();
    expect(parseWireName('github/create__issue')).toBeNull();
  });

  it.each([
    'create_issue',
    '__create_issue',
    '/create_issue',
    'github__',
    'github/',
    'GitHub__create_issue',
    'github__Create_issue',
    'github/create/issue',
    'github.create_issue',
    'github_create_issue',
    '',
  ])('returns null for %j', (name) => {
    expect(parseWireName(name)).toBeNull();
  });

  it('round-trips every name toWireName builds', () => {
    for (const [slug, tool] of [['github', 'get_me'], ['a', 'b'], ['x-y-z', 'list_things_2']] as const) {
      expect(parseWireName(toWireName(slug, tool))).toEqual({ slug, tool });
    }
  });

  // Bug: parseWireName does not apply the 64-character limit, so it accepts names
  // toWireName would refuse to build (and registry.resolve then throws on them).
  it('returns null for a name longer than 64 characters', () => {
    expect(parseWireName(`github__${'a'.repeat(60)}`)).toBeNull();
  });
});

describe('toDisplayName', () => {
  it('shows a reference as slug/tool, which parses back to the same reference', () => {
    const ref = { slug: 'github', tool: 'create_issue' };
    expect(toDisplayName(ref)).toBe('github/create_issue');
    expect(parseWireName(toDisplayName(ref))).toEqual(ref);
  });
});
