/**
 * Key hash → principal, cached in memory so the hot path makes no store round
 * trip (DESIGN.md, "Hot path"). Entries are dropped on store change events for
 * their user, which the embedded store delivers within its poll interval even
 * when another process (the CLI) made the change.
 */
import type { Tool } from '@modelcontextprotocol/server';
import type { Registry } from '../mcp/registry.ts';
import type { Connection, Store, StoreChange } from '../store/port.ts';

export interface Principal {
  keyId: string;
  keyHash: string;
  userId: string;
  email: string;
  /** Enabled connections of integrations this hub serves, by slug. */
  connections: ReadonlyMap<string, Connection>;
  /** The `tools/list` answer for this principal, built once per cache fill. */
  tools: readonly Tool[];
}

/** Unknown keys are remembered too, so a flood of bad keys costs no store reads; bounded. */
const MAX_NEGATIVE_ENTRIES = 10_000;

export class PrincipalCache {
  readonly #byHash = new Map<string, Promise<Principal | null>>();
  readonly #hashesByUser = new Map<string, Set<string>>();
  readonly #negative = new Set<string>();
  readonly #listeners = new Set<(change: StoreChange) => void>();
  readonly #unwatch: () => void;
  /** Bumped on every change, so a load that raced with a change is served once but not cached. */
  #generation = 0;

  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
  ) {
    this.#unwatch = store.watch((change) => this.#onChange(change));
  }

  get(hash: string): Promise<Principal | null> {
    if (this.#negative.has(hash)) return Promise.resolve(null);
    let entry = this.#byHash.get(hash);
    if (!entry) {
      entry = this.#load(hash, this.#generation);
      this.#byHash.set(hash, entry);
      // A failed load (store outage) must not stick: the next request tries again.
      entry.catch(() => this.#byHash.delete(hash));
    }
    return entry;
  }

  /** Called after the cache has dropped a user's entries, so listeners see fresh principals. */
  onChange(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#unwatch();
    this.#listeners.clear();
  }

  async #load(hash: string, generation: number): Promise<Principal | null> {
    const resolved = await this.store.resolveApiKey(hash);
    const stale = generation !== this.#generation;
    if (stale || !resolved) this.#byHash.delete(hash);
    if (!resolved) {
      if (stale) return null;
      if (this.#negative.size >= MAX_NEGATIVE_ENTRIES) this.#negative.clear();
      this.#negative.add(hash);
      return null;
    }
    if (stale) return this.#toPrincipal(hash, resolved);
    let hashes = this.#hashesByUser.get(resolved.user.id);
    if (!hashes) this.#hashesByUser.set(resolved.user.id, (hashes = new Set()));
    hashes.add(hash);
    return this.#toPrincipal(hash, resolved);
  }

  #toPrincipal(hash: string, resolved: NonNullable<Awaited<ReturnType<Store['resolveApiKey']>>>): Principal {
    const connections = new Map(resolved.connections.filter((c) => this.registry.integration(c.slug)).map((c) => [c.slug, c]));
    const tools = [...connections.keys()].flatMap((slug) => this.registry.listings(slug));
    return { keyId: resolved.key.id, keyHash: hash, userId: resolved.user.id, email: resolved.user.email, connections, tools };
  }

  #onChange(change: StoreChange): void {
    this.#generation += 1;
    for (const hash of this.#hashesByUser.get(change.userId) ?? []) this.#byHash.delete(hash);
    this.#hashesByUser.delete(change.userId);
    // A new key may have been negatively cached before it existed.
    if (change.kind === 'key') this.#negative.clear();
    for (const listener of this.#listeners) listener(change);
  }
}
