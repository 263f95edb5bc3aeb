/**
 * The Store contract: every adapter (embedded SQLite, Convex) runs this same
 * suite. `makeStore` opens a fresh, empty store on the clock the suite gives
 * it, so month boundaries and ordering are deterministic.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { runArchiveContract } from './archives-contract.ts';
import { runCallLogContract } from './call-log-contract.ts';
import { runConnectionStatusContract } from './connection-status-contract.ts';
import { StoreError, type Store, type StoreChange, type UsageEvent } from '../../lib/store/port.ts';
import { describeAccounts } from './accounts-contract.ts';
import { describeOAuth } from './oauth-contract.ts';
import { describeToolsets } from './toolsets-contract.ts';
import { describeBilling } from './billing-contract.ts';
import { describePlans } from './plans-contract.ts';
import { describeRemoteServers } from './remote-servers-contract.ts';

/** A fresh store from an adapter, and how to dispose of it. */
export interface OpenedStore {
  store: Store;
  cleanup(): Promise<void>;
}

interface StoreFixture extends OpenedStore {
  /** Sets what the store's clock returns from now on. */
  setNow(at: number): void;
}

const NOV_30_LATE = Date.UTC(2026, 10, 30, 23, 59, 59, 500);
const DEC_1_EARLY = Date.UTC(2026, 11, 1, 0, 0, 0, 100);

let eventSeq = 0;
function event(userId: string, overrides: Partial<UsageEvent> = {}): UsageEvent {
  eventSeq += 1;
  return {
    id: `evt_contract_${eventSeq}_${Math.random().toString(36).slice(2)}`,
    userId,
    keyId: 'key_x',
    integration: 'github',
    tool: 'get_me',
    outcome: 'ok',
    billable: true,
    totalMs: 12.5,
    upstreamMs: 10,
    bytesIn: 2,
    bytesOut: 100,
    at: Date.UTC(2026, 10, 15),
    ...overrides,
  };
}

async function waitFor<T>(read: () => T | undefined, timeoutMs = 2_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function runStoreContract(name: string, makeStore: (now: () => number) => Promise<OpenedStore>): void {
  const withStore = (test: (f: StoreFixture) => Promise<void>) => async () => {
    let now = Date.UTC(2026, 10, 1);
    const opened = await makeStore(() => now);
    try {
      await test({ ...opened, setNow: (at) => (now = at) });
    } finally {
      await opened.cleanup();
    }
  };

  describe(`Store contract: ${name}`, () => {
    runCallLogContract(withStore);
    runArchiveContract(withStore);
    runConnectionStatusContract(withStore);
    describe('users', () => {
      it('creates, finds by id and by email (case-insensitively), and lists', withStore(async ({ store }) => {
        const ada = await store.createUser({ email: 'Ada@Example.com', name: 'Ada' });
        expect(ada).toMatchObject({ email: 'ada@example.com', name: 'Ada' });
        expect(await store.getUser(ada.id)).toEqual(ada);
        expect(await store.getUserByEmail('ADA@example.COM')).toEqual(ada);
        expect(await store.getUserByEmail('nobody@example.com')).toBeNull();
        await store.createUser({ email: 'bob@example.com' });
        expect((await store.listUsers()).map((u) => u.email)).toEqual(['ada@example.com', 'bob@example.com']);
      }));

      it('refuses a second user with the same email', withStore(async ({ store }) => {
        await store.createUser({ email: 'ada@example.com' });
        await expect(store.createUser({ email: 'ADA@example.com' })).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
        await expect(store.createUser({ email: 'ADA@example.com' })).rejects.toBeInstanceOf(StoreError);
      }));
    });

    describe('API keys', () => {
      it('stores only the hash, resolves by hash, and lists with the display prefix', withStore(async ({ store, setNow }) => {
        setNow(Date.UTC(2026, 10, 1));
        const user = await store.createUser({ email: 'ada@example.com' });
        const generated = generateApiKey();
        const key = await store.createApiKey({ userId: user.id, name: 'laptop', hash: generated.hash, prefix: generated.prefix });
        expect(key).toMatchObject({ userId: user.id, name: 'laptop', prefix: generated.prefix, revokedAt: null, lastUsedAt: null, createdAt: Date.UTC(2026, 10, 1) });
        expect(JSON.stringify(await store.listApiKeys(user.id))).not.toContain(generated.key);
        const resolved = await store.resolveApiKey(generated.hash);
        expect(resolved?.key.id).toBe(key.id);
        expect(resolved?.user.id).toBe(user.id);
        expect(await store.resolveApiKey(generateApiKey().hash)).toBeNull();
      }));

      it('refuses a key for a user that does not exist', withStore(async ({ store }) => {
        const generated = generateApiKey();
        await expect(store.createApiKey({ userId: 'usr_missing', name: 'x', hash: generated.hash, prefix: generated.prefix })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
      }));

      it('revokes: a revoked key no longer resolves; revoking twice keeps the first time', withStore(async ({ store, setNow }) => {
        const user = await store.createUser({ email: 'ada@example.com' });
        const generated = generateApiKey();
        const key = await store.createApiKey({ userId: user.id, name: 'laptop', hash: generated.hash, prefix: generated.prefix });
        setNow(Date.UTC(2026, 10, 2));
        const revoked = await store.revokeApiKey({ id: key.id });
        expect(revoked?.revokedAt).toBe(Date.UTC(2026, 10, 2));
        expect(await store.resolveApiKey(generated.hash)).toBeNull();
        setNow(Date.UTC(2026, 10, 3));
        expect((await store.revokeApiKey({ id: key.id }))?.revokedAt).toBe(Date.UTC(2026, 10, 2));
        expect(await store.revokeApiKey({ id: 'key_missing' })).toBeNull();
      }));

      it('a tenant-scoped revoke cannot touch another user\'s key', withStore(async ({ store }) => {
        const ada = await store.createUser({ email: 'ada@example.com' });
        const bob = await store.createUser({ email: 'bob@example.com' });
        const generated = generateApiKey();
        const adaKey = await store.createApiKey({ userId: ada.id, name: 'a', hash: generated.hash, prefix: generated.prefix });
        expect(await store.revokeApiKey({ id: adaKey.id, userId: bob.id })).toBeNull();
        expect(await store.resolveApiKey(generated.hash)).not.toBeNull();
      }));

      it('records last use, never moving it backwards', withStore(async ({ store }) => {
        const user = await store.createUser({ email: 'ada@example.com' });
        const generated = generateApiKey();
        const key = await store.createApiKey({ userId: user.id, name: 'laptop', hash: generated.hash, prefix: generated.prefix });
        await store.touchApiKey(key.id, 2_000);
        await store.touchApiKey(key.id, 1_000);
        expect((await store.listApiKeys(user.id))[0]?.lastUsedAt).toBe(2_000);
      }));
    });

    describe('connections', () => {
      it('enables, re-enables with a new credential, lists, and resolves only enabled ones with the key', withStore(async ({ store }) => {
        const user = await store.createUser({ email: 'ada@example.com' });
        const generated = generateApiKey();
        await store.createApiKey({ userId: user.id, name: 'k', hash: generated.hash, prefix: generated.prefix });
        await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.sealed-one' });
        await store.upsertConnection({ userId: user.id, slug: 'linear', sealedCredential: 'v1.sealed-two' });
        const updated = await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.sealed-three' });
        expect(updated).toMatchObject({ slug: 'github', enabled: true, sealedCredential: 'v1.sealed-three' });
        expect(await store.disableConnection({ userId: user.id, slug: 'linear' })).toBe(true);
        expect(await store.disableConnection({ userId: user.id, slug: 'linear' })).toBe(false);
        const listed = await store.listConnections(user.id);
        expect(listed.map((c) => [c.slug, c.enabled])).toEqual([['github', true], ['linear', false]]);
        expect(listed.find((c) => c.slug === 'linear')?.sealedCredential).toBe('');
        const resolved = await store.resolveApiKey(generated.hash);
        expect(resolved?.connections.map((c) => c.slug)).toEqual(['github']);
      }));

      it('keeps each user\'s connections apart', withStore(async ({ store }) => {
        const ada = await store.createUser({ email: 'ada@example.com' });
        const bob = await store.createUser({ email: 'bob@example.com' });
        await store.upsertConnection({ userId: ada.id, slug: 'github', sealedCredential: 'v1.ada' });
        await store.upsertConnection({ userId: bob.id, slug: 'github', sealedCredential: 'v1.bob' });
        expect((await store.listConnections(ada.id)).map((c) => c.sealedCredential)).toEqual(['v1.ada']);
        expect((await store.listConnections(bob.id)).map((c) => c.sealedCredential)).toEqual(['v1.bob']);
        expect(await store.disableConnection({ userId: bob.id, slug: 'github' })).toBe(true);
        expect((await store.listConnections(ada.id))[0]?.enabled).toBe(true);
      }));

      it('keeps settings: {} by default, replaced when given, kept across a new credential, reset on disable', withStore(async ({ store }) => {
        const user = await store.createUser({ email: 'ada@example.com' });
        const generated = generateApiKey();
        await store.createApiKey({ userId: user.id, name: 'k', hash: generated.hash, prefix: generated.prefix });
        expect((await store.upsertConnection({ userId: user.id, slug: 'postgres', sealedCredential: 'v1.a' })).settings).toEqual({});
        expect(await store.updateConnectionSettings({ userId: user.id, slug: 'github', settings: { allow_writes: true } })).toBeNull();
        const updated = await store.updateConnectionSettings({ userId: user.id, slug: 'postgres', settings: { allow_writes: true, statement_timeout_ms: 500, note: 'x' }, actor: 'cli' });
        expect(updated).toMatchObject({ slug: 'postgres', enabled: true, sealedCredential: 'v1.a', settings: { allow_writes: true, statement_timeout_ms: 500, note: 'x' } });
        expect((await store.upsertConnection({ userId: user.id, slug: 'postgres', sealedCredential: 'v1.b' })).settings).toEqual({ allow_writes: true, statement_timeout_ms: 500, note: 'x' });
        expect((await store.resolveApiKey(generated.hash))?.connections[0]?.settings).toEqual({ allow_writes: true, statement_timeout_ms: 500, note: 'x' });
        expect((await store.upsertConnection({ userId: user.id, slug: 'postgres', sealedCredential: 'v1.c', settings: { allow_writes: false } })).settings).toEqual({ allow_writes: false });
        await store.disableConnection({ userId: user.id, slug: 'postgres' });
        expect(await store.updateConnectionSettings({ userId: user.id, slug: 'postgres', settings: { allow_writes: true } })).toBeNull();
        expect((await store.upsertConnection({ userId: user.id, slug: 'postgres', sealedCredential: 'v1.d' })).settings).toEqual({});
        expect((await store.listAudit(user.id)).map((a) => a.action)).toContain('integration.settings');
      }));

      it('refuses settings that are not a flat object of scalars', withStore(async ({ store }) => {
        const user = await store.createUser({ email: 'ada@example.com' });
        await store.upsertConnection({ userId: user.id, slug: 'postgres', sealedCredential: 'v1.a' });
        for (const settings of [{ nested: { a: 1 } }, { list: [1] }, { 'Bad-Key': true }, { n: Number.NaN }, { s: 'x'.repeat(1_001) }]) {
          await expect(store.updateConnectionSettings({ userId: user.id, slug: 'postgres', settings: settings as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
          await expect(store.upsertConnection({ userId: user.id, slug: 'postgres', sealedCredential: 'v1.b', settings: settings as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        }
        expect((await store.listConnections(user.id))[0]).toMatchObject({ sealedCredential: 'v1.a', settings: {} });
      }));
    });

    describe('usage and meters', () => {
      it('records events idempotently and lists them newest first, with a since filter', withStore(async ({ store }) => {
        const user = await store.createUser({ email: 'ada@example.com' });
        const first = event(user.id, { at: 1_000 });
        await store.recordUsage(first);
        await store.recordUsage(first);
        await store.recordUsage(event(user.id, { at: 3_000, outcome: 'upstream_error', billable: false }));
        await store.recordUsage(event('usr_other', { at: 2_000 }));
        const listed = await store.listUsage({ userId: user.id });
        expect(listed.map((e) => e.at)).toEqual([3_000, 1_000]);
        expect(listed[1]).toEqual(first);
        expect((await store.listUsage({ userId: user.id, since: 2_000 })).map((e) => e.at)).toEqual([3_000]);
        expect(await store.listUsage({ userId: user.id, limit: 1 })).toHaveLength(1);
      }));

      it('folds events into monthly meters exactly once, across a UTC month boundary', withStore(async ({ store }) => {
        const user = await store.createUser({ email: 'ada@example.com' });
        await store.recordUsage(event(user.id, { at: NOV_30_LATE, upstreamMs: 5 }));
        await store.recordUsage(event(user.id, { at: NOV_30_LATE, outcome: 'invalid_arguments', billable: false, upstreamMs: 0 }));
        await store.recordUsage(event(user.id, { at: DEC_1_EARLY, upstreamMs: 7 }));
        expect((await store.foldMeters()).events).toBe(3);
        expect((await store.foldMeters()).events).toBe(0);
        await store.recordUsage(event(user.id, { at: DEC_1_EARLY, upstreamMs: 1 }));
        await Promise.all([store.foldMeters(), store.foldMeters()]);
        expect(await store.listMeters(user.id)).toEqual([
          { userId: user.id, period: '2026-11', calls: 2, billableCalls: 1, errors: 1, upstreamMs: 5 },
          { userId: user.id, period: '2026-12', calls: 2, billableCalls: 2, errors: 0, upstreamMs: 8 },
        ]);
      }));

      it('folds a late event (recorded after its month was folded) into that month, once', withStore(async ({ store }) => {
        const user = await store.createUser({ email: 'ada@example.com' });
        await store.recordUsage(event(user.id, { at: DEC_1_EARLY }));
        await store.foldMeters();
        const late = event(user.id, { at: NOV_30_LATE, upstreamMs: 3 });
        await store.recordUsage(late);
        await store.recordUsage(late);
        expect((await store.foldMeters()).events).toBe(1);
        await store.recordUsage(late);
        expect((await store.foldMeters()).events).toBe(0);
        expect(await store.listMeters(user.id)).toEqual([
          { userId: user.id, period: '2026-11', calls: 1, billableCalls: 1, errors: 0, upstreamMs: 3 },
          { userId: user.id, period: '2026-12', calls: 1, billableCalls: 1, errors: 0, upstreamMs: 10 },
        ]);
      }));
    });

    describe('audit', () => {
      it('records who changed keys and connections', withStore(async ({ store }) => {
        const user = await store.createUser({ email: 'ada@example.com', actor: 'cli' });
        const generated = generateApiKey();
        const key = await store.createApiKey({ userId: user.id, name: 'k', hash: generated.hash, prefix: generated.prefix, actor: 'cli' });
        await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.x', actor: 'cli' });
        await store.disableConnection({ userId: user.id, slug: 'github', actor: 'api' });
        await store.revokeApiKey({ id: key.id, actor: 'cli' });
        const actions = (await store.listAudit(user.id)).map((a) => `${a.actor}:${a.action}:${a.target}`);
        expect(actions).toEqual(expect.arrayContaining(['cli:user.create:ada@example.com', `cli:key.create:${key.id}`, 'cli:integration.enable:github', 'api:integration.disable:github', `cli:key.revoke:${key.id}`]));
        expect(JSON.stringify(await store.listAudit(user.id))).not.toContain('v1.x');
      }));

      it('records a disconnect whose OAuth revoke failed as its own action', withStore(async ({ store }) => {
        const user = await store.createUser({ email: 'ada@example.com', actor: 'cli' });
        await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.x', actor: 'api' });
        expect(await store.disableConnection({ userId: user.id, slug: 'github', actor: 'api', revokeFailed: true })).toBe(true);
        expect((await store.listAudit(user.id))[0]).toMatchObject({ actor: 'api', action: 'integration.disable.revoke_failed', target: 'github' });
        expect((await store.listConnections(user.id)).some((c) => c.enabled)).toBe(false);
      }));
    });

    describe('replay nonces', () => {
      const T = Date.UTC(2026, 10, 1, 12);
      const nonce = (label: string) => createHash('sha256').update(label).digest('hex');

      it('claims a nonce once while it holds, again once expired; different nonces are independent', withStore(async ({ store, setNow }) => {
        setNow(T);
        expect(await store.claimNonce({ nonce: nonce('a'), expiresAt: T + 1_000 })).toBe(true);
        expect(await store.claimNonce({ nonce: nonce('a'), expiresAt: T + 1_000 })).toBe(false);
        expect(await store.claimNonce({ nonce: nonce('b'), expiresAt: T + 1_000 })).toBe(true);
        setNow(T + 999);
        expect(await store.claimNonce({ nonce: nonce('a'), expiresAt: T + 5_000 })).toBe(false);
        setNow(T + 1_000);
        expect(await store.claimNonce({ nonce: nonce('a'), expiresAt: T + 5_000 })).toBe(true);
        expect(await store.claimNonce({ nonce: nonce('a'), expiresAt: T + 5_000 })).toBe(false);
        expect(await store.claimNonce({ nonce: nonce('c'), expiresAt: T + 5_000 })).toBe(true);
      }));

      it('gives exactly one of many concurrent claims of the same nonce', withStore(async ({ store, setNow }) => {
        setNow(T);
        const claims = await Promise.all(Array.from({ length: 8 }, () => store.claimNonce({ nonce: nonce('race'), expiresAt: T + 60_000 })));
        expect(claims.filter(Boolean)).toHaveLength(1);
        const distinct = await Promise.all(Array.from({ length: 8 }, (_, i) => store.claimNonce({ nonce: nonce(`race-${i}`), expiresAt: T + 60_000 })));
        expect(distinct).toEqual(Array(8).fill(true));
      }));
    });

    describeAccounts(withStore);
    describeOAuth(withStore);
    describeToolsets(withStore);
    describeBilling(withStore);
    describePlans(withStore);
    describeRemoteServers(withStore);

    describe('change events', () => {
      it('tells watchers about key and connection changes of a user, and stops after unsubscribe', withStore(async ({ store }) => {
        const seen: StoreChange[] = [];
        const unwatch = store.watch((change) => seen.push(change));
        const user = await store.createUser({ email: 'ada@example.com' });
        const generated = generateApiKey();
        const key = await store.createApiKey({ userId: user.id, name: 'k', hash: generated.hash, prefix: generated.prefix });
        await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.x' });
        await store.revokeApiKey({ id: key.id });
        await waitFor(() => (seen.filter((c) => c.kind === 'key').length >= 2 ? true : undefined));
        expect(seen).toEqual(expect.arrayContaining([{ kind: 'connection', userId: user.id }, { kind: 'key', userId: user.id }]));
        unwatch();
        const count = seen.length;
        await store.disableConnection({ userId: user.id, slug: 'github' });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(seen).toHaveLength(count);
      }));
    });
  });
}

export { waitFor };
