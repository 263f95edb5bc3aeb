/**
 * The principal cache that holds each principal's catalog: bounded (LRU),
 * re-read after its TTL even when no change event arrives, unknown keys
 * remembered apart, a load that raced a change not kept, `reset` drops all.
 * The store underneath is a real embedded store; the change feed is the
 * test's to deliver (or lose), as a replica's feed would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { integrations } from '../../integrations/index.ts';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { createCatalogBuilder } from '../../lib/gateway/catalog.ts';
import type { Executor } from '../../lib/gateway/executor.ts';
import { PrincipalCache } from '../../lib/gateway/principals.ts';
import { createRegistry } from '../../lib/mcp/registry.ts';
import { openEmbeddedStore, type EmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { Store, StoreChange } from '../../lib/store/port.ts';

const registry = createRegistry(integrations);
/** Runs nothing: these tests list and resolve, they never call upstream. */
const executor: Executor = { execute: async () => ({ result: { content: [] }, outcome: 'ok', upstreamMs: 0 }) };
const TTL = 60_000;

let inner: EmbeddedStore;
let now: number;
let emit: (change: StoreChange) => void;
let storeDown: boolean;
let held: Array<() => void> | null;
let caches: PrincipalCache[];
/** Every lookup the cache made, settled or not. */
let lookups: Promise<unknown>[];

/** The cache's view of the store: lookups go to the real store (or fail, or are held on the way back), changes arrive only when the test emits them. */
const store: Pick<Store, 'resolveApiKey' | 'watch'> = {
  resolveApiKey(hash) {
    const lookup = (async () => {
      if (storeDown) throw new Error('store unreachable');
      const resolved = await inner.resolveApiKey(hash);
      // Held after reading: the answer is on its way while the store changes.
      if (held) await new Promise<void>((resolve) => held!.push(resolve));
      return resolved;
    })();
    lookups.push(lookup);
    return lookup;
  },
  watch(listener) {
    emit = listener;
    return () => undefined;
  },
};

function cache(options: { maxEntries?: number } = {}): PrincipalCache {
  const created = new PrincipalCache({ store, buildCatalog: createCatalogBuilder(registry, executor), ttlMs: TTL, now: () => now, ...options });
  caches.push(created);
  return created;
}

async function account(email: string): Promise<{ userId: string; keyId: string; hash: string }> {
  const user = await inner.createUser({ email });
  const key = generateApiKey();
  const record = await inner.createApiKey({ userId: user.id, name: 'k', hash: key.hash, prefix: key.prefix });
  await inner.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.sealed' });
  return { userId: user.id, keyId: record.id, hash: key.hash };
}

/** Lets a re-read started in the background finish: every lookup answered, then what the cache does with the answer (promise callbacks, run before the next turn of the event loop). */
async function settle(): Promise<void> {
  await Promise.allSettled(lookups);
  await new Promise((resolve) => setImmediate(resolve));
}

beforeEach(() => {
  inner = openEmbeddedStore({ dataDir: ':memory:' });
  now = 1_000_000;
  storeDown = false;
  held = null;
  caches = [];
  lookups = [];
});
afterEach(async () => {
  for (const c of caches) c.close();
  await inner.close();
});

describe('the catalog a principal carries', () => {
  it('is built once per fill: every tools/list of the principal gets the same listings array, holding the registry listing objects', async () => {
    const principals = cache();
    const alice = await account('alice@example.com');
    const first = (await principals.get(alice.hash))!;
    const again = (await principals.get(alice.hash))!;
    expect(again.catalog.listings).toBe(first.catalog.listings);
    expect(first.catalog.listings).toEqual(registry.listings('github'));
    expect(first.catalog.listings[0]).toBe(registry.listings('github')[0]);
    expect(first.catalog.resolve('github__get_me')).toBe(first.catalog.resolve('github/get_me'));
    expect(first.catalog.resolve('linear__list_issues')).toBeUndefined();
  });

  it('is rebuilt after a change event for its user, and left alone for another user', async () => {
    const principals = cache();
    const alice = await account('alice@example.com');
    const bob = await account('bob@example.com');
    const aliceBefore = (await principals.get(alice.hash))!;
    const bobBefore = (await principals.get(bob.hash))!;
    await inner.disableConnection({ userId: alice.userId, slug: 'github' });
    emit({ kind: 'connection', userId: alice.userId });
    expect((await principals.get(alice.hash))!.catalog.listings).toEqual([]);
    expect((await principals.get(bob.hash))!.catalog).toBe(bobBefore.catalog);
    expect(aliceBefore.catalog.resolve('github__get_me')).toBeDefined();
  });
});

describe('bounds', () => {
  it('re-reads a principal after one TTL, so a key revoked while its change event was lost stops working; it is served as it was until the re-read answers', async () => {
    const principals = cache();
    const alice = await account('alice@example.com');
    expect(await principals.get(alice.hash)).not.toBeNull();
    await inner.revokeApiKey({ id: alice.keyId });
    // No event: the replica never heard. Within the TTL the cached principal stands.
    now += TTL - 1;
    expect(await principals.get(alice.hash)).not.toBeNull();
    now += 1;
    expect(await principals.get(alice.hash)).not.toBeNull();
    await settle();
    expect(await principals.get(alice.hash)).toBeNull();
  });

  it('keeps serving a principal due for its re-read while the store cannot be reached, and re-reads once it can', async () => {
    const principals = cache();
    const alice = await account('alice@example.com');
    expect(await principals.get(alice.hash)).not.toBeNull();
    storeDown = true;
    now += TTL;
    expect(await principals.get(alice.hash)).not.toBeNull();
    await settle();
    expect(await principals.get(alice.hash)).not.toBeNull();
    // A key never seen cannot be vouched for: that lookup fails (the gateway answers 503).
    await expect(principals.get('f'.repeat(64))).rejects.toThrow('store unreachable');
    await inner.revokeApiKey({ id: alice.keyId });
    storeDown = false;
    now += 2_000;
    await principals.get(alice.hash);
    await settle();
    expect(await principals.get(alice.hash)).toBeNull();
  });

  it('holds at most maxEntries principals, dropping the least recently used, which is read again', async () => {
    const principals = cache({ maxEntries: 2 });
    const [a, b, c] = [await account('a@example.com'), await account('b@example.com'), await account('c@example.com')];
    await principals.get(a.hash);
    await principals.get(b.hash);
    await principals.get(a.hash); // a is now the most recently used
    await principals.get(c.hash); // evicts b
    // Revoked with no event: only a principal that is read again notices.
    await inner.revokeApiKey({ id: a.keyId });
    await inner.revokeApiKey({ id: b.keyId });
    expect(await principals.get(a.hash)).not.toBeNull();
    expect(await principals.get(b.hash)).toBeNull();
  });

  it('remembers unknown keys apart from principals: a flood of them evicts no principal, and each is looked up again after one TTL', async () => {
    const principals = cache({ maxEntries: 2 });
    const alice = await account('alice@example.com');
    await principals.get(alice.hash);
    const unknown = Array.from({ length: 10 }, () => generateApiKey());
    for (const key of unknown) expect(await principals.get(key.hash)).toBeNull();
    await inner.revokeApiKey({ id: alice.keyId });
    expect(await principals.get(alice.hash)).not.toBeNull();

    // A key created later with its event lost: refused until its unknown entry expires.
    const late = unknown.at(-1)!;
    const user = await inner.createUser({ email: 'late@example.com' });
    await inner.createApiKey({ userId: user.id, name: 'k', hash: late.hash, prefix: late.prefix });
    expect(await principals.get(late.hash)).toBeNull();
    now += TTL;
    expect(await principals.get(late.hash)).not.toBeNull();
  });
});

describe('change events', () => {
  it('a load that raced a change is served once but not kept', async () => {
    const principals = cache();
    const alice = await account('alice@example.com');
    held = [];
    const loading = principals.get(alice.hash);
    await expect.poll(() => held!.length).toBe(1);
    await inner.revokeApiKey({ id: alice.keyId });
    emit({ kind: 'key', userId: alice.userId });
    // The lookup answered before the revocation reached it; it may serve this request, never the next.
    const release = held;
    held = null;
    for (const resolve of release) resolve();
    await loading;
    expect(await principals.get(alice.hash)).toBeNull();
  });

  it('reset drops every principal and every remembered unknown key, and tells listeners', async () => {
    const principals = cache();
    const alice = await account('alice@example.com');
    const bob = await account('bob@example.com');
    const later = generateApiKey();
    await principals.get(alice.hash);
    await principals.get(bob.hash);
    expect(await principals.get(later.hash)).toBeNull();
    const heard: StoreChange[] = [];
    principals.onChange((change) => heard.push(change));

    await inner.revokeApiKey({ id: alice.keyId });
    await inner.disableConnection({ userId: bob.userId, slug: 'github' });
    const user = await inner.createUser({ email: 'later@example.com' });
    await inner.createApiKey({ userId: user.id, name: 'k', hash: later.hash, prefix: later.prefix });
    emit({ kind: 'reset' });

    expect(heard).toEqual([{ kind: 'reset' }]);
    expect(await principals.get(alice.hash)).toBeNull();
    expect((await principals.get(bob.hash))!.catalog.listings).toEqual([]);
    expect(await principals.get(later.hash)).not.toBeNull();
  });
});
