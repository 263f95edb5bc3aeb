/**
 * Remote tool names → the hub's safe form (lib/remote/names.ts): names in the
 * hub's style kept, others mapped to snake_case with a short hash, always a
 * valid wire name within 64 characters with no `__` in the tool part,
 * deterministic whatever the order, and never two names on one wire name
 * (a kept name included).
 */
import { describe, expect, it } from 'vitest';
import { WIRE_NAME_PATTERN } from '../../lib/mcp/names.ts';
import { mapToolNames } from '../../lib/remote/names.ts';

describe('mapToolNames', () => {
  it('keeps snake_case names that fit and maps the rest to valid wire names', () => {
    const names = ['echo', 'list_items', 'search.docs', 'files/read', 'get-page', 'Get Page', 'getPage', '__init__', '9lives', 'x'.repeat(80), 'émoji ✨ tool'];
    const mapped = mapToolNames('acme', names);
    expect(mapped.get('echo')).toBe('echo');
    expect(mapped.get('list_items')).toBe('list_items');
    expect(mapped.get('getPage')).toMatch(/^get_page_[0-9a-f]{6}$/);
    for (const name of names) {
      const wire = `acme__${mapped.get(name)}`;
      expect(wire, name).toMatch(WIRE_NAME_PATTERN);
      expect(mapped.get(name), name).not.toContain('__');
      expect(mapped.get(name), name).toMatch(/^[a-z]/);
    }
    expect(new Set(mapped.values()).size).toBe(names.length);
  });

  it('gives the same mapping whatever the order, and fits long names under a long slug', () => {
    const names = ['a.b', 'a/b', 'a-b', 'a b', 'c'.repeat(100)];
    const one = mapToolNames('a-rather-long-slug-name', names);
    const two = mapToolNames('a-rather-long-slug-name', [...names].reverse());
    expect([...one].sort()).toEqual([...two].sort());
    for (const wire of one.values()) expect(`a-rather-long-slug-name__${wire}`.length).toBeLessThanOrEqual(64);
    expect(new Set(one.values()).size).toBe(names.length);
  });

  it('never maps a name onto a kept one, even one that looks like a mapped name', () => {
    const first = mapToolNames('acme', ['search.docs']).get('search.docs')!;
    const mapped = mapToolNames('acme', ['search.docs', first]);
    expect(mapped.get(first)).toBe(first);
    expect(mapped.get('search.docs')).not.toBe(first);
    expect(mapped.get('search.docs')).toMatch(/^search_docs_[0-9a-f]{8}$/);
  });
});
