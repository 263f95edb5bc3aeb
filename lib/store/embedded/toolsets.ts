/**
 * The toolsets half of the embedded Store (lib/store/toolsets.ts) in SQLite.
 * EmbeddedStore delegates to this, handing over its database, clock and the
 * transaction helper that writes the change feed: every write is a `toolset`
 * change of its user.
 */
import type { Database } from 'bun:sqlite';
import { newId } from '../ids.ts';
import { StoreError, type UserChange } from '../port.ts';
import { MAX_TOOLSETS_PER_USER, TOOL_MODES, cleanRules, toolsetProblem, type ToolsetStore } from '../toolsets.ts';
import { toApiKey, toToolset, type ApiKeyRow, type ToolsetRow } from './rows.ts';

export interface EmbeddedToolsetsContext {
  db: Database;
  now: () => number;
  /** Runs `work` in a write transaction with its change-feed row (EmbeddedStore's #mutate). */
  mutate: <T>(change: UserChange | null, audit: { userId: string; actor: string; action: string; target: string } | null, work: () => T) => T;
}

const isUniqueName = (error: unknown) => /UNIQUE constraint failed: toolsets\./.test(String((error as Error)?.message));

export function embeddedToolsets({ db, now, mutate }: EmbeddedToolsetsContext): ToolsetStore {
  const row = (userId: string, id: string) => db.query<ToolsetRow, [string, string]>('SELECT * FROM toolsets WHERE id = ? AND user_id = ?').get(id, userId);
  const check = (problem: string | null) => {
    if (problem) throw new StoreError('INVALID_INPUT', problem);
  };
  const taken = (name: string) => new StoreError('TOOLSET_NAME_TAKEN', `a toolset named "${name}" already exists`);

  return {
    async listToolsets(userId) {
      return db.query<ToolsetRow, [string]>('SELECT * FROM toolsets WHERE user_id = ? ORDER BY created_at, rowid').all(userId).map(toToolset);
    },

    async getToolset(userId, id) {
      const found = row(userId, id);
      return found ? toToolset(found) : null;
    },

    async createToolset(input) {
      check(toolsetProblem(input));
      if (!db.query('SELECT 1 FROM users WHERE id = ?').get(input.userId)) throw new StoreError('USER_NOT_FOUND', `no user with id ${input.userId}`);
      const at = now();
      const name = input.name.trim();
      const id = newId('tls');
      try {
        return mutate({ kind: 'toolset', userId: input.userId }, { userId: input.userId, actor: input.actor ?? 'system', action: 'toolset.create', target: id }, () => {
          // Counted inside the write transaction, so two creates at once cannot both pass the bound.
          const count = db.query<{ n: number }, [string]>('SELECT count(*) AS n FROM toolsets WHERE user_id = ?').get(input.userId)?.n ?? 0;
          if (count >= MAX_TOOLSETS_PER_USER) throw new StoreError('INVALID_INPUT', `a user has at most ${MAX_TOOLSETS_PER_USER} toolsets`);
          db.query('INSERT INTO toolsets (id, user_id, name, rules, exclude_destructive, mode, pass_through, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
            .run(id, input.userId, name, JSON.stringify(cleanRules(input.rules)), input.excludeDestructive ? 1 : 0, input.mode, input.passThrough ? 1 : 0, at, at);
          return toToolset(row(input.userId, id)!);
        });
      } catch (error) {
        if (isUniqueName(error)) throw taken(name);
        throw error;
      }
    },

    async updateToolset(input) {
      check(toolsetProblem(input));
      const current = row(input.userId, input.id);
      if (!current) return null;
      // Pass-through ties rules, mode and exclusions together: the toolset as it will be is checked whole.
      const { id: _id, userId: _userId, actor: _actor, ...patch } = input;
      check(toolsetProblem({ ...toToolset(current), ...patch }));
      const name = input.name?.trim() ?? current.name;
      try {
        return mutate({ kind: 'toolset', userId: input.userId }, { userId: input.userId, actor: input.actor ?? 'system', action: 'toolset.update', target: input.id }, () => {
          db.query('UPDATE toolsets SET name = ?, rules = ?, exclude_destructive = ?, mode = ?, pass_through = ?, updated_at = ? WHERE id = ? AND user_id = ?').run(
            name,
            input.rules === undefined ? current.rules : JSON.stringify(cleanRules(input.rules)),
            input.excludeDestructive === undefined ? current.exclude_destructive : input.excludeDestructive ? 1 : 0,
            input.mode ?? current.mode,
            input.passThrough === undefined ? current.pass_through : input.passThrough ? 1 : 0,
            now(),
            input.id,
            input.userId,
          );
          return toToolset(row(input.userId, input.id)!);
        });
      } catch (error) {
        if (isUniqueName(error)) throw taken(name);
        throw error;
      }
    },

    async deleteToolset(input) {
      if (!row(input.userId, input.id)) return false;
      return mutate({ kind: 'toolset', userId: input.userId }, { userId: input.userId, actor: input.actor ?? 'system', action: 'toolset.delete', target: input.id }, () => {
        const bound = db.query<{ id: string }, [string]>('SELECT id FROM api_keys WHERE toolset_id = ? AND revoked_at IS NULL ORDER BY created_at').all(input.id);
        if (bound.length > 0) throw new StoreError('TOOLSET_IN_USE', `the toolset is bound to ${bound.length} active key(s): ${bound.map((k) => k.id).join(', ')}`);
        db.query('UPDATE api_keys SET toolset_id = NULL WHERE toolset_id = ?').run(input.id);
        db.query('DELETE FROM toolsets WHERE id = ? AND user_id = ?').run(input.id, input.userId);
        return true;
      });
    },

    async bindApiKey(input) {
      const key = db.query<ApiKeyRow, [string, string]>('SELECT * FROM api_keys WHERE id = ? AND user_id = ?').get(input.keyId, input.userId);
      if (!key) return null;
      if (input.mode !== null && !TOOL_MODES.includes(input.mode)) throw new StoreError('INVALID_INPUT', `the mode must be one of ${TOOL_MODES.join(', ')}`);
      if (key.revoked_at !== null) throw new StoreError('INVALID_INPUT', `key ${key.id} is revoked`);
      if (input.toolsetId !== null && !row(input.userId, input.toolsetId)) throw new StoreError('TOOLSET_NOT_FOUND', `no toolset with id ${input.toolsetId}`);
      return mutate({ kind: 'toolset', userId: input.userId }, { userId: input.userId, actor: input.actor ?? 'system', action: 'key.bind', target: `${key.id} ${input.toolsetId ?? 'all tools'} ${input.mode ?? 'default'}` }, () => {
        db.query('UPDATE api_keys SET toolset_id = ?, mode = ? WHERE id = ?').run(input.toolsetId, input.mode, key.id);
        return toApiKey({ ...key, toolset_id: input.toolsetId, mode: input.mode });
      });
    },
  };
}
