/**
 * What the accounts contract cannot show through the port: on stores that
 * held users before accounts existed, the embedded migration 4 and Convex's
 * role backfill give the only user of a hub the admin role and leave several
 * users members (old users read as having no password and no Clerk link);
 * and Convex's accounts functions refuse a caller without the hub secret.
 */
import { Database } from 'bun:sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, internal } from '../../convex/_generated/api';
import { MIGRATIONS } from '../../lib/store/embedded/migrations.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import { CONVEX_SECRET, convexBackend } from '../helpers/convex-backend.ts';

/** A data dir whose hub.db stopped at migration 3 (before accounts), holding these users. */
function dataDirBeforeAccounts(emails: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcphub-premigration-'));
  const db = new Database(join(dir, 'hub.db'), { create: true });
  for (const sql of MIGRATIONS.slice(0, 3)) db.exec(sql);
  db.exec('PRAGMA user_version = 3');
  emails.forEach((email, i) => db.query('INSERT INTO users (id, email, name, created_at) VALUES (?, ?, NULL, ?)').run(`usr_old${i}`, email, i));
  db.close();
  return dir;
}

describe('accounts on a store with users from before', () => {
  it('embedded migration 4: the only user becomes admin, without a password or Clerk link', async () => {
    const dir = dataDirBeforeAccounts(['ada@example.com']);
    const store = openEmbeddedStore({ dataDir: dir });
    try {
      expect(await store.listUsers()).toEqual([{ id: 'usr_old0', email: 'ada@example.com', name: null, role: 'admin', hasPassword: false, clerkUserId: null, plan: 'free', createdAt: 0 }]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('embedded migration 4: several users all stay members', async () => {
    const dir = dataDirBeforeAccounts(['ada@example.com', 'bob@example.com']);
    const store = openEmbeddedStore({ dataDir: dir });
    try {
      expect((await store.listUsers()).map((u) => u.role)).toEqual(['member', 'member']);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Convex: users stored before read as members without sign-in until accounts:backfillRoles gives the only one admin', async () => {
    for (const [emails, roles] of [[['ada@example.com'], ['admin']], [['ada@example.com', 'bob@example.com'], ['member', 'member']]] as const) {
      const t = convexBackend();
      await t.run(async (ctx) => {
        for (const [i, email] of emails.entries()) await ctx.db.insert('users', { id: `usr_old${i}`, email, name: null, createdAt: i });
      });
      expect((await t.query(api.users.list, { secret: CONVEX_SECRET })).map((u) => [u.role, u.hasPassword, u.clerkUserId])).toEqual(emails.map(() => ['member', false, null]));
      expect(await t.mutation(internal.accounts.backfillRoles, {})).toBe(emails.length);
      expect(await t.mutation(internal.accounts.backfillRoles, {})).toBe(0);
      expect((await t.query(api.users.list, { secret: CONVEX_SECRET })).map((u) => u.role)).toEqual(roles);
    }
  });

  it('Convex: every accounts function refuses a caller without the hub secret (a password hash or a token is never one call away)', async () => {
    const t = convexBackend();
    const wrong = { secret: 'wrong' };
    await expect(t.query(api.accounts.signInUser, { ...wrong, email: 'ada@example.com' })).rejects.toThrow(/hub secret/);
    await expect(t.query(api.sessions.resolve, { ...wrong, tokenHash: 'x', now: 1 })).rejects.toThrow(/hub secret/);
    await expect(t.mutation(api.sessions.consumeToken, { ...wrong, tokenHash: 'x', kind: 'setup', now: 1 })).rejects.toThrow(/hub secret/);
    await expect(t.mutation(api.sessions.createToken, { ...wrong, purpose: { kind: 'setup' }, tokenHash: 'x', expiresAt: 2, now: 1 })).rejects.toThrow(/hub secret/);
    await expect(t.mutation(api.accounts.remove, { ...wrong, userId: 'usr_x', now: 1 })).rejects.toThrow(/hub secret/);
  });
});
