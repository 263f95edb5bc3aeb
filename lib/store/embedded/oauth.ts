/**
 * The OAuth half of the embedded Store (lib/store/oauth.ts): started flows,
 * connect links and leases in SQLite. Every take is one statement (DELETE …
 * RETURNING, or an upsert whose WHERE decides), so of two processes on the
 * same file racing for a record or a lease, SQLite's write lock lets exactly
 * one win. Expired rows are pruned as new ones are written.
 */
import type { Database } from 'bun:sqlite';
import { connectLinkProblem, leaseProblem, oauthStateProblem, renewalPageProblem, type ConnectLinkRecord, type OAuthPurpose, type OAuthStateRecord, type OAuthStore } from '../oauth.ts';
import { StoreError } from '../port.ts';
import { toConnection, type ConnectionRow } from './rows.ts';

interface StateRow { user_id: string; session_id: string; slug: string; sealed_verifier: string; redirect_uri: string; scopes: string; purpose: OAuthPurpose; return_to: string | null; created_at: number; expires_at: number }
interface LinkRow { user_id: string; slug: string; created_at: number; expires_at: number }

const toState = (r: StateRow): OAuthStateRecord => ({
  userId: r.user_id, sessionId: r.session_id, slug: r.slug, sealedVerifier: r.sealed_verifier, redirectUri: r.redirect_uri,
  scopes: JSON.parse(r.scopes) as string[], purpose: r.purpose, returnTo: r.return_to, createdAt: r.created_at, expiresAt: r.expires_at,
});
const toLink = (r: LinkRow): ConnectLinkRecord => ({ userId: r.user_id, slug: r.slug, createdAt: r.created_at, expiresAt: r.expires_at });

/** A renewal page's cursor: the last (user, slug) it returned, in the primary key's order. */
const encodeCursor = (row: ConnectionRow) => Buffer.from(JSON.stringify([row.user_id, row.slug])).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string')) return key as [string, string];
  } catch {
    // Not JSON: refused below.
  }
  throw new StoreError('INVALID_INPUT', 'the cursor must be one a previous renewal page returned');
}

export function embeddedOAuth({ db, now }: { db: Database; now: () => number }): OAuthStore {
  const refuseInvalid = (problem: string | null) => {
    if (problem) throw new StoreError('INVALID_INPUT', problem);
  };
  const requireUser = (userId: string) => {
    if (!db.query('SELECT 1 FROM users WHERE id = ?').get(userId)) throw new StoreError('USER_NOT_FOUND', `no user with id ${userId}`);
  };

  return {
    async createOAuthState(input) {
      refuseInvalid(oauthStateProblem(input));
      requireUser(input.userId);
      const record: OAuthStateRecord = {
        userId: input.userId, sessionId: input.sessionId, slug: input.slug, sealedVerifier: input.sealedVerifier, redirectUri: input.redirectUri,
        scopes: [...input.scopes], purpose: input.purpose ?? 'connect', returnTo: input.returnTo ?? null, createdAt: now(), expiresAt: input.expiresAt,
      };
      db.transaction(() => {
        db.query('DELETE FROM oauth_states WHERE expires_at <= ?').run(record.createdAt);
        db.query('INSERT INTO oauth_states (hash, user_id, session_id, slug, sealed_verifier, redirect_uri, scopes, purpose, return_to, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(input.hash, record.userId, record.sessionId, record.slug, record.sealedVerifier, record.redirectUri, JSON.stringify(record.scopes), record.purpose, record.returnTo, record.createdAt, record.expiresAt);
      }).immediate();
      return record;
    },

    async consumeOAuthState(hash, at) {
      // Deleted whether or not it has expired: an expired state is of no use to anyone.
      const row = db.query<StateRow, [string]>('DELETE FROM oauth_states WHERE hash = ? RETURNING *').get(hash);
      return row && row.expires_at > at ? toState(row) : null;
    },

    async createConnectLink(input) {
      refuseInvalid(connectLinkProblem(input));
      requireUser(input.userId);
      const link: ConnectLinkRecord = { userId: input.userId, slug: input.slug, createdAt: now(), expiresAt: input.expiresAt };
      db.transaction(() => {
        db.query('DELETE FROM connect_links WHERE expires_at <= ?').run(link.createdAt);
        db.query('INSERT INTO connect_links (hash, user_id, slug, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(input.hash, link.userId, link.slug, link.createdAt, link.expiresAt);
      }).immediate();
      return link;
    },

    async consumeConnectLink(hash, userId, at) {
      // The owner's link goes (used or expired); another user's only when it has expired anyway.
      const row = db.query<LinkRow, [string, string, number]>('DELETE FROM connect_links WHERE hash = ? AND (user_id = ? OR expires_at <= ?) RETURNING *').get(hash, userId, at);
      return row && row.user_id === userId && row.expires_at > at ? toLink(row) : null;
    },

    async acquireLease({ name, holder, ttlMs, now: at }) {
      refuseInvalid(leaseProblem({ name, holder, ttlMs }));
      return db.transaction(() => {
        db.query('DELETE FROM leases WHERE expires_at <= ? AND name <> ?').run(at, name);
        // The upsert's WHERE is the decision: a running lease of another holder updates nothing.
        return db.query('INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at WHERE leases.holder = excluded.holder OR leases.expires_at <= ?')
          .run(name, holder, at + ttlMs, at).changes === 1;
      }).immediate();
    },

    async releaseLease({ name, holder }) {
      refuseInvalid(leaseProblem({ name, holder }));
      return db.query('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder).changes === 1;
    },

    async listConnectionsForRenewal(input) {
      refuseInvalid(renewalPageProblem(input));
      const [afterUser, afterSlug] = input.cursor ? decodeCursor(input.cursor) : ['', ''];
      const slugs = input.slugs.map(() => '?').join(', ');
      // Walks the primary key (user_id, slug) from the cursor on.
      const rows = db.query<ConnectionRow, (string | number)[]>(
        `SELECT * FROM connections WHERE enabled = 1 AND slug IN (${slugs}) AND (user_id, slug) > (?, ?) ORDER BY user_id, slug LIMIT ?`,
      ).all(...input.slugs, afterUser, afterSlug, input.limit);
      return { connections: rows.map(toConnection), cursor: rows.length === input.limit ? encodeCursor(rows.at(-1)!) : null };
    },
  };
}
