/**
 * The accounts half of the embedded Store (lib/store/accounts.ts): users'
 * sign-in data, sessions and one-time tokens in SQLite. EmbeddedStore
 * delegates to this, handing over its database, clock and the transaction
 * helper that writes the change feed.
 */
import type { Database } from 'bun:sqlite';
import type { AccountStore, OneTimeToken, OneTimeTokenKind, OneTimeTokenPurpose, SessionRecord } from '../accounts.ts';
import { newId } from '../ids.ts';
import { StoreError, type Role, type UserChange } from '../port.ts';
import { toUser, type UserRow } from './rows.ts';

interface SessionRow { id: string; user_id: string; user_agent: string | null; created_at: number; last_seen_at: number; expires_at: number }
interface TokenRow { id: string; kind: OneTimeTokenKind; email: string | null; role: Role | null; user_id: string | null; created_at: number; expires_at: number }

const toSession = (r: SessionRow): SessionRecord => ({ id: r.id, userId: r.user_id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, userAgent: r.user_agent });

function toToken(r: TokenRow): OneTimeToken {
  const base = { id: r.id, createdAt: r.created_at, expiresAt: r.expires_at };
  switch (r.kind) {
    case 'setup':
      return { ...base, kind: 'setup' };
    case 'invite':
      return { ...base, kind: 'invite', email: r.email ?? '', role: r.role ?? 'member' };
    case 'reset':
      return { ...base, kind: 'reset', userId: r.user_id ?? '' };
  }
}

/** Tables that hold a user's data, children first (foreign keys); `users` itself goes last. */
const USER_TABLES = ['api_keys', 'toolsets', 'connections', 'sessions', 'one_time_tokens', 'oauth_states', 'connect_links', 'remote_servers', 'usage_events', 'meters', 'audit', 'billing_accounts', 'archives'] as const;

export interface EmbeddedAccountsContext {
  db: Database;
  now: () => number;
  /** Runs `work` in a write transaction with its change-feed row (EmbeddedStore's #mutate). */
  mutate: <T>(change: UserChange | null, audit: { userId: string; actor: string; action: string; target: string } | null, work: () => T) => T;
}

export function embeddedAccounts({ db, now, mutate }: EmbeddedAccountsContext): AccountStore {
  const userRow = (id: string) => db.query<UserRow, [string]>('SELECT * FROM users WHERE id = ?').get(id);
  const requireUserRow = (id: string) => {
    const row = userRow(id);
    if (!row) throw new StoreError('USER_NOT_FOUND', `no user with id ${id}`);
    return row;
  };
  const isUnique = (error: unknown) => /UNIQUE constraint failed/.test(String((error as Error)?.message));

  return {
    async getUserByClerkId(clerkUserId) {
      const row = db.query<UserRow, [string]>('SELECT * FROM users WHERE clerk_user_id = ?').get(clerkUserId);
      return row ? toUser(row) : null;
    },

    async linkClerkUser({ userId, clerkUserId, actor }) {
      requireUserRow(userId);
      try {
        return mutate({ kind: 'user', userId }, { userId, actor: actor ?? 'system', action: 'user.link_clerk', target: clerkUserId }, () => {
          db.query('UPDATE users SET clerk_user_id = ? WHERE id = ?').run(clerkUserId, userId);
          return toUser(requireUserRow(userId));
        });
      } catch (error) {
        if (isUnique(error)) throw new StoreError('CLERK_ID_TAKEN', `another user is linked to Clerk user ${clerkUserId}`);
        throw error;
      }
    },

    async getSignInUser(email) {
      const row = db.query<UserRow, [string]>('SELECT * FROM users WHERE email = ?').get(email.trim());
      return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
    },

    async setPasswordHash({ userId, passwordHash, actor }) {
      const row = requireUserRow(userId);
      return mutate({ kind: 'user', userId }, { userId, actor: actor ?? 'system', action: 'user.set_password', target: row.email }, () => {
        db.query('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
        return toUser({ ...row, password_hash: passwordHash });
      });
    },

    async deleteUser({ userId }) {
      if (!userRow(userId)) return false;
      // No audit entry: the user's audit goes with the rest of their data.
      return mutate({ kind: 'user', userId }, null, () => {
        for (const table of USER_TABLES) db.query(`DELETE FROM ${table} WHERE user_id = ?`).run(userId);
        db.query('DELETE FROM users WHERE id = ?').run(userId);
        return true;
      });
    },

    async createSession({ userId, tokenHash, userAgent, expiresAt }) {
      requireUserRow(userId);
      const at = now();
      const session: SessionRecord = { id: newId('ses'), userId, createdAt: at, lastSeenAt: at, expiresAt, userAgent };
      db.transaction(() => {
        // Pruning here keeps the table at about the live sessions, with no job to schedule.
        db.query('DELETE FROM sessions WHERE expires_at <= ?').run(at);
        db.query('INSERT INTO sessions (id, user_id, token_hash, user_agent, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(session.id, userId, tokenHash, userAgent, at, at, expiresAt);
      }).immediate();
      return session;
    },

    async resolveSession(tokenHash) {
      const row = db.query<SessionRow, [string, number]>('SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?').get(tokenHash, now());
      const user = row ? userRow(row.user_id) : null;
      return row && user ? { session: toSession(row), user: toUser(user) } : null;
    },

    async touchSession({ id, at, expiresAt }) {
      db.query('UPDATE sessions SET last_seen_at = max(last_seen_at, ?), expires_at = max(expires_at, ?) WHERE id = ?').run(at, expiresAt, id);
    },

    async listSessions(userId) {
      return db.query<SessionRow, [string, number]>('SELECT * FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC, rowid DESC').all(userId, now()).map(toSession);
    },

    async revokeSession({ id, userId }) {
      return db.query('DELETE FROM sessions WHERE id = ? AND user_id = ?').run(id, userId).changes === 1;
    },

    async revokeSessions(userId) {
      return db.query('DELETE FROM sessions WHERE user_id = ? AND expires_at > ?').run(userId, now()).changes;
    },

    async createOneTimeToken(input: OneTimeTokenPurpose & { tokenHash: string; expiresAt: number }) {
      const at = now();
      const token = { id: newId('ott'), createdAt: at, expiresAt: input.expiresAt };
      const email = input.kind === 'invite' ? input.email : null;
      const role = input.kind === 'invite' ? input.role : null;
      const userId = input.kind === 'reset' ? input.userId : null;
      if (userId !== null) requireUserRow(userId);
      db.transaction(() => {
        db.query('DELETE FROM one_time_tokens WHERE expires_at <= ?').run(at);
        db.query('INSERT INTO one_time_tokens (id, token_hash, kind, email, role, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(token.id, input.tokenHash, input.kind, email, role, userId, at, input.expiresAt);
      }).immediate();
      return toToken({ id: token.id, kind: input.kind, email, role, user_id: userId, created_at: at, expires_at: input.expiresAt });
    },

    async consumeOneTimeToken({ tokenHash, kind }) {
      // DELETE … RETURNING is the atomic take: of two consumers (in this process or another on the same file), the second deletes nothing.
      const row = db.query<TokenRow, [string, string, number]>('DELETE FROM one_time_tokens WHERE token_hash = ? AND kind = ? AND expires_at > ? RETURNING *').get(tokenHash, kind, now());
      return row ? toToken(row) : null;
    },
  };
}
