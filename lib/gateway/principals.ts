/**
 * Key hash → principal, cached in memory so the hot path makes no store round
 * trip (DESIGN.md, "Hot path"). Each principal carries its catalog
 * (catalog.ts), built once per fill. Entries of a user are dropped on that
 * user's store change events, and all of them on `reset` (the feed may have
 * missed changes). The cache is bounded twice over: at most `maxEntries`
 * principals, the least recently used dropped first, and each re-read from
 * the store once it is `ttlMs` old — so even a change event that never
 * arrives stops counting after one TTL. Unknown keys are remembered the same
 * way, in their own bounded map, so a flood of bad keys costs no store reads
 * and cannot push out the principals in use.
 */
import type { RemoteServer, ResolvedKey, Store, StoreChange } from '../store/port.ts';
import type { Catalog, CatalogBuilder } from './catalog.ts';

export interface Principal {
  keyId: string;
  keyHash: string;
  userId: string;
  email: string;
  /** What this principal may list and call. */
  catalog: Catalog;
  /** Whether the user keeps their calls' arguments (redacted) in the call log. */
  storeArguments: boolean;
  /** The user's plan id (User.plan); a plan change is a user change, so it reaches cached principals within a second. */
  plan: string;
  /** The remote MCP servers the user sees, for their prompts and resources (lib/remote/extras.ts); their tools are in `catalog`. */
  remoteServers?: readonly RemoteServer[];
}

export interface PrincipalCacheOptions {
  store: Pick<Store, 'resolveApiKey' | 'watch'>;
  buildCatalog: CatalogBuilder;
  /** Principals kept, and unknown keys remembered (each). */
  maxEntries?: number;
  /** Age after which a cached principal is re-read, and an unknown key looked up again. */
  ttlMs?: number;
  now?: () => number;
}

export const DEFAULT_MAX_PRINCIPALS = 10_000;
export const DEFAULT_PRINCIPAL_TTL_MS = 5 * 60_000;
/** After a re-read failed (store down), the next attempt waits this long; the principal is served as it was meanwhile. */
const RETRY_AFTER_FAILURE_MS = 2_000;

interface Entry {
  principal: Promise<Principal | null>;
  expiresAt: number;
  /** Known once loaded, so the entry is dropped with its user's. */
  userId: string | null;
  refreshing: boolean;
}

/** The answer for a key remembered as unknown: no store read, no allocation. */
const UNKNOWN: Promise<null> = Promise.resolve(null);

export class PrincipalCache {
  readonly #store: PrincipalCacheOptions['store'];
  readonly #buildCatalog: CatalogBuilder;
  readonly #max: number;
  readonly #ttl: number;
  readonly #now: () => number;
  /** In least-recently-used order: a hit moves its entry to the end, eviction takes from the front. */
  readonly #entries = new Map<string, Entry>();
  readonly #hashesByUser = new Map<string, Set<string>>();
  /** Unknown or revoked key hashes → when to look them up again; in insertion order. */
  readonly #unknown = new Map<string, number>();
  readonly #listeners = new Set<(change: StoreChange) => void>();
  readonly #unwatch: () => void;
  /** Bumped on every change, so a load that raced with a change is served once but not cached. */
  #generation = 0;

  constructor(options: PrincipalCacheOptions) {
    this.#store = options.store;
    this.#buildCatalog = options.buildCatalog;
    this.#max = options.maxEntries ?? DEFAULT_MAX_PRINCIPALS;
    this.#ttl = options.ttlMs ?? DEFAULT_PRINCIPAL_TTL_MS;
    this.#now = options.now ?? Date.now;
    this.#unwatch = this.#store.watch((change) => this.#onChange(change));
  }

  /** The principal of a key hash; null for an unknown or revoked key. Rejects when the store cannot be asked. */
  get(hash: string): Promise<Principal | null> {
    const now = this.#now();
    const entry = this.#entries.get(hash);
    if (entry) {
      this.#entries.delete(hash);
      this.#entries.set(hash, entry);
      // Served as it is while it is re-read: a known key never waits for the store.
      if (entry.expiresAt <= now && !entry.refreshing) this.#refresh(hash, entry);
      return entry.principal;
    }
    const unknownUntil = this.#unknown.get(hash);
    if (unknownUntil !== undefined) {
      if (unknownUntil > now) return UNKNOWN;
      this.#unknown.delete(hash);
    }
    return this.#fill(hash, now);
  }

  /** Called after the cache has dropped a user's entries (or all, on `reset`), so listeners see fresh principals. */
  onChange(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#unwatch();
    this.#listeners.clear();
  }

  #fill(hash: string, now: number): Promise<Principal | null> {
    const generation = this.#generation;
    const entry: Entry = {
      principal: this.#store.resolveApiKey(hash).then(
        (resolved) => this.#settle(hash, entry, generation, resolved),
        (error: unknown) => {
          // A failed load (store outage) must not stick: the next request tries again.
          if (this.#entries.get(hash) === entry) this.#entries.delete(hash);
          throw error;
        },
      ),
      expiresAt: now + this.#ttl,
      userId: null,
      refreshing: false,
    };
    this.#entries.set(hash, entry);
    while (this.#entries.size > this.#max) this.#drop(this.#entries.keys().next().value!);
    return entry.principal;
  }

  #refresh(hash: string, entry: Entry): void {
    const generation = this.#generation;
    entry.refreshing = true;
    this.#store.resolveApiKey(hash).then(
      (resolved) => {
        const principal = this.#settle(hash, entry, generation, resolved);
        if (this.#entries.get(hash) !== entry) return;
        entry.principal = Promise.resolve(principal);
        entry.expiresAt = this.#now() + this.#ttl;
        entry.refreshing = false;
      },
      () => {
        // The store cannot be reached: keep serving what it said last and try again shortly.
        entry.expiresAt = this.#now() + RETRY_AFTER_FAILURE_MS;
        entry.refreshing = false;
      },
    );
  }

  /** Turns a lookup into the principal to serve, caching it (or the key's absence) unless a change raced it or the entry was dropped meanwhile. */
  #settle(hash: string, entry: Entry, generation: number, resolved: ResolvedKey | null): Principal | null {
    const raced = generation !== this.#generation;
    const current = this.#entries.get(hash) === entry;
    if (!resolved) {
      if (current) this.#drop(hash);
      if (!raced) this.#rememberUnknown(hash);
      return null;
    }
    const principal: Principal = { keyId: resolved.key.id, keyHash: hash, userId: resolved.user.id, email: resolved.user.email, catalog: this.#buildCatalog(resolved), storeArguments: resolved.callLog.storeArguments, plan: resolved.user.plan, remoteServers: resolved.remoteServers };
    if (raced || !current) {
      if (current) this.#drop(hash);
      return principal;
    }
    entry.userId = principal.userId;
    let hashes = this.#hashesByUser.get(principal.userId);
    if (!hashes) this.#hashesByUser.set(principal.userId, (hashes = new Set()));
    hashes.add(hash);
    return principal;
  }

  #rememberUnknown(hash: string): void {
    this.#unknown.delete(hash);
    this.#unknown.set(hash, this.#now() + this.#ttl);
    if (this.#unknown.size > this.#max) this.#unknown.delete(this.#unknown.keys().next().value!);
  }

  #drop(hash: string): void {
    const entry = this.#entries.get(hash);
    this.#entries.delete(hash);
    if (!entry?.userId) return;
    const hashes = this.#hashesByUser.get(entry.userId);
    hashes?.delete(hash);
    if (hashes?.size === 0) this.#hashesByUser.delete(entry.userId);
  }

  #onChange(change: StoreChange): void {
    this.#generation += 1;
    if (change.kind === 'reset') {
      this.#entries.clear();
      this.#hashesByUser.clear();
      this.#unknown.clear();
    } else {
      for (const hash of this.#hashesByUser.get(change.userId) ?? []) this.#entries.delete(hash);
      this.#hashesByUser.delete(change.userId);
      // A new key may have been remembered as unknown before it existed.
      if (change.kind === 'key') this.#unknown.clear();
    }
    for (const listener of this.#listeners) listener(change);
  }
}
