/**
 * Values worth keeping between tool calls (a GitHub client per token, an
 * opened credential): bounded, least recently used out first, and each
 * rebuilt after `reuseForMs`, so what is no longer used leaves memory. Only
 * what `build` returns is kept; a throw keeps nothing.
 */
export interface ReuseCache<T> {
  get(key: string, build: () => T): T;
}

export function createReuseCache<T>(options: { maxEntries: number; reuseForMs: number }): ReuseCache<T> {
  const entries = new Map<string, { value: T; builtAt: number }>();
  return {
    get(key, build) {
      const now = Date.now();
      const hit = entries.get(key);
      entries.delete(key);
      const entry = hit && now - hit.builtAt < options.reuseForMs ? hit : { value: build(), builtAt: now };
      // Re-inserted as the newest; the oldest goes first when the map is full.
      entries.set(key, entry);
      if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
      return entry.value;
    },
  };
}
