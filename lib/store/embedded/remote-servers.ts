/**
 * The remote-MCP-server half of the embedded Store (lib/store/remote-servers.ts).
 * Each write runs in one transaction with its audit entry and change-feed
 * rows: one for the owner, or one per user for a server everyone sees, so
 * every process's cached principals of those users are rebuilt.
 */
import type { Database } from 'bun:sqlite';
import { newId } from '../ids.ts';
import { StoreError } from '../port.ts';
import {
  checkProblem, credentialProblem, fromStored, newRemoteServerProblem,
  type RemoteCredentialKind, type RemoteServer, type RemoteServerStore, type RemoteStatus,
} from '../remote-servers.ts';

interface RemoteRow {
  id: string; user_id: string | null; slug: string; url: string; credential_kind: RemoteCredentialKind; sealed_credential: string;
  protocol: string | null; tools: string; status: RemoteStatus; status_reason: string | null; checked_at: number | null; created_at: number; updated_at: number;
}

const toRemote = (r: RemoteRow): RemoteServer => fromStored({
  id: r.id, ownerId: r.user_id, slug: r.slug, url: r.url, credentialKind: r.credential_kind, sealedCredential: r.sealed_credential, protocol: r.protocol,
  toolsJson: r.tools, status: r.status, statusReason: r.status_reason, checkedAt: r.checked_at, createdAt: r.created_at, updatedAt: r.updated_at,
});

export interface EmbeddedRemoteContext {
  db: Database;
  now: () => number;
  /** Delivers the change-feed rows just committed to this process's watchers (EmbeddedStore's feed read). */
  notify: () => void;
}

/** The servers `userId` sees, in slug order; exported for resolveApiKey. */
export function remoteServersOf(db: Database, userId: string): RemoteServer[] {
  return db.query<RemoteRow, [string]>('SELECT * FROM remote_servers WHERE user_id = ? OR user_id IS NULL ORDER BY slug').all(userId).map(toRemote);
}

export function embeddedRemoteServers({ db, now, notify }: EmbeddedRemoteContext): RemoteServerStore {
  const refuseInvalid = (problem: string | null) => {
    if (problem) throw new StoreError('INVALID_INPUT', problem);
  };
  const row = (id: string) => db.query<RemoteRow, [string]>('SELECT * FROM remote_servers WHERE id = ?').get(id);
  const owned = (id: string, ownerId: string | null) => {
    const found = row(id);
    return found && found.user_id === ownerId ? found : null;
  };
  /** Feed rows of a change to a server of `ownerId`: that user's, or every user's for a server everyone sees; in the caller's transaction. */
  const feed = (ownerId: string | null) => {
    const users = ownerId === null ? db.query<{ id: string }, []>('SELECT id FROM users').all().map((u) => u.id) : [ownerId];
    const insert = db.query('INSERT INTO changes (kind, user_id, at) VALUES (?, ?, ?)');
    for (const userId of users) insert.run('connection', userId, now());
  };
  /** Audit and feed rows of a person's change (an everyone's server is audited under `*`). */
  const recordChange = (ownerId: string | null, actor: string | undefined, action: string, target: string) => {
    db.query('INSERT INTO audit (id, user_id, actor, action, target, at) VALUES (?, ?, ?, ?, ?, ?)').run(newId('aud'), ownerId ?? '*', actor ?? 'system', action, target, now());
    feed(ownerId);
  };
  const write = <T>(work: () => T): T => {
    const result = db.transaction(work).immediate();
    notify();
    return result;
  };

  return {
    async createRemoteServer(input) {
      refuseInvalid(newRemoteServerProblem(input));
      if (input.ownerId !== null && !db.query('SELECT 1 FROM users WHERE id = ?').get(input.ownerId)) throw new StoreError('USER_NOT_FOUND', `no user with id ${input.ownerId}`);
      const at = now();
      const id = newId('rms');
      return write(() => {
        // Checked inside the write lock: a server everyone sees must not shadow anyone's, nor anyone's shadow it.
        const clash = input.ownerId === null
          ? db.query('SELECT 1 FROM remote_servers WHERE slug = ?').get(input.slug)
          : db.query('SELECT 1 FROM remote_servers WHERE slug = ? AND (user_id = ? OR user_id IS NULL)').get(input.slug, input.ownerId);
        if (clash) throw new StoreError('SLUG_TAKEN', `the slug ${input.slug} is already used by another MCP server; pick another one`);
        db.query('INSERT INTO remote_servers (id, user_id, slug, url, credential_kind, sealed_credential, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(id, input.ownerId, input.slug, input.url, input.credentialKind, input.sealedCredential, at, at);
        recordChange(input.ownerId, input.actor, 'remote.add', input.slug);
        return toRemote(row(id)!);
      });
    },

    async listRemoteServers(userId) {
      return remoteServersOf(db, userId);
    },

    async getRemoteServer(id) {
      const found = row(id);
      return found ? toRemote(found) : null;
    },

    async updateRemoteServerCredential(input) {
      refuseInvalid(credentialProblem(input));
      const found = owned(input.id, input.ownerId);
      if (!found) return null;
      return write(() => {
        db.query('UPDATE remote_servers SET credential_kind = ?, sealed_credential = ?, updated_at = ? WHERE id = ?').run(input.credentialKind, input.sealedCredential, now(), input.id);
        recordChange(found.user_id, input.actor, 'remote.credential', found.slug);
        return toRemote(row(input.id)!);
      });
    },

    async recordRemoteServerCheck(input) {
      const toolsJson = input.tools ? JSON.stringify(input.tools) : null;
      refuseInvalid(checkProblem(input, toolsJson));
      const found = row(input.id);
      if (!found) return null;
      const changed = (toolsJson !== null && toolsJson !== found.tools) || input.status !== found.status;
      const apply = () => {
        db.query('UPDATE remote_servers SET status = ?, status_reason = ?, checked_at = ?, protocol = coalesce(?, protocol), tools = coalesce(?, tools) WHERE id = ?')
          .run(input.status, input.statusReason, input.checkedAt, input.protocol ?? null, toolsJson, input.id);
        // Not audited: a check is the hub's own doing, and a refresh may run often.
        if (changed) feed(found.user_id);
        return toRemote(row(input.id)!);
      };
      return changed ? write(apply) : db.transaction(apply).immediate();
    },

    async removeRemoteServer(input) {
      const found = owned(input.id, input.ownerId);
      if (!found) return false;
      return write(() => {
        db.query('DELETE FROM remote_servers WHERE id = ?').run(input.id);
        recordChange(found.user_id, input.actor, 'remote.remove', found.slug);
        return true;
      });
    },
  };
}
