/** Reused values (lib/mcp/reuse-cache.ts): kept for reuseForMs, least recently used out first, and nothing kept past its time. */
import { describe, expect, it } from 'vitest';
import { createReuseCache } from '../../lib/mcp/reuse-cache.ts';

function setup(maxEntries = 10) {
  const clock = { now: 0 };
  const built: string[] = [];
  const cache = createReuseCache<{ key: string }>({ maxEntries, reuseForMs: 1_000, now: () => clock.now });
  const get = (key: string) => cache.get(key, () => (built.push(key), { key }));
  return { clock, built, get };
}

describe('createReuseCache', () => {
  it('reuses a value within reuseForMs and builds it again after', () => {
    const { clock, built, get } = setup();
    const first = get('a');
    clock.now = 999;
    expect(get('a')).toBe(first);
    clock.now = 1_000;
    expect(get('a')).not.toBe(first);
    expect(built).toEqual(['a', 'a']);
  });

  it('keeps nothing a throwing build returned', () => {
    const clock = { now: 0 };
    const cache = createReuseCache<string>({ maxEntries: 10, reuseForMs: 1_000, now: () => clock.now });
    expect(() => cache.get('a', () => { throw new Error('cannot open'); })).toThrow('cannot open');
    expect(cache.get('a', () => 'opened')).toBe('opened');
  });

  it('drops the least recently used value when full', () => {
    const { built, get } = setup(2);
    get('a');
    get('b');
    get('a');
    get('c');
    get('a');
    get('b');
    expect(built).toEqual(['a', 'b', 'c', 'b']);
  });

  it('lets go of values nobody asks for once their time is up, though the cache is far from full', () => {
    const clock = { now: 0 };
    const cache = createReuseCache<string>({ maxEntries: 1_000, reuseForMs: 1_000, now: () => clock.now });
    for (let i = 0; i < 5; i++) cache.get(`unused-${i}`, () => 'credential');
    clock.now = 500;
    cache.get('busy', () => 'credential');
    expect(cache.size).toBe(6);
    clock.now = 1_000;
    cache.get('busy', () => 'credential');
    expect(cache.size).toBe(1);
  });
});
