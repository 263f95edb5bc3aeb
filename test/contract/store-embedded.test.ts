/** The Store contract on the embedded SQLite adapter, plus what only a file-backed store can show. */
import { Database } from 'bun:sqlite';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import { MIGRATIONS } from '../../lib/store/embedded/migrations.ts';
import type { StoreChange, UsageEvent } from '../../lib/store/port.ts';
import { runStoreContract, waitFor } from './store-contract.ts';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mcphub-store-'));
}

runStoreContract('embedded', async (now) => {
  const dir = tempDir();
  const store = openEmbeddedStore({ dataDir: dir, now, pollIntervalMs: 50 });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('embedded store on disk', () => {
  it('sees changes another store instance (another process) makes to the same file', async () => {
    const dir = tempDir();
    const hub = openEmbeddedStore({ dataDir: dir, pollIntervalMs: 50 });
    const cli = openEmbeddedStore({ dataDir: dir, pollIntervalMs: 50 });
    try {
      const seen: StoreChange[] = [];
      hub.watch((change) => seen.push(change));
      const user = await cli.createUser({ email: 'ada@example.com' });
      const generated = generateApiKey();
      const key = await cli.createApiKey({ userId: user.id, name: 'k', hash: generated.hash, prefix: generated.prefix });
      expect(await hub.resolveApiKey(generated.hash)).not.toBeNull();
      await cli.revokeApiKey({ id: key.id });
      await waitFor(() => (seen.filter((c) => c.kind === 'key').length === 2 ? true : undefined));
      expect(await hub.resolveApiKey(generated.hash)).toBeNull();
    } finally {
      await hub.close();
      await cli.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens a new file from several processes at once: each one migrates it or finds it migrated, none fails', async () => {
    const storeModule = resolve(import.meta.dirname, '../../lib/store/embedded/index.ts');
    const script = `const { openEmbeddedStore } = await import(${JSON.stringify(storeModule)}); await openEmbeddedStore({ dataDir: process.argv.at(-1) }).close();`;
    for (let round = 0; round < 3; round++) {
      const dir = tempDir();
      try {
        const opened = await Promise.allSettled(Array.from({ length: 4 }, () => promisify(execFile)(process.execPath, ['-e', script, dir])));
        expect(opened.map((result) => (result.status === 'fulfilled' ? 'ok' : String((result.reason as { stderr?: string }).stderr ?? result.reason)))).toEqual(['ok', 'ok', 'ok', 'ok']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('refuses a nonce claimed before a reopen (a restarted hub), and prunes expired ones as it claims', async () => {
    const dir = tempDir();
    let now = 1_000;
    try {
      const first = openEmbeddedStore({ dataDir: dir, now: () => now });
      expect(await first.claimNonce({ nonce: 'n1', expiresAt: 61_000 })).toBe(true);
      expect(await first.claimNonce({ nonce: 'n2', expiresAt: 2_000 })).toBe(true);
      await first.close();
      const second = openEmbeddedStore({ dataDir: dir, now: () => now });
      expect(await second.claimNonce({ nonce: 'n1', expiresAt: 61_000 })).toBe(false);
      now = 3_000;
      expect(await second.claimNonce({ nonce: 'n3', expiresAt: 63_000 })).toBe(true);
      await second.close();
      const db = new Database(join(dir, 'hub.db'), { readonly: true });
      expect(db.query<{ nonce: string }, []>('SELECT nonce FROM nonces ORDER BY nonce').all().map((row) => row.nonce)).toEqual(['n1', 'n3']);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('commits each usage event before its recordUsage settles when many share one transaction, and close commits any still waiting', async () => {
    const dir = tempDir();
    const store = openEmbeddedStore({ dataDir: dir });
    // Another connection on the same file, as the CLI or a restarted hub would read it.
    const reader = new Database(join(dir, 'hub.db'), { readonly: true });
    const stored = (id: string) => reader.query<{ n: number }, [string]>('SELECT count(*) AS n FROM usage_events WHERE id = ?').get(id)!.n === 1;
    const usage = (id: string): UsageEvent => ({ id, userId: 'usr_1', keyId: 'key_1', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 3, upstreamMs: 2, bytesIn: 2, bytesOut: 10, at: 1_000 });
    try {
      const ids = Array.from({ length: 40 }, (_, i) => `evt_group_${i}`);
      const storedAtSettle = await Promise.all(ids.map((id) => store.recordUsage(usage(id)).then(() => stored(id))));
      expect(storedAtSettle.every(Boolean)).toBe(true);
      void store.recordUsage(usage('evt_at_close'));
      await store.close();
      expect(stored('evt_at_close')).toBe(true);
    } finally {
      reader.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checkpoints its WAL on a timer, not inside the commits of the calls that fill it', async () => {
    const dir = tempDir();
    const store = openEmbeddedStore({ dataDir: dir });
    const usage = (id: string): UsageEvent => ({ id, userId: 'usr_1', keyId: 'key_1', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 3, upstreamMs: 2, bytesIn: 2, bytesOut: 10, at: 1_000 });
    const size = (name: string) => statSync(join(dir, name)).size;
    try {
      const before = size('hub.db');
      // One event per commit, as one caller writes them: ~5 WAL pages each, past SQLite's default 1,000-page automatic checkpoint.
      for (let i = 0; i < 300; i++) await store.recordUsage(usage(`evt_wal_${i}`));
      expect(size('hub.db-wal')).toBeGreaterThan(1_000 * 4096);
      expect(size('hub.db')).toBe(before);
      // The timer's checkpoint copies the pages into the database file.
      await waitFor(() => size('hub.db') > before, 5_000);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps its database file readable by its owner only', async () => {
    const dir = tempDir();
    const store = openEmbeddedStore({ dataDir: dir });
    try {
      expect(statSync(join(dir, 'hub.db')).mode & 0o777).toBe(0o600);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('upgrades a file from before connection status: its connections read with no account and no attention', async () => {
    const dir = tempDir();
    try {
      const old = new Database(join(dir, 'hub.db'), { create: true, strict: true });
      MIGRATIONS.slice(0, 5).forEach((sql) => old.exec(sql));
      old.exec("PRAGMA user_version = 5; INSERT INTO users (id, email, created_at) VALUES ('usr_old', 'ada@example.com', 1)");
      old.exec("INSERT INTO connections (user_id, slug, enabled, sealed_credential, created_at, updated_at) VALUES ('usr_old', 'github', 1, 'v1.old', 1, 1)");
      old.close();
      const store = openEmbeddedStore({ dataDir: dir });
      expect(await store.listConnections('usr_old')).toEqual([expect.objectContaining({ slug: 'github', sealedCredential: 'v1.old', account: null, attention: null })]);
      expect(await store.markConnectionAttention({ userId: 'usr_old', slug: 'github', kind: 'needs_reconnect', reason: 'GitHub rejected the token.', at: 2 })).toBe(true);
      expect((await store.listConnections('usr_old'))[0]?.attention).toEqual({ kind: 'needs_reconnect', reason: 'GitHub rejected the token.', at: 2 });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('upgrades a file from before plans: its users read as on the free plan, and can be put on another', async () => {
    const dir = tempDir();
    try {
      const old = new Database(join(dir, 'hub.db'), { create: true, strict: true });
      MIGRATIONS.slice(0, 8).forEach((sql) => old.exec(sql));
      old.exec("PRAGMA user_version = 8; INSERT INTO users (id, email, created_at) VALUES ('usr_old', 'ada@example.com', 1)");
      old.close();
      const store = openEmbeddedStore({ dataDir: dir });
      expect((await store.getUser('usr_old'))?.plan).toBe('free');
      expect((await store.setUserPlan({ userId: 'usr_old', plan: 'team' })).plan).toBe('team');
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps its data, schema version and events across a reopen', async () => {
    const dir = tempDir();
    try {
      const first = openEmbeddedStore({ dataDir: dir });
      const user = await first.createUser({ email: 'ada@example.com' });
      await first.recordUsage({ id: 'evt_1', userId: user.id, keyId: 'k', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 1, upstreamMs: 1, bytesIn: 0, bytesOut: 0, at: 5 });
      await first.close();
      const second = openEmbeddedStore({ dataDir: dir });
      expect((await second.listUsers()).map((u) => u.email)).toEqual(['ada@example.com']);
      expect(await second.listUsage({ userId: user.id })).toHaveLength(1);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
