/**
 * What the OAuth contract cannot show through one store: a lease is shared by
 * every store on the same embedded file (separate processes racing for it
 * included) and on the same Convex deployment; expired flows, links and
 * leases are pruned from the tables as new ones are written; and Convex's
 * OAuth functions refuse a caller without the hub secret.
 */
import { Database } from 'bun:sqlite';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { api } from '../../convex/_generated/api';
import { convexHttpCaller, openConvexStore } from '../../lib/store/convex/index.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { Store } from '../../lib/store/port.ts';
import { CONVEX_SECRET, convexBackend, startConvexBackend } from '../helpers/convex-backend.ts';

const T = Date.UTC(2026, 10, 1, 12);
const LEASE = 'oauth-refresh:usr_1:github';
const hash = () => createHash('sha256').update(randomBytes(32)).digest('hex');

/** Seeds one expired and one live flow, link and lease, then writes one more of each at T: the expired ones must be gone. */
async function seedAndWriteAgain(store: Store): Promise<void> {
  const ada = await store.createUser({ email: 'ada@example.com' });
  const state = (expiresAt: number) => ({ hash: hash(), userId: ada.id, sessionId: 'ses_1', slug: 'github', sealedVerifier: 'v1.a.b.c', redirectUri: 'https://hub/oauth/github/callback', scopes: [], expiresAt });
  const link = (expiresAt: number) => ({ hash: hash(), userId: ada.id, slug: 'github', expiresAt });
  for (const expiresAt of [T - 1, T + 60_000]) {
    await store.createOAuthState(state(expiresAt));
    await store.createConnectLink(link(expiresAt));
  }
  await store.acquireLease({ name: 'oauth-refresh:usr_1:expired', holder: 'a', ttlMs: 1_000, now: T - 1_000 });
  await store.acquireLease({ name: 'oauth-refresh:usr_1:live', holder: 'a', ttlMs: 60_000, now: T });
  await store.createOAuthState(state(T + 60_000));
  await store.createConnectLink(link(T + 60_000));
  await store.acquireLease({ name: LEASE, holder: 'a', ttlMs: 60_000, now: T });
}

describe('oauth on the embedded store', () => {
  const withDir = async (test: (dir: string) => Promise<void>) => {
    const dir = mkdtempSync(join(tmpdir(), 'mcphub-oauth-'));
    try {
      await test(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('shares a lease between two stores on one file: one holds it, the other takes it over once it expires', () => withDir(async (dir) => {
    const hubA = openEmbeddedStore({ dataDir: dir });
    const hubB = openEmbeddedStore({ dataDir: dir });
    try {
      const acquired = await Promise.all([hubA, hubB].map((store, i) => store.acquireLease({ name: LEASE, holder: `hub-${i}`, ttlMs: 30_000, now: T })));
      expect(acquired.filter(Boolean)).toHaveLength(1);
      const loser = acquired[0] ? hubB : hubA;
      expect(await loser.acquireLease({ name: LEASE, holder: 'hub-late', ttlMs: 30_000, now: T + 29_999 })).toBe(false);
      expect(await loser.acquireLease({ name: LEASE, holder: 'hub-late', ttlMs: 30_000, now: T + 30_000 })).toBe(true);
    } finally {
      await hubA.close();
      await hubB.close();
    }
  }));

  it('gives a lease to exactly one of four processes racing for it on one file', () => withDir(async (dir) => {
    await openEmbeddedStore({ dataDir: dir }).close();
    const storeModule = resolve(import.meta.dirname, '../../lib/store/embedded/index.ts');
    const script = `const { openEmbeddedStore } = await import(${JSON.stringify(storeModule)});
      const store = openEmbeddedStore({ dataDir: process.argv.at(-2) });
      process.stdout.write(String(await store.acquireLease({ name: ${JSON.stringify(LEASE)}, holder: process.argv.at(-1), ttlMs: 60_000, now: ${T} })));
      await store.close();`;
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => promisify(execFile)(process.execPath, ['-e', script, dir, `proc-${i}`], { timeout: 30_000 })));
    expect(results.map((r) => r.stdout).sort()).toEqual(['false', 'false', 'false', 'true']);
  }));

  it('prunes expired flows, links and leases as new ones are written', () => withDir(async (dir) => {
    const store = openEmbeddedStore({ dataDir: dir, now: () => T });
    try {
      await seedAndWriteAgain(store);
    } finally {
      await store.close();
    }
    const db = new Database(join(dir, 'hub.db'), { readonly: true });
    try {
      const expired = (table: string) => db.query<{ n: number }, [number]>(`SELECT count(*) AS n FROM ${table} WHERE expires_at <= ?`).get(T)!.n;
      const all = (table: string) => db.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
      expect(['oauth_states', 'connect_links', 'leases'].map((table) => [expired(table), all(table)])).toEqual([[0, 2], [0, 2], [0, 2]]);
    } finally {
      db.close();
    }
  }));
});

describe('oauth on Convex', () => {
  it('shares a lease between two hubs on one deployment over HTTP: exactly one of them holds it', async () => {
    const backend = await startConvexBackend();
    const hubs = [0, 1].map(() => openConvexStore({ caller: convexHttpCaller(backend.url), secret: CONVEX_SECRET }));
    try {
      const acquired = await Promise.all(hubs.flatMap((store, i) => [0, 1, 2].map((j) => store.acquireLease({ name: LEASE, holder: `hub-${i}-${j}`, ttlMs: 30_000, now: T }))));
      expect(acquired.filter(Boolean)).toHaveLength(1);
      expect(await hubs[1]!.acquireLease({ name: LEASE, holder: 'hub-late', ttlMs: 30_000, now: T + 30_000 })).toBe(true);
    } finally {
      await Promise.all(hubs.map((store) => store.close()));
      await backend.close();
    }
  });

  it('prunes expired flows, links and leases as new ones are written', async () => {
    const t = convexBackend();
    const store = openConvexStore({ caller: t, secret: CONVEX_SECRET, now: () => T });
    try {
      await seedAndWriteAgain(store);
    } finally {
      await store.close();
    }
    const counts = await t.run(async (ctx) => Promise.all((['oauthStates', 'connectLinks', 'leases'] as const).map(async (table) => {
      const docs = await ctx.db.query(table).collect();
      return [docs.filter((d) => d.expiresAt <= T).length, docs.length];
    })));
    expect(counts).toEqual([[0, 2], [0, 2], [0, 2]]);
  });

  it('refuses every OAuth function to a caller without the hub secret (a state, a lease or a sealed credential is never one call away)', async () => {
    const t = convexBackend();
    const wrong = { secret: 'wrong' };
    await expect(t.mutation(api.oauth.consumeState, { ...wrong, hash: hash(), now: T })).rejects.toThrow(/hub secret/);
    await expect(t.mutation(api.oauth.createState, { ...wrong, hash: hash(), userId: 'usr_x', sessionId: 's', slug: 'github', sealedVerifier: 'v', redirectUri: 'r', scopes: [], expiresAt: T, now: T })).rejects.toThrow(/hub secret/);
    await expect(t.mutation(api.oauth.consumeLink, { ...wrong, hash: hash(), userId: 'usr_x', now: T })).rejects.toThrow(/hub secret/);
    await expect(t.mutation(api.oauth.createLink, { ...wrong, hash: hash(), userId: 'usr_x', slug: 'github', expiresAt: T, now: T })).rejects.toThrow(/hub secret/);
    await expect(t.mutation(api.oauth.acquireLease, { ...wrong, name: LEASE, holder: 'a', ttlMs: 1_000, now: T })).rejects.toThrow(/hub secret/);
    await expect(t.mutation(api.oauth.releaseLease, { ...wrong, name: LEASE, holder: 'a' })).rejects.toThrow(/hub secret/);
    await expect(t.query(api.oauth.renewalPage, { ...wrong, slugs: ['github'], limit: 10 })).rejects.toThrow(/hub secret/);
  });
});
