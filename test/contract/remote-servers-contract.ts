/**
 * The remote-MCP-server part of the Store contract (lib/store/remote-servers.ts),
 * run by `runStoreContract` on every adapter: a user's servers and everyone's
 * are what that user sees (and what their key resolves to), slugs never clash
 * among them, only the owner changes or removes a server, a check keeps the
 * tools as reported (schemas with `$schema` keys included) and is a change
 * only when something changed, everyone's server is every user's change, and
 * a deleted user's servers go with them.
 */
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import type { StoreChange } from '../../lib/store/port.ts';
import type { RemoteTool } from '../../lib/store/remote-servers.ts';
import type { WithStore } from './accounts-contract.ts';
import { waitUntil } from '../helpers/wait.ts';

const T = Date.UTC(2026, 10, 1, 12);
const server = (ownerId: string | null, slug: string) => ({ ownerId, slug, url: `https://${slug}.example.com/mcp`, credentialKind: 'bearer' as const, sealedCredential: 'v1.n.b.t', actor: 'test' });
const TOOLS: RemoteTool[] = [
  { name: 'search.docs', wireTool: 'search_docs_1a2b', description: 'Search', inputSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { q: { type: 'string' } } }, annotations: { readOnlyHint: true } },
];

export function describeRemoteServers(withStore: WithStore): void {
  describe('remote MCP servers', () => {
    it('shows a user their own servers and everyone\'s, by slug, and resolves their key with them', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const acme = await store.createRemoteServer(server(ada.id, 'acme'));
      expect(acme).toMatchObject({ ownerId: ada.id, slug: 'acme', url: 'https://acme.example.com/mcp', credentialKind: 'bearer', sealedCredential: 'v1.n.b.t', protocol: null, tools: [], status: 'pending', statusReason: null, checkedAt: null, createdAt: T, updatedAt: T });
      expect(acme.id).toMatch(/^rms_/);
      await store.createRemoteServer(server(null, 'company'));
      await store.createRemoteServer(server(bob.id, 'bobs'));
      expect((await store.listRemoteServers(ada.id)).map((s) => s.slug)).toEqual(['acme', 'company']);
      expect((await store.listRemoteServers(bob.id)).map((s) => s.slug)).toEqual(['bobs', 'company']);
      expect(await store.getRemoteServer(acme.id)).toEqual(acme);
      expect(await store.getRemoteServer('rms_missing')).toBeNull();
      const key = generateApiKey();
      await store.createApiKey({ userId: ada.id, name: 'k', hash: key.hash, prefix: key.prefix });
      expect((await store.resolveApiKey(key.hash))?.remoteServers.map((s) => s.slug)).toEqual(['acme', 'company']);
    }));

    it('refuses a slug already among what the owner sees (everyone\'s: anyone\'s), an invalid slug or kind, and a missing owner', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      await store.createRemoteServer(server(ada.id, 'acme'));
      await store.createRemoteServer(server(null, 'company'));
      const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);
      expect(await code(store.createRemoteServer(server(ada.id, 'acme')))).toBe('SLUG_TAKEN');
      expect(await code(store.createRemoteServer(server(bob.id, 'company')))).toBe('SLUG_TAKEN');
      expect(await code(store.createRemoteServer(server(null, 'acme')))).toBe('SLUG_TAKEN');
      expect(await code(store.createRemoteServer(server(bob.id, 'acme')))).toBe('ok');
      expect(await code(store.createRemoteServer(server(ada.id, 'Bad Slug')))).toBe('INVALID_INPUT');
      // Refused before the store on Convex (its argument validator), by the store on the embedded adapter.
      expect(await code(store.createRemoteServer({ ...server(ada.id, 'kinds'), credentialKind: 'password' as 'none' }))).not.toBe('ok');
      expect(await code(store.createRemoteServer(server('usr_missing', 'ghost')))).toBe('USER_NOT_FOUND');
    }));

    it('keeps what a check found, and makes it a change only when the tools or the status changed', withStore(async ({ store, setNow }) => {
      setNow(T);
      const ada = await store.createUser({ email: 'ada@example.com' });
      const acme = await store.createRemoteServer(server(ada.id, 'acme'));
      const seen: StoreChange[] = [];
      store.watch((change) => seen.push(change));
      const checked = await store.recordRemoteServerCheck({ id: acme.id, status: 'ok', statusReason: null, protocol: '2026-07-28', tools: TOOLS, checkedAt: T + 1 });
      expect(checked).toMatchObject({ status: 'ok', protocol: '2026-07-28', tools: TOOLS, checkedAt: T + 1 });
      await waitUntil(() => seen.some((c) => c.kind === 'connection'), 2_000, 'the change of a first check');
      const before = seen.length;
      await store.recordRemoteServerCheck({ id: acme.id, status: 'ok', statusReason: null, tools: TOOLS, checkedAt: T + 2 });
      const failed = await store.recordRemoteServerCheck({ id: acme.id, status: 'error', statusReason: 'acme did not answer', checkedAt: T + 3 });
      // A failed check keeps the tools and protocol it last found.
      expect(failed).toMatchObject({ status: 'error', statusReason: 'acme did not answer', protocol: '2026-07-28', tools: TOOLS });
      await waitUntil(() => seen.length > before, 2_000, 'the change of a status change');
      expect(seen.slice(before)).toEqual([{ kind: 'connection', userId: ada.id }]);
      expect(await store.recordRemoteServerCheck({ id: 'rms_missing', status: 'ok', statusReason: null, checkedAt: T })).toBeNull();
    }));

    it('lets only the owner replace the credential or remove a server; everyone\'s only as everyone\'s', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const acme = await store.createRemoteServer(server(ada.id, 'acme'));
      const company = await store.createRemoteServer(server(null, 'company'));
      expect(await store.updateRemoteServerCredential({ id: acme.id, ownerId: bob.id, credentialKind: 'none', sealedCredential: 'v1.x' })).toBeNull();
      expect(await store.updateRemoteServerCredential({ id: acme.id, ownerId: ada.id, credentialKind: 'headers', sealedCredential: 'v1.new' })).toMatchObject({ credentialKind: 'headers', sealedCredential: 'v1.new' });
      expect(await store.removeRemoteServer({ id: acme.id, ownerId: bob.id })).toBe(false);
      expect(await store.removeRemoteServer({ id: company.id, ownerId: ada.id })).toBe(false);
      expect(await store.removeRemoteServer({ id: acme.id, ownerId: ada.id })).toBe(true);
      expect(await store.removeRemoteServer({ id: company.id, ownerId: null })).toBe(true);
      expect(await store.listRemoteServers(ada.id)).toEqual([]);
    }));

    it('tells every user\'s watchers about a change to everyone\'s server', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const seen: StoreChange[] = [];
      store.watch((change) => seen.push(change));
      await store.createRemoteServer(server(null, 'company'));
      await waitUntil(() => seen.length >= 2, 2_000, 'a change for each user');
      expect(seen).toEqual(expect.arrayContaining([{ kind: 'connection', userId: ada.id }, { kind: 'connection', userId: bob.id }]));
    }));

    it('removes a deleted user\'s servers and leaves everyone\'s', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const acme = await store.createRemoteServer(server(ada.id, 'acme'));
      await store.createRemoteServer(server(null, 'company'));
      await store.deleteUser({ userId: ada.id });
      expect(await store.getRemoteServer(acme.id)).toBeNull();
      expect((await store.listRemoteServers(bob.id)).map((s) => s.slug)).toEqual(['company']);
    }));
  });
}
