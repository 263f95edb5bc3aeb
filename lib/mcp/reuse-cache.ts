/**
 * Values worth keeping between tool calls (a GitHub client per token, an
 * opened credential): bounded, least recently used out first, and each
 * rebuilt after `reuseForMs`, so what is no longer used leaves memory. Only
 * what `build` returns is kept; a throw keeps nothing.
 */
export interface ReuseCache<T> {
  get(key: string, build: () => T): T;
  /** Forgets one value, so the next `get` builds it anew. */
  delete(key: string): void;
  /** How many values are held now. */
  readonly size: number;
}

export function createReuseCache<T>(options: { maxEntries: number; reuseForMs: number; now?: () => number }): ReuseCache<T> {
  const entries = new Map<string, { value: T; builtAt: number }>();
  const clock = options.now ?? Date.now;
  return {
    get(key, build) {
      const now = clock();
      const hit = entries.get(key);
      entries.delete(key);
      // The least recently used come first: those past their time leave now, not only when the map is full
      // (a credential nobody calls with any more must not stay in memory for as long as the hub runs).
      for (const [oldKey, old] of entries) {
        if (now - old.builtAt < options.reuseForMs) break;
        entries.delete(oldKey);
      }
      const entry = hit && now - hit.builtAt < options.reuseForMs ? hit : { value: build(), builtAt: now };
      // Re-inserted as the newest; the oldest goes first when the map is full.
      entries.set(key, entry);
      if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
      return entry.value;
    },
    delete(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
