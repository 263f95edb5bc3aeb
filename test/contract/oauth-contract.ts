/**
 * The OAuth part of the Store contract (lib/store/oauth.ts), run by
 * `runStoreContract` on every adapter: started flows and connect links are
 * taken once (also by 20 concurrent takers), never after they expire (and are
 * gone then), a link only by its own user (another user's attempt leaves it),
 * bounded input is refused, a user's records go with the user; and leases:
 * one holder at a time, extended by their holder, taken over once expired,
 * released only by their holder.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NewOAuthState } from '../../lib/store/oauth.ts';
import type { WithStore } from './accounts-contract.ts';

const T = Date.UTC(2026, 10, 1, 12);
const MINUTE = 60_000;
const hash = () => createHash('sha256').update(randomBytes(32)).digest('hex');

function flow(userId: string, overrides: Partial<NewOAuthState> = {}): NewOAuthState {
  return {
    hash: hash(), userId, sessionId: 'ses_contract', slug: 'github', sealedVerifier: 'v1.nonce.body.tag',
    redirectUri: 'https://hub.example.com/oauth/github/callback', scopes: ['repo', 'read:user'], expiresAt: T + 10 * MINUTE, ...overrides,
  };
}

export function describeOAuth(withStore: WithStore): void {
  describe('oauth: started flows', () => {
    it('takes a flow once, with everything it was started with, and defaults its purpose to connect', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const started = flow(ada.id);
      const expected = { userId: ada.id, sessionId: 'ses_contract', slug: 'github', sealedVerifier: 'v1.nonce.body.tag', redirectUri: started.redirectUri, scopes: ['repo', 'read:user'], purpose: 'connect', returnTo: null, createdAt: T, expiresAt: T + 10 * MINUTE };
      expect(await store.createOAuthState(started)).toEqual(expected);
      expect(await store.consumeOAuthState(hash(), T + 1)).toBeNull();
      expect(await store.consumeOAuthState(started.hash, T + 1)).toEqual(expected);
      expect(await store.consumeOAuthState(started.hash, T + 2)).toBeNull();
      const reconnect = flow(ada.id, { purpose: 'reconnect', returnTo: '/connect/github/done', scopes: [] });
      await store.createOAuthState(reconnect);
      expect(await store.consumeOAuthState(reconnect.hash, T + 1)).toMatchObject({ purpose: 'reconnect', returnTo: '/connect/github/done', scopes: [] });
    }));

    it('gives an expired flow to nobody, and it is gone: a later take with an earlier clock finds nothing', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const started = flow(ada.id);
      await store.createOAuthState(started);
      expect(await store.consumeOAuthState(started.hash, started.expiresAt)).toBeNull();
      expect(await store.consumeOAuthState(started.hash, T)).toBeNull();
    }));

    it('gives a flow to exactly one of 20 concurrent takers', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const started = flow(ada.id);
      await store.createOAuthState(started);
      const taken = await Promise.all(Array.from({ length: 20 }, () => store.consumeOAuthState(started.hash, T + 1)));
      expect(taken.filter((record) => record !== null)).toEqual([expect.objectContaining({ userId: ada.id, slug: 'github' })]);
    }));

    it('refuses a flow for a missing user, and one outside the bounds, naming the problem', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      await expect(store.createOAuthState(flow('usr_missing'))).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
      await expect(store.createOAuthState(flow(ada.id, { hash: 'the-state-itself' }))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('SHA-256') });
      await expect(store.createOAuthState(flow(ada.id, { slug: 'Not A Slug' }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(store.createOAuthState(flow(ada.id, { scopes: Array.from({ length: 65 }, (_, i) => `s${i}`) }))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('scopes') });
      await expect(store.createOAuthState(flow(ada.id, { redirectUri: `https://x/${'a'.repeat(2_048)}` }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      for (const returnTo of ['https://evil.example.com/', '//evil.example.com/', '/\\evil.example.com']) {
        await expect(store.createOAuthState(flow(ada.id, { returnTo }))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('returnTo') });
      }
    }));
  });

  describe('oauth: connect links', () => {
    it('takes a link once, for its own user; another user\'s attempt is refused and leaves it for its owner', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const link = { hash: hash(), userId: ada.id, slug: 'linear', expiresAt: T + 30 * MINUTE };
      expect(await store.createConnectLink(link)).toEqual({ userId: ada.id, slug: 'linear', createdAt: T, expiresAt: T + 30 * MINUTE });
      expect(await store.consumeConnectLink(link.hash, bob.id, T + 1)).toBeNull();
      expect(await store.consumeConnectLink(hash(), ada.id, T + 1)).toBeNull();
      expect(await store.consumeConnectLink(link.hash, ada.id, T + 2)).toEqual({ userId: ada.id, slug: 'linear', createdAt: T, expiresAt: T + 30 * MINUTE });
      expect(await store.consumeConnectLink(link.hash, ada.id, T + 3)).toBeNull();
    }));

    it('gives an expired link to nobody, and it is gone', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const link = { hash: hash(), userId: ada.id, slug: 'github', expiresAt: T + 30 * MINUTE };
      await store.createConnectLink(link);
      expect(await store.consumeConnectLink(link.hash, ada.id, link.expiresAt)).toBeNull();
      expect(await store.consumeConnectLink(link.hash, ada.id, T)).toBeNull();
    }));

    it('gives a link to exactly one of 20 concurrent takers', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const link = { hash: hash(), userId: ada.id, slug: 'github', expiresAt: T + 30 * MINUTE };
      await store.createConnectLink(link);
      const taken = await Promise.all(Array.from({ length: 20 }, () => store.consumeConnectLink(link.hash, ada.id, T + 1)));
      expect(taken.filter((record) => record !== null)).toHaveLength(1);
    }));

    it('refuses a link for a missing user or with a token instead of its hash', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      await expect(store.createConnectLink({ hash: hash(), userId: 'usr_missing', slug: 'github', expiresAt: T + MINUTE })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
      await expect(store.createConnectLink({ hash: 'raw-token', userId: ada.id, slug: 'github', expiresAt: T + MINUTE })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }));

    it('goes with its user, as their started flows do; another user\'s stay', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const seed = async (userId: string) => {
        const link = { hash: hash(), userId, slug: 'github', expiresAt: T + 30 * MINUTE };
        const started = flow(userId);
        await store.createConnectLink(link);
        await store.createOAuthState(started);
        return { link: link.hash, state: started.hash };
      };
      const adas = await seed(ada.id);
      const bobs = await seed(bob.id);
      await store.deleteUser({ userId: ada.id });
      expect(await store.consumeConnectLink(adas.link, ada.id, T + 1)).toBeNull();
      expect(await store.consumeOAuthState(adas.state, T + 1)).toBeNull();
      expect(await store.consumeConnectLink(bobs.link, bob.id, T + 1)).not.toBeNull();
      expect(await store.consumeOAuthState(bobs.state, T + 1)).not.toBeNull();
    }));
  });

  describe('oauth: leases', () => {
    const name = 'oauth-refresh:usr_1:github';

    it('holds a lease for one holder: another is refused until it expires, then takes it over', withStore(async ({ store }) => {
      expect(await store.acquireLease({ name, holder: 'replica-a', ttlMs: 30_000, now: T })).toBe(true);
      expect(await store.acquireLease({ name, holder: 'replica-b', ttlMs: 30_000, now: T + 29_999 })).toBe(false);
      expect(await store.acquireLease({ name: 'oauth-refresh:usr_1:linear', holder: 'replica-b', ttlMs: 30_000, now: T })).toBe(true);
      expect(await store.acquireLease({ name, holder: 'replica-b', ttlMs: 30_000, now: T + 30_000 })).toBe(true);
      expect(await store.acquireLease({ name, holder: 'replica-a', ttlMs: 30_000, now: T + 30_001 })).toBe(false);
    }));

    it('extends a lease its holder acquires again', withStore(async ({ store }) => {
      expect(await store.acquireLease({ name, holder: 'replica-a', ttlMs: 30_000, now: T })).toBe(true);
      expect(await store.acquireLease({ name, holder: 'replica-a', ttlMs: 30_000, now: T + 20_000 })).toBe(true);
      expect(await store.acquireLease({ name, holder: 'replica-b', ttlMs: 30_000, now: T + 40_000 })).toBe(false);
      expect(await store.acquireLease({ name, holder: 'replica-b', ttlMs: 30_000, now: T + 50_000 })).toBe(true);
    }));

    it('is released only by its holder, and is free once released', withStore(async ({ store }) => {
      expect(await store.acquireLease({ name, holder: 'replica-a', ttlMs: 30_000, now: T })).toBe(true);
      expect(await store.releaseLease({ name, holder: 'replica-b' })).toBe(false);
      expect(await store.acquireLease({ name, holder: 'replica-b', ttlMs: 30_000, now: T + 1 })).toBe(false);
      expect(await store.releaseLease({ name, holder: 'replica-a' })).toBe(true);
      expect(await store.releaseLease({ name, holder: 'replica-a' })).toBe(false);
      expect(await store.acquireLease({ name, holder: 'replica-b', ttlMs: 30_000, now: T + 2 })).toBe(true);
    }));

    it('gives a free lease to exactly one of 20 concurrent holders', withStore(async ({ store }) => {
      const acquired = await Promise.all(Array.from({ length: 20 }, (_, i) => store.acquireLease({ name, holder: `replica-${i}`, ttlMs: 30_000, now: T })));
      expect(acquired.filter(Boolean)).toHaveLength(1);
    }));

    it('refuses a lease with no name or holder, or an unbounded time', withStore(async ({ store }) => {
      await expect(store.acquireLease({ name: '', holder: 'a', ttlMs: 1_000, now: T })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(store.acquireLease({ name, holder: 'a', ttlMs: 0, now: T })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(store.acquireLease({ name, holder: 'a', ttlMs: 24 * 3_600_000, now: T })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(store.releaseLease({ name, holder: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }));
  });

  describe('oauth: renewal pages', () => {
    it('pages through the enabled connections of the given slugs across users, each once, and stops with a null cursor', withStore(async ({ store }) => {
      const users = await Promise.all(['ada', 'bob', 'cy'].map((name) => store.createUser({ email: `${name}@example.com` })));
      for (const user of users) {
        for (const slug of ['github', 'linear', 'notion']) await store.upsertConnection({ userId: user.id, slug, sealedCredential: `v1.${user.id}.${slug}` });
      }
      await store.disableConnection({ userId: users[1]!.id, slug: 'github' });
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page: Awaited<ReturnType<typeof store.listConnectionsForRenewal>> = await store.listConnectionsForRenewal({ slugs: ['github', 'linear'], limit: 2, cursor });
        expect(page.connections.length).toBeLessThanOrEqual(2);
        seen.push(...page.connections.map((c) => `${c.userId}/${c.slug}/${c.sealedCredential}/${c.enabled}`));
        cursor = page.cursor;
        if (cursor === null) break;
      }
      expect(cursor).toBeNull();
      const expected = users.flatMap((u) => ['github', 'linear'].filter((slug) => !(u.id === users[1]!.id && slug === 'github')).map((slug) => `${u.id}/${slug}/v1.${u.id}.${slug}/true`));
      expect(seen.sort()).toEqual(expected.sort());
    }));

    it('refuses an unbounded page or no slugs', withStore(async ({ store }) => {
      await expect(store.listConnectionsForRenewal({ slugs: ['github'], limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(store.listConnectionsForRenewal({ slugs: ['github'], limit: 10_000 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(store.listConnectionsForRenewal({ slugs: [], limit: 10 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(store.listConnectionsForRenewal({ slugs: ['Not A Slug'], limit: 10 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }));
  });
}
