/**
 * The accounts part of the Store contract (lib/store/accounts.ts), run by
 * `runStoreContract` on every adapter: roles, the Clerk link, password hashes
 * kept to the sign-in path, sessions and one-time tokens stored by hash with
 * expiry, single-use consumption under concurrency, and deleting a user with
 * everything of theirs while another user's data stays.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import type { Store, StoreChange } from '../../lib/store/port.ts';
import { waitUntil } from '../helpers/wait.ts';

/** The suite's fixture: a fresh store on a clock the test sets. */
export type WithStore = (test: (f: { store: Store; setNow(at: number): void }) => Promise<void>) => () => Promise<void>;

const T = Date.UTC(2026, 10, 1, 12);
const HOUR = 3_600_000;
const hash = () => createHash('sha256').update(randomBytes(32)).digest('hex');

export function describeAccounts(withStore: WithStore): void {
  describe('accounts: users', () => {
    it('makes the first user an admin and later ones members, unless a role is given', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const cy = await store.createUser({ email: 'cy@example.com', role: 'admin' });
      expect([ada.role, bob.role, cy.role]).toEqual(['admin', 'member', 'admin']);
      expect(ada).toMatchObject({ hasPassword: false, clerkUserId: null });
    }));

    it('of two first users created at once, exactly one is admin', withStore(async ({ store }) => {
      const users = await Promise.all([store.createUser({ email: 'a@example.com' }), store.createUser({ email: 'b@example.com' })]);
      expect(users.map((u) => u.role).sort()).toEqual(['admin', 'member']);
    }));

    it('refuses the loser of two concurrent creations of one email, or of one Clerk id, as a store refusal', withStore(async ({ store }) => {
      const sameEmail = await Promise.allSettled([store.createUser({ email: 'ada@example.com' }), store.createUser({ email: 'ada@example.com' })]);
      expect(sameEmail.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok')).sort()).toEqual(['EMAIL_TAKEN', 'ok']);
      const sameClerk = await Promise.allSettled([store.createUser({ email: 'b@example.com', clerkUserId: 'user_x' }), store.createUser({ email: 'c@example.com', clerkUserId: 'user_x' })]);
      expect(sameClerk.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok')).sort()).toEqual(['CLERK_ID_TAKEN', 'ok']);
    }));

    it('keeps the password hash out of every user read but the sign-in path', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com', passwordHash: '$argon2id$first' });
      expect(ada.hasPassword).toBe(true);
      const reads = [ada, await store.getUser(ada.id), await store.getUserByEmail('ada@example.com'), await store.listUsers()];
      expect(JSON.stringify(reads)).not.toContain('argon2id');
      expect(await store.getSignInUser('ADA@example.com')).toEqual({ user: ada, passwordHash: '$argon2id$first' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      expect(await store.getSignInUser('bob@example.com')).toEqual({ user: bob, passwordHash: null });
      expect(await store.getSignInUser('nobody@example.com')).toBeNull();
      expect(await store.setPasswordHash({ userId: bob.id, passwordHash: '$argon2id$bob' })).toMatchObject({ id: bob.id, hasPassword: true });
      expect((await store.getSignInUser('bob@example.com'))?.passwordHash).toBe('$argon2id$bob');
      await expect(store.setPasswordHash({ userId: 'usr_missing', passwordHash: 'x' })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    }));

    it('links a Clerk user id once: found by it, unique across users', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com', clerkUserId: 'user_clerk_ada' });
      expect(ada.clerkUserId).toBe('user_clerk_ada');
      expect(await store.getUserByClerkId('user_clerk_ada')).toEqual(ada);
      expect(await store.getUserByClerkId('user_clerk_none')).toBeNull();
      const bob = await store.createUser({ email: 'bob@example.com' });
      await expect(store.linkClerkUser({ userId: bob.id, clerkUserId: 'user_clerk_ada' })).rejects.toMatchObject({ code: 'CLERK_ID_TAKEN' });
      await expect(store.createUser({ email: 'cy@example.com', clerkUserId: 'user_clerk_ada' })).rejects.toMatchObject({ code: 'CLERK_ID_TAKEN' });
      expect(await store.linkClerkUser({ userId: bob.id, clerkUserId: 'user_clerk_bob' })).toMatchObject({ id: bob.id, clerkUserId: 'user_clerk_bob' });
      expect((await store.getUserByClerkId('user_clerk_bob'))?.id).toBe(bob.id);
      await expect(store.linkClerkUser({ userId: 'usr_missing', clerkUserId: 'user_clerk_x' })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    }));
  });

  describe('accounts: sessions', () => {
    it('stores a session under its token hash, resolves it with its user until it expires', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const tokenHash = hash();
      const session = await store.createSession({ userId: ada.id, tokenHash, userAgent: 'Firefox/140', expiresAt: T + HOUR });
      expect(session).toMatchObject({ userId: ada.id, createdAt: T, lastSeenAt: T, expiresAt: T + HOUR, userAgent: 'Firefox/140' });
      expect(JSON.stringify(session)).not.toContain(tokenHash);
      expect(await store.resolveSession(tokenHash)).toEqual({ session, user: ada });
      expect(await store.resolveSession(hash())).toBeNull();
      setNow(T + HOUR);
      expect(await store.resolveSession(tokenHash)).toBeNull();
      expect(await store.listSessions(ada.id)).toEqual([]);
      await expect(store.createSession({ userId: 'usr_missing', tokenHash: hash(), userAgent: null, expiresAt: T + 2 * HOUR })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    }));

    it('touches last use and expiry forward only, and lists unexpired sessions most recently used first', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const first = await store.createSession({ userId: ada.id, tokenHash: hash(), userAgent: null, expiresAt: T + HOUR });
      const secondHash = hash();
      const second = await store.createSession({ userId: ada.id, tokenHash: secondHash, userAgent: 'Chrome', expiresAt: T + HOUR });
      await store.touchSession({ id: first.id, at: T + 60_000, expiresAt: T + 3 * HOUR });
      await store.touchSession({ id: first.id, at: T + 30_000, expiresAt: T + 2 * HOUR });
      expect((await store.listSessions(ada.id)).map((s) => [s.id, s.lastSeenAt, s.expiresAt])).toEqual([[first.id, T + 60_000, T + 3 * HOUR], [second.id, T, T + HOUR]]);
      setNow(T + 2 * HOUR);
      expect((await store.listSessions(ada.id)).map((s) => s.id)).toEqual([first.id]);
      expect(await store.resolveSession(secondHash)).toBeNull();
    }));

    it('revokes one session of its own user only, or all of a user\'s', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const adaHash = hash();
      const adaSession = await store.createSession({ userId: ada.id, tokenHash: adaHash, userAgent: null, expiresAt: T + HOUR });
      await store.createSession({ userId: ada.id, tokenHash: hash(), userAgent: null, expiresAt: T + HOUR });
      const bobHash = hash();
      await store.createSession({ userId: bob.id, tokenHash: bobHash, userAgent: null, expiresAt: T + HOUR });
      expect(await store.revokeSession({ id: adaSession.id, userId: bob.id })).toBe(false);
      expect(await store.resolveSession(adaHash)).not.toBeNull();
      expect(await store.revokeSession({ id: adaSession.id, userId: ada.id })).toBe(true);
      expect(await store.revokeSession({ id: adaSession.id, userId: ada.id })).toBe(false);
      expect(await store.resolveSession(adaHash)).toBeNull();
      expect(await store.revokeSessions(ada.id)).toBe(1);
      expect(await store.listSessions(ada.id)).toEqual([]);
      expect(await store.resolveSession(bobHash)).not.toBeNull();
    }));
  });

  describe('accounts: one-time tokens', () => {
    it('consumes a token once, only as its own kind, and never after it expires', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const setup = hash();
      const invite = hash();
      const reset = hash();
      expect(await store.createOneTimeToken({ kind: 'setup', tokenHash: setup, expiresAt: T + HOUR })).toMatchObject({ kind: 'setup', createdAt: T, expiresAt: T + HOUR });
      await store.createOneTimeToken({ kind: 'invite', email: 'bob@example.com', role: 'member', tokenHash: invite, expiresAt: T + HOUR });
      await store.createOneTimeToken({ kind: 'reset', userId: ada.id, tokenHash: reset, expiresAt: T + HOUR });
      expect(await store.consumeOneTimeToken({ tokenHash: setup, kind: 'invite' })).toBeNull();
      expect(await store.consumeOneTimeToken({ tokenHash: setup, kind: 'setup' })).toMatchObject({ kind: 'setup' });
      expect(await store.consumeOneTimeToken({ tokenHash: setup, kind: 'setup' })).toBeNull();
      expect(await store.consumeOneTimeToken({ tokenHash: invite, kind: 'invite' })).toMatchObject({ kind: 'invite', email: 'bob@example.com', role: 'member' });
      setNow(T + HOUR);
      expect(await store.consumeOneTimeToken({ tokenHash: reset, kind: 'reset' })).toBeNull();
      await expect(store.createOneTimeToken({ kind: 'reset', userId: 'usr_missing', tokenHash: hash(), expiresAt: T + 2 * HOUR })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    }));

    it('carries a reset token\'s user', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const reset = hash();
      await store.createOneTimeToken({ kind: 'reset', userId: ada.id, tokenHash: reset, expiresAt: T + HOUR });
      expect(await store.consumeOneTimeToken({ tokenHash: reset, kind: 'reset' })).toMatchObject({ kind: 'reset', userId: ada.id, expiresAt: T + HOUR });
    }));

    it('gives a token to exactly one of many concurrent consumers', withStore(async ({ store, setNow }) => {
      setNow(T);
      const tokenHash = hash();
      await store.createOneTimeToken({ kind: 'invite', email: 'bob@example.com', role: 'admin', tokenHash, expiresAt: T + HOUR });
      const taken = await Promise.all(Array.from({ length: 8 }, () => store.consumeOneTimeToken({ tokenHash, kind: 'invite' })));
      expect(taken.filter((t) => t !== null)).toHaveLength(1);
    }));
  });

  describe('accounts: deleting a user', () => {
    it('removes the user with their keys, connections, sessions, tokens, usage, meters and audit; another user\'s stay', withStore(async ({ store, setNow }) => {
      setNow(T);
      const seed = async (email: string) => {
        const user = await store.createUser({ email });
        const key = generateApiKey();
        await store.createApiKey({ userId: user.id, name: 'k', hash: key.hash, prefix: key.prefix });
        await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.x' });
        const sessionHash = hash();
        await store.createSession({ userId: user.id, tokenHash: sessionHash, userAgent: null, expiresAt: T + HOUR });
        const resetHash = hash();
        await store.createOneTimeToken({ kind: 'reset', userId: user.id, tokenHash: resetHash, expiresAt: T + HOUR });
        await store.recordUsage({ id: `evt_${user.id}`, userId: user.id, keyId: 'key_x', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 1, upstreamMs: 1, bytesIn: 1, bytesOut: 1, at: T });
        return { user, key, sessionHash, resetHash };
      };
      const ada = await seed('ada@example.com');
      const bob = await seed('bob@example.com');
      await store.foldMeters();

      expect(await store.deleteUser({ userId: ada.user.id })).toBe(true);
      expect(await store.deleteUser({ userId: ada.user.id })).toBe(false);
      expect(await store.getUser(ada.user.id)).toBeNull();
      expect(await store.getUserByEmail('ada@example.com')).toBeNull();
      expect(await store.resolveApiKey(ada.key.hash)).toBeNull();
      expect(await store.listApiKeys(ada.user.id)).toEqual([]);
      expect(await store.listConnections(ada.user.id)).toEqual([]);
      expect(await store.resolveSession(ada.sessionHash)).toBeNull();
      expect(await store.consumeOneTimeToken({ tokenHash: ada.resetHash, kind: 'reset' })).toBeNull();
      expect(await store.listUsage({ userId: ada.user.id })).toEqual([]);
      expect(await store.listMeters(ada.user.id)).toEqual([]);
      expect(await store.listAudit(ada.user.id)).toEqual([]);

      expect(await store.resolveApiKey(bob.key.hash)).not.toBeNull();
      expect(await store.listConnections(bob.user.id)).toHaveLength(1);
      expect(await store.resolveSession(bob.sessionHash)).not.toBeNull();
      expect(await store.listUsage({ userId: bob.user.id })).toHaveLength(1);
      expect(await store.listMeters(bob.user.id)).toHaveLength(1);
      expect(await store.consumeOneTimeToken({ tokenHash: bob.resetHash, kind: 'reset' })).not.toBeNull();
      // The email is free again.
      expect((await store.createUser({ email: 'ada@example.com' })).email).toBe('ada@example.com');
    }));

    it('tells watchers, so a running hub drops the user\'s cached keys', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const seen: StoreChange[] = [];
      const unwatch = store.watch((change) => seen.push(change));
      try {
        await store.deleteUser({ userId: ada.id });
        await waitUntil(() => seen.some((c) => c.kind === 'user' && c.userId === ada.id), 2_000, 'a user change for the deleted user');
      } finally {
        unwatch();
      }
    }));
  });
}
