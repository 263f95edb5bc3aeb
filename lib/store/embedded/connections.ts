/**
 * The connections part of the embedded Store: a user's integrations, enabled
 * with a sealed credential, their settings, account and attention.
 * EmbeddedStore assigns these methods, handing over its database, clock and
 * the transaction that writes the audit entry and the change-feed row.
 */
import type { Database } from 'bun:sqlite';
import { StoreError, connectionTextProblem, disableAction, isConnectionSettings, type Actor, type AuditEntry, type Connection, type ConnectionAttention, type ConnectionSettings, type Store, type UserChange } from '../port.ts';
import { toConnection, type ConnectionRow } from './rows.ts';

/** The connection methods of the Store port. */
export type ConnectionStore = Pick<Store, 'upsertConnection' | 'markConnectionAttention' | 'renewConnectionCredential' | 'updateConnectionSettings' | 'disableConnection' | 'listConnections'>;

export interface EmbeddedConnectionsContext {
  db: Database;
  now: () => number;
  mutate: <T>(change: UserChange | null, audit: Omit<AuditEntry, 'id' | 'at'> | null, work: () => T) => T;
}

function settingsJson(settings: ConnectionSettings): string {
  if (!isConnectionSettings(settings)) throw new StoreError('INVALID_INPUT', 'connection settings must be a flat object of at most 32 snake_case keys with boolean, number or short string values');
  return JSON.stringify(settings);
}

export function embeddedConnections({ db, now, mutate }: EmbeddedConnectionsContext): ConnectionStore {
  const connectionOf = (userId: string, slug: string): Connection | null => {
    const row = db.query<ConnectionRow, [string, string]>('SELECT * FROM connections WHERE user_id = ? AND slug = ?').get(userId, slug);
    return row ? toConnection(row) : null;
  };
  return {
    async upsertConnection(input: { userId: string; slug: string; sealedCredential: string; settings?: ConnectionSettings; account?: string | null } & Actor): Promise<Connection> {
      const problem = connectionTextProblem(input);
      if (problem) throw new StoreError('INVALID_INPUT', problem);
      if (!(db.query('SELECT 1 FROM users WHERE id = ?').get(input.userId))) throw new StoreError('USER_NOT_FOUND', `no user with id ${input.userId}`);
      const settings = input.settings === undefined ? null : settingsJson(input.settings);
      const account = input.account ?? null;
      const at = now();
      return mutate({ kind: 'connection', userId: input.userId }, { userId: input.userId, actor: input.actor ?? 'system', action: 'integration.enable', target: input.slug }, () => {
        db.query(
          `INSERT INTO connections (user_id, slug, enabled, sealed_credential, settings, account, created_at, updated_at) VALUES (?, ?, 1, ?, coalesce(?, '{}'), ?, ?, ?)
           ON CONFLICT (user_id, slug) DO UPDATE SET enabled = 1, sealed_credential = excluded.sealed_credential,
             settings = coalesce(?, settings), account = excluded.account, attention_reason = NULL, attention_at = NULL, updated_at = excluded.updated_at`,
        ).run(input.userId, input.slug, input.sealedCredential, settings, account, at, at, settings);
        return connectionOf(input.userId, input.slug)!;
      });
    },

    async markConnectionAttention(input: { userId: string; slug: string } & ConnectionAttention): Promise<boolean> {
      const problem = connectionTextProblem(input);
      if (problem) throw new StoreError('INVALID_INPUT', problem);
      // Not through #mutate: no principal changes (its tools stay listed), so no change-feed row and no cache reload.
      const { changes } = db.query('UPDATE connections SET attention_kind = ?, attention_reason = ?, attention_at = ? WHERE user_id = ? AND slug = ? AND enabled = 1').run(input.kind, input.reason, input.at, input.userId, input.slug);
      return changes > 0;
    },

    async renewConnectionCredential(input: { userId: string; slug: string; sealedCredential: string }): Promise<Connection | null> {
      if (!connectionOf(input.userId, input.slug)?.enabled) return null;
      return mutate({ kind: 'connection', userId: input.userId }, { userId: input.userId, actor: 'system', action: 'integration.renew', target: input.slug }, () => {
        const { changes } = db.query('UPDATE connections SET sealed_credential = ?, attention_reason = NULL, attention_at = NULL, updated_at = ? WHERE user_id = ? AND slug = ? AND enabled = 1')
          .run(input.sealedCredential, now(), input.userId, input.slug);
        return changes > 0 ? connectionOf(input.userId, input.slug) : null;
      });
    },

    async updateConnectionSettings(input: { userId: string; slug: string; settings: ConnectionSettings } & Actor): Promise<Connection | null> {
      const settings = settingsJson(input.settings);
      if (!connectionOf(input.userId, input.slug)?.enabled) return null;
      return mutate({ kind: 'connection', userId: input.userId }, { userId: input.userId, actor: input.actor ?? 'system', action: 'integration.settings', target: input.slug }, () => {
        db.query('UPDATE connections SET settings = ?, updated_at = ? WHERE user_id = ? AND slug = ? AND enabled = 1').run(settings, now(), input.userId, input.slug);
        return connectionOf(input.userId, input.slug);
      });
    },

    async disableConnection(input: { userId: string; slug: string; revokeFailed?: boolean } & Actor): Promise<boolean> {
      if (!connectionOf(input.userId, input.slug)?.enabled) return false;
      const action = disableAction(input.revokeFailed);
      return mutate({ kind: 'connection', userId: input.userId }, { userId: input.userId, actor: input.actor ?? 'system', action, target: input.slug }, () => {
        // The credential is dropped, not kept around disabled (with whom it belonged to): re-enabling asks for it again, with safe default settings.
        db.query("UPDATE connections SET enabled = 0, sealed_credential = '', settings = '{}', account = NULL, attention_reason = NULL, attention_at = NULL, updated_at = ? WHERE user_id = ? AND slug = ?").run(now(), input.userId, input.slug);
        return true;
      });
    },

    async listConnections(userId: string): Promise<Connection[]> {
      return db.query<ConnectionRow, [string]>('SELECT * FROM connections WHERE user_id = ? ORDER BY slug').all(userId).map(toConnection);
    },
  };
}
