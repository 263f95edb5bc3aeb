/**
 * The toolsets part of the Store contract (lib/store/toolsets.ts), run by
 * `runStoreContract` on every adapter: CRUD scoped to the owner, names unique
 * per user ignoring case, shape bounds, keys created with and bound to a
 * toolset (and resolving with it), deletion refused while an active key is
 * bound, and every write a `toolset` change of its user.
 */
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { StoreError, type Store, type StoreChange } from '../../lib/store/port.ts';
import { MAX_TOOLSET_RULES, type ToolsetSpec } from '../../lib/store/toolsets.ts';
import { waitUntil } from '../helpers/wait.ts';
import type { WithStore } from './accounts-contract.ts';

const spec = (overrides: Partial<ToolsetSpec> = {}): ToolsetSpec => ({
  name: 'Readers',
  rules: [{ kind: 'integration', slug: 'github' }, { kind: 'tool', name: 'slack__post_message' }, { kind: 'read_only' }],
  excludeDestructive: true,
  mode: 'flat',
  ...overrides,
});

async function userWithKey(store: Store, email: string) {
  const user = await store.createUser({ email });
  const generated = generateApiKey();
  const key = await store.createApiKey({ userId: user.id, name: 'k', hash: generated.hash, prefix: generated.prefix });
  return { user, key, hash: generated.hash };
}

const code = async (work: Promise<unknown>) => {
  try {
    await work;
    return 'resolved';
  } catch (error) {
    return error instanceof StoreError ? error.code : String(error);
  }
};

export function describeToolsets(withStore: WithStore): void {
  describe('toolsets', () => {
    it('creates, reads, lists, updates and deletes a toolset, keeping its rules exactly and no stray rule fields', withStore(async ({ store }) => {
      const { user } = await userWithKey(store, 'ada@example.com');
      const stray = { kind: 'integration', slug: 'linear', extra: 'dropped' } as unknown as ToolsetSpec['rules'][number];
      const created = await store.createToolset({ userId: user.id, ...spec({ name: '  Readers  ', rules: [...spec().rules, stray] }) });
      expect(created).toMatchObject({ userId: user.id, name: 'Readers', excludeDestructive: true, mode: 'flat' });
      expect(created.id).toMatch(/^tls_/);
      expect(created.rules).toEqual([...spec().rules, { kind: 'integration', slug: 'linear' }]);
      expect(await store.getToolset(user.id, created.id)).toEqual(created);
      const second = await store.createToolset({ userId: user.id, ...spec({ name: 'Writers', excludeDestructive: false, mode: 'progressive' }) });
      expect((await store.listToolsets(user.id)).map((t) => t.name)).toEqual(['Readers', 'Writers']);

      const updated = await store.updateToolset({ userId: user.id, id: created.id, rules: [{ kind: 'read_only' }], mode: 'progressive' });
      expect(updated).toMatchObject({ id: created.id, name: 'Readers', rules: [{ kind: 'read_only' }], excludeDestructive: true, mode: 'progressive' });
      expect(await store.getToolset(user.id, created.id)).toEqual(updated);

      expect(await store.deleteToolset({ userId: user.id, id: second.id })).toBe(true);
      expect(await store.deleteToolset({ userId: user.id, id: second.id })).toBe(false);
      expect((await store.listToolsets(user.id)).map((t) => t.id)).toEqual([created.id]);
      expect((await store.listAudit(user.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['toolset.create', 'toolset.update', 'toolset.delete']));
    }));

    it("keeps toolsets to their owner: another user's id reads, updates, deletes and binds as unknown", withStore(async ({ store }) => {
      const ada = await userWithKey(store, 'ada@example.com');
      const bob = await userWithKey(store, 'bob@example.com');
      const adas = await store.createToolset({ userId: ada.user.id, ...spec() });
      expect(await store.getToolset(bob.user.id, adas.id)).toBeNull();
      expect(await store.listToolsets(bob.user.id)).toEqual([]);
      expect(await store.updateToolset({ userId: bob.user.id, id: adas.id, name: 'Mine now' })).toBeNull();
      expect(await store.deleteToolset({ userId: bob.user.id, id: adas.id })).toBe(false);
      expect(await code(store.bindApiKey({ userId: bob.user.id, keyId: bob.key.id, toolsetId: adas.id, mode: null }))).toBe('TOOLSET_NOT_FOUND');
      expect(await store.bindApiKey({ userId: bob.user.id, keyId: ada.key.id, toolsetId: null, mode: 'progressive' })).toBeNull();
      expect(await code(store.createApiKey({ userId: bob.user.id, name: 'x', ...generateApiKey(), toolsetId: adas.id }))).toBe('TOOLSET_NOT_FOUND');
      expect((await store.getToolset(ada.user.id, adas.id))?.name).toBe('Readers');
    }));

    it('refuses a name taken by another of the same user (ignoring case), bad shapes and too many rules; another user may use the name', withStore(async ({ store }) => {
      const ada = await userWithKey(store, 'ada@example.com');
      const bob = await userWithKey(store, 'bob@example.com');
      const first = await store.createToolset({ userId: ada.user.id, ...spec() });
      const other = await store.createToolset({ userId: ada.user.id, ...spec({ name: 'Other' }) });
      expect(await code(store.createToolset({ userId: ada.user.id, ...spec({ name: 'READERS' }) }))).toBe('TOOLSET_NAME_TAKEN');
      expect(await code(store.updateToolset({ userId: ada.user.id, id: other.id, name: 'readers' }))).toBe('TOOLSET_NAME_TAKEN');
      expect((await store.updateToolset({ userId: ada.user.id, id: first.id, name: 'readers' }))?.name).toBe('readers');
      expect(await code(store.createToolset({ userId: bob.user.id, ...spec() }))).toBe('resolved');
      expect(await code(store.createToolset({ userId: ada.user.id, ...spec({ name: '' }) }))).toBe('INVALID_INPUT');
      expect(await code(store.createToolset({ userId: ada.user.id, ...spec({ name: 'x'.repeat(61) }) }))).toBe('INVALID_INPUT');
      const tooMany = Array.from({ length: MAX_TOOLSET_RULES + 1 }, (_, i) => ({ kind: 'tool' as const, name: `github__tool_${i}` }));
      expect(await code(store.createToolset({ userId: ada.user.id, ...spec({ name: 'Big', rules: tooMany }) }))).toBe('INVALID_INPUT');
      expect(await code(store.createToolset({ userId: 'usr_missing', ...spec() }))).toBe('USER_NOT_FOUND');
    }));

    it('keeps passThrough (false when not given), resolves a key with it, and refuses a pass-through toolset that is not one integration rule, flat and whole, as created or as updated', withStore(async ({ store }) => {
      const { user, key, hash } = await userWithKey(store, 'ada@example.com');
      const plain = await store.createToolset({ userId: user.id, ...spec() });
      expect(plain.passThrough).toBe(false);
      const whole = { rules: [{ kind: 'integration' as const, slug: 'acme' }], excludeDestructive: false, mode: 'flat' as const };
      const through = await store.createToolset({ userId: user.id, ...spec({ name: 'Acme', ...whole, passThrough: true }) });
      expect(through).toMatchObject({ passThrough: true, rules: whole.rules, mode: 'flat' });
      expect(await store.getToolset(user.id, through.id)).toEqual(through);
      await store.bindApiKey({ userId: user.id, keyId: key.id, toolsetId: through.id, mode: null });
      expect((await store.resolveApiKey(hash))?.toolset).toEqual(through);

      expect(await code(store.createToolset({ userId: user.id, ...spec({ name: 'Two', passThrough: true, excludeDestructive: false }) }))).toBe('INVALID_INPUT');
      expect(await code(store.createToolset({ userId: user.id, ...spec({ name: 'NoDestr', ...whole, excludeDestructive: true, passThrough: true }) }))).toBe('INVALID_INPUT');
      expect(await code(store.createToolset({ userId: user.id, ...spec({ name: 'Prog', ...whole, mode: 'progressive', passThrough: true }) }))).toBe('INVALID_INPUT');
      // Checked as the toolset will be: each change alone is well-formed, the result is not.
      expect(await code(store.updateToolset({ userId: user.id, id: through.id, mode: 'progressive' }))).toBe('INVALID_INPUT');
      expect(await code(store.updateToolset({ userId: user.id, id: plain.id, passThrough: true }))).toBe('INVALID_INPUT');
      expect(await store.getToolset(user.id, through.id)).toEqual(through);
      const off = await store.updateToolset({ userId: user.id, id: through.id, passThrough: false, mode: 'progressive' });
      expect(off).toMatchObject({ passThrough: false, mode: 'progressive' });
      expect((await store.updateToolset({ userId: user.id, id: through.id, mode: 'flat', passThrough: true }))?.passThrough).toBe(true);
    }));

    it('creates and binds keys to a toolset with a mode override; the key resolves with its toolset', withStore(async ({ store }) => {
      const { user, key, hash } = await userWithKey(store, 'ada@example.com');
      expect(key).toMatchObject({ toolsetId: null, mode: null });
      expect((await store.resolveApiKey(hash))?.toolset).toBeNull();
      const toolset = await store.createToolset({ userId: user.id, ...spec() });
      const bound = await store.bindApiKey({ userId: user.id, keyId: key.id, toolsetId: toolset.id, mode: 'progressive' });
      expect(bound).toMatchObject({ id: key.id, toolsetId: toolset.id, mode: 'progressive' });
      const resolved = await store.resolveApiKey(hash);
      expect(resolved?.key).toMatchObject({ toolsetId: toolset.id, mode: 'progressive' });
      expect(resolved?.toolset).toEqual(toolset);
      expect((await store.listApiKeys(user.id))[0]).toMatchObject({ toolsetId: toolset.id, mode: 'progressive' });

      const generated = generateApiKey();
      const second = await store.createApiKey({ userId: user.id, name: 'bound', hash: generated.hash, prefix: generated.prefix, toolsetId: toolset.id, mode: 'flat' });
      expect(second).toMatchObject({ toolsetId: toolset.id, mode: 'flat' });
      expect((await store.resolveApiKey(generated.hash))?.toolset?.id).toBe(toolset.id);

      expect(await store.bindApiKey({ userId: user.id, keyId: key.id, toolsetId: null, mode: null })).toMatchObject({ toolsetId: null, mode: null });
      expect((await store.resolveApiKey(hash))?.toolset).toBeNull();
      await store.revokeApiKey({ id: key.id });
      expect(await code(store.bindApiKey({ userId: user.id, keyId: key.id, toolsetId: toolset.id, mode: null }))).toBe('INVALID_INPUT');
    }));

    it('refuses to delete a toolset an active key is bound to, naming the key; revoked keys bound to it are unbound', withStore(async ({ store }) => {
      const { user, key } = await userWithKey(store, 'ada@example.com');
      const toolset = await store.createToolset({ userId: user.id, ...spec() });
      await store.bindApiKey({ userId: user.id, keyId: key.id, toolsetId: toolset.id, mode: null });
      let refusal: unknown;
      await store.deleteToolset({ userId: user.id, id: toolset.id }).catch((error: unknown) => (refusal = error));
      expect(refusal).toBeInstanceOf(StoreError);
      expect((refusal as StoreError).code).toBe('TOOLSET_IN_USE');
      expect((refusal as StoreError).message).toContain(key.id);
      expect(await store.getToolset(user.id, toolset.id)).not.toBeNull();
      await store.revokeApiKey({ id: key.id });
      expect(await store.deleteToolset({ userId: user.id, id: toolset.id })).toBe(true);
      expect((await store.listApiKeys(user.id))[0]?.toolsetId).toBeNull();
    }));

    it("delivers every toolset write and key binding as a 'toolset' change of its user", withStore(async ({ store }) => {
      const { user, key } = await userWithKey(store, 'ada@example.com');
      const seen: StoreChange[] = [];
      const unwatch = store.watch((change) => seen.push(change));
      try {
        const toolset = await store.createToolset({ userId: user.id, ...spec() });
        await store.updateToolset({ userId: user.id, id: toolset.id, mode: 'progressive' });
        await store.bindApiKey({ userId: user.id, keyId: key.id, toolsetId: toolset.id, mode: null });
        await store.bindApiKey({ userId: user.id, keyId: key.id, toolsetId: null, mode: null });
        await store.deleteToolset({ userId: user.id, id: toolset.id });
        await waitUntil(() => seen.filter((c) => c.kind === 'toolset').length >= 5, 3_000, 'five toolset changes');
        expect(seen.filter((c) => c.kind === 'toolset')).toEqual(Array.from({ length: 5 }, () => ({ kind: 'toolset', userId: user.id })));
      } finally {
        unwatch();
      }
    }));

    it('deleting a user deletes their toolsets', withStore(async ({ store }) => {
      const { user } = await userWithKey(store, 'ada@example.com');
      const toolset = await store.createToolset({ userId: user.id, ...spec() });
      expect(await store.deleteUser({ userId: user.id })).toBe(true);
      expect(await store.getToolset(user.id, toolset.id)).toBeNull();
      expect(await store.listToolsets(user.id)).toEqual([]);
    }));
  });
}
