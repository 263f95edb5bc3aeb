/**
 * The connection status part of the Store contract (runStoreContract runs it
 * on every adapter): the account a credential belongs to and the attention a
 * refused credential needs, both what the Integrations page shows.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ACCOUNT_CHARS, MAX_ATTENTION_REASON_CHARS, type Store } from '../../lib/store/port.ts';

export function runConnectionStatusContract(withStore: (test: (f: { store: Store }) => Promise<void>) => () => Promise<void>): void {
  describe('connection status', () => {
    it('keeps the account with the connection, replaced by the next enable and null when not given', withStore(async ({ store }) => {
      const user = await store.createUser({ email: 'ada@example.com' });
      expect(await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.a', account: 'octocat' })).toMatchObject({ account: 'octocat', attention: null });
      expect((await store.listConnections(user.id))[0]?.account).toBe('octocat');
      expect((await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.b', account: 'hubot' })).account).toBe('hubot');
      expect((await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.c' })).account).toBeNull();
    }));

    it('marks an enabled connection as needing attention until it is enabled again; a disabled one cannot be marked', withStore(async ({ store }) => {
      const user = await store.createUser({ email: 'ada@example.com' });
      await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.a', account: 'octocat' });
      expect(await store.markConnectionAttention({ userId: user.id, slug: 'github', kind: 'needs_reconnect', reason: 'GitHub rejected the token.', at: 5_000 })).toBe(true);
      expect((await store.listConnections(user.id))[0]).toMatchObject({ account: 'octocat', attention: { kind: 'needs_reconnect', reason: 'GitHub rejected the token.', at: 5_000 }, sealedCredential: 'v1.a' });
      expect((await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.b', account: 'octocat' })).attention).toBeNull();
      expect(await store.markConnectionAttention({ userId: user.id, slug: 'linear', kind: 'needs_reconnect', reason: 'x', at: 1 })).toBe(false);
      await store.markConnectionAttention({ userId: user.id, slug: 'github', kind: 'needs_reconnect', reason: 'again', at: 6_000 });
      await store.disableConnection({ userId: user.id, slug: 'github' });
      expect((await store.listConnections(user.id))[0]).toMatchObject({ enabled: false, account: null, attention: null });
      expect(await store.markConnectionAttention({ userId: user.id, slug: 'github', kind: 'needs_reconnect', reason: 'x', at: 7_000 })).toBe(false);
      expect((await store.listConnections(user.id))[0]?.attention).toBeNull();
    }));

    it('renews just the credential of an enabled connection: settings and account stay, attention clears, the feed tells replicas; a disabled one is not re-enabled', withStore(async ({ store }) => {
      const user = await store.createUser({ email: 'ada@example.com' });
      await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.a', account: 'octocat', settings: { read_only: true } });
      await store.markConnectionAttention({ userId: user.id, slug: 'github', kind: 'needs_reconnect', reason: 'GitHub refused the refresh token.', at: 5 });
      const changes: string[] = [];
      const stop = store.watch((change) => { if (change.kind === 'connection') changes.push(change.userId); });
      expect(await store.renewConnectionCredential({ userId: user.id, slug: 'github', sealedCredential: 'v1.renewed' })).toMatchObject({ enabled: true, sealedCredential: 'v1.renewed', account: 'octocat', settings: { read_only: true }, attention: null });
      expect((await store.listConnections(user.id))[0]).toMatchObject({ sealedCredential: 'v1.renewed', account: 'octocat', settings: { read_only: true }, attention: null });
      await expect.poll(() => changes, { timeout: 5_000 }).toContain(user.id);
      stop();
      expect(await store.renewConnectionCredential({ userId: user.id, slug: 'linear', sealedCredential: 'v1.x' })).toBeNull();
      await store.disableConnection({ userId: user.id, slug: 'github' });
      expect(await store.renewConnectionCredential({ userId: user.id, slug: 'github', sealedCredential: 'v1.late' })).toBeNull();
      expect((await store.listConnections(user.id))[0]).toMatchObject({ enabled: false, sealedCredential: '' });
    }));

    it('says which kind of attention: the person reconnects, or the operator fixes the OAuth app; an unknown kind is refused', withStore(async ({ store }) => {
      const user = await store.createUser({ email: 'ada@example.com' });
      await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.a' });
      await store.markConnectionAttention({ userId: user.id, slug: 'github', kind: 'misconfigured', reason: 'GitHub refused the client secret.', at: 1 });
      expect((await store.listConnections(user.id))[0]?.attention).toEqual({ kind: 'misconfigured', reason: 'GitHub refused the client secret.', at: 1 });
      await store.markConnectionAttention({ userId: user.id, slug: 'github', kind: 'needs_reconnect', reason: 'The refresh token was revoked.', at: 2 });
      expect((await store.listConnections(user.id))[0]?.attention).toEqual({ kind: 'needs_reconnect', reason: 'The refresh token was revoked.', at: 2 });
      // @ts-expect-error: not a kind
      await expect(store.markConnectionAttention({ userId: user.id, slug: 'github', kind: 'broken', reason: 'x', at: 3 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('attention kind') });
    }));

    it("marks only that user's connection", withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      await store.upsertConnection({ userId: ada.id, slug: 'github', sealedCredential: 'v1.ada' });
      await store.upsertConnection({ userId: bob.id, slug: 'github', sealedCredential: 'v1.bob' });
      await store.markConnectionAttention({ userId: bob.id, slug: 'github', kind: 'needs_reconnect', reason: 'GitHub rejected the token.', at: 1 });
      expect((await store.listConnections(ada.id))[0]?.attention).toBeNull();
      expect((await store.listConnections(bob.id))[0]?.attention).not.toBeNull();
    }));

    it('refuses an account label or a reason past its bound, naming it', withStore(async ({ store }) => {
      const user = await store.createUser({ email: 'ada@example.com' });
      await expect(store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.a', account: 'x'.repeat(MAX_ACCOUNT_CHARS + 1) })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('account label') });
      expect(await store.listConnections(user.id)).toEqual([]);
      await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.a', account: 'x'.repeat(MAX_ACCOUNT_CHARS) });
      await expect(store.markConnectionAttention({ userId: user.id, slug: 'github', kind: 'needs_reconnect', reason: 'x'.repeat(MAX_ATTENTION_REASON_CHARS + 1), at: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('attention reason') });
      await expect(store.markConnectionAttention({ userId: user.id, slug: 'github', kind: 'needs_reconnect', reason: '', at: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect((await store.listConnections(user.id))[0]?.attention).toBeNull();
    }));
  });
}
