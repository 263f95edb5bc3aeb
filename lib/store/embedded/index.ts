/**
 * The embedded Store adapter: SQLite through `bun:sqlite` in WAL mode, one
 * file in the data dir. Several processes (the hub and the CLI) may open the
 * same file; each mutation appends to the `changes` table in its own
 * transaction, and every open store polls that feed, so a key revoked by the
 * CLI is seen by a running hub within the poll interval.
 */
import type { Database } from 'bun:sqlite';
import { foldEvents } from '../../billing/fold.ts';
import { DEFAULT_PLAN_ID } from '../../billing/plans.ts';
import { newId } from '../ids.ts';
import {
  StoreError,
  type Actor,
  type ApiKeyRecord,
  type AuditEntry,
  type Connection,
  type ConnectionAttention,
  type ConnectionSettings,
  connectionTextProblem,
  disableAction,
  isConnectionSettings,
  type Meter,
  type ResolvedKey,
  type CallLogSettings,
  type CallPage,
  type CallQuery,
  type Role,
  type Store,
  type StoreChange,
  type UserChange,
  type UsageEvent,
  type User,
} from '../port.ts';
import { CHANGE_RETENTION_MS, readFeed, type FeedRow } from '../change-feed.ts';
import { createGroupCommit, type GroupCommit } from './group-commit.ts';
import { deliverBefore, openSpoolSlot, type UsageSpool, type UsageSpoolOptions } from '../../usage/spool.ts';
import { openHubDatabase } from './database.ts';
import { errorFields, type Logger } from '../../log.ts';
import { CallWatchers } from '../call-watchers.ts';
import { checkCallLogSettings } from '../call-query.ts';
import * as CallLog from './call-log.ts';
import { embeddedAccounts } from './accounts.ts';
import { embeddedConnections, type ConnectionStore } from './connections.ts';
import { embeddedOAuth } from './oauth.ts';
import { embeddedToolsets } from './toolsets.ts';
import { TOOL_MODES, type ToolMode, type ToolsetStore } from '../toolsets.ts';
import { embeddedBilling } from './billing.ts';
import type { BillingStore } from '../billing.ts';
import { embeddedPlans } from './plans.ts';
import { embeddedArchives } from './archives.ts';
import type { ArchiveStore } from '../archives.ts';
import { embeddedRemoteServers, remoteServersOf } from './remote-servers.ts';
import type { RemoteServerStore } from '../remote-servers.ts';
import type { AccountStore } from '../accounts.ts';
import type { OAuthStore } from '../oauth.ts';
import type { PlanStore } from '../plans.ts';
import {
  toApiKey, toAudit, toConnection, toMeter, toUsage, toUser,
  type ApiKeyRow, type AuditRow, type ConnectionRow, type MeterRow, type UsageRow, type UserRow,
} from './rows.ts';

export interface EmbeddedStoreOptions {
  /** Directory holding `hub.db`; created if missing. `:memory:` for a private in-memory store. */
  dataDir: string;
  /** How often to read changes made by other processes. */
  pollIntervalMs?: number;
  now?: () => number;
  /** Where a failed background poll is reported (the poll retries on its next tick). */
  onError?: (error: unknown) => void;
  /**
   * Journal usage in a spool (lib/usage/spool.ts; one slot of `dir` per hub
   * process on the data dir) and commit it in batches behind the response
   * (the hub; the CLI records no usage). Without it each `recordUsage`
   * settles once its own group commit has.
   */
  spool?: Omit<UsageSpoolOptions, 'deliver' | 'isRejection' | 'flushDelayMs'>;
}

/**
 * How long a spooled event waits for others to share its commit: long enough
 * that 32 callers' events share one transaction (~5 µs an event instead of
 * ~30 µs alone, bench/peer-remote.bench.ts), short enough that another
 * process (the CLI) reading hub.db sees a call almost at once.
 */
const SPOOL_FLUSH_MS = 10;

/** The methods that read or delete usage events: with a spool, they commit what it holds first, so they see every call recorded before them. */
const USAGE_READERS = ['listUsage', 'foldMeters', 'listCalls', 'getCall', 'purgeArguments', 'countBillableCalls', 'oldestCallAt', 'beginArchive', 'listArchiveCalls', 'deleteArchivedCalls', 'deleteUser'] as const satisfies ReadonlyArray<keyof EmbeddedStore>;

/** SQLITE_BUSY / SQLITE_LOCKED (and their extended codes): the file is locked, whatever the batch holds. */
const isLocked = (error: unknown) => /^SQLITE_(?:BUSY|LOCKED)/.test(String((error as { code?: unknown } | null)?.code ?? ''));
/** An event SQLite refuses as such (a constraint, a value it cannot bind): retrying it cannot help, so the spool sets it aside. Anything else (locked, disk full) is retried. */
const isRejectedEvent = (error: unknown) => error instanceof TypeError || error instanceof RangeError || /^SQLITE_(?:CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(String((error as { code?: unknown } | null)?.code ?? ''));

const FOLD_BATCH = 5_000;


export function openEmbeddedStore(options: EmbeddedStoreOptions): EmbeddedStore {
  return new EmbeddedStore(options);
}

/** The accounts, connections, OAuth, toolsets, plan, billing, archive and remote-server methods (./accounts.ts, ./connections.ts, ./oauth.ts, ./toolsets.ts, ./plans.ts, ./billing.ts, ./archives.ts, ./remote-servers.ts), assigned in the constructor: declared here so the class is checked against all of Store. */
export interface EmbeddedStore extends AccountStore, ConnectionStore, OAuthStore, ToolsetStore, PlanStore, BillingStore, ArchiveStore, RemoteServerStore {}

export class EmbeddedStore implements Store {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #listeners = new Set<(change: StoreChange) => void>();
  readonly #poller: ReturnType<typeof setInterval>;
  readonly #stopCheckpoints: () => void;
  readonly #usageWrites: GroupCommit<UsageEvent>;
  readonly #spool: { journal: UsageSpool; logger: Logger } | null;
  readonly #callWatchers: CallWatchers;
  #lastChangeSeq: number;

  constructor(options: EmbeddedStoreOptions) {
    const opened = openHubDatabase(options.dataDir, options.onError);
    this.#db = opened.db;
    this.#stopCheckpoints = opened.stopCheckpoints;
    this.#now = options.now ?? Date.now;
    const { insertAll, groupCommit } = this.#usageInserts();
    this.#usageWrites = groupCommit;
    this.#callWatchers = new CallWatchers(options.onError);
    // What each part of the store (./accounts.ts, ./connections.ts…) works with: the database, the clock, and the transaction that writes audit and feed.
    const parts = { db: this.#db, now: this.#now, mutate: <T>(change: UserChange | null, audit: Omit<AuditEntry, 'id' | 'at'> | null, work: () => T) => this.#mutate(change, audit, work) };
    Object.assign(this, embeddedAccounts(parts), embeddedConnections(parts), embeddedOAuth(parts), embeddedToolsets(parts), embeddedBilling(parts), embeddedPlans(parts), embeddedArchives(parts));
    Object.assign(this, embeddedRemoteServers({ ...parts, notify: () => this.#readChanges() }));
    this.#spool = options.spool ? { journal: openSpoolSlot({ ...options.spool, flushDelayMs: SPOOL_FLUSH_MS, deliver: async (events) => insertAll.immediate(events), isRejection: isRejectedEvent }), logger: options.spool.logger } : null;
    if (this.#spool) deliverBefore<EmbeddedStore>(this, this.#spool.journal, USAGE_READERS);
    this.#lastChangeSeq = this.#db.query<{ seq: number | null }, []>('SELECT max(seq) AS seq FROM changes').get()?.seq ?? 0;
    this.#poller = setInterval(() => {
      try {
        this.#readChanges();
      } catch (error) {
        options.onError?.(error);
      }
    }, options.pollIntervalMs ?? 200);
    this.#poller.unref?.();
  }

  /** Runs a mutation, its audit entry and its change-feed row in one transaction, then notifies watchers. */
  #mutate<T>(change: UserChange | null, audit: Omit<AuditEntry, 'id' | 'at'> | null, work: () => T): T {
    const at = this.#now();
    const result = this.#db.transaction(() => {
      const value = work();
      if (audit) {
        this.#db.query('INSERT INTO audit (id, user_id, actor, action, target, at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(newId('aud'), audit.userId, audit.actor, audit.action, audit.target, at);
      }
      if (change) this.#db.query('INSERT INTO changes (kind, user_id, at) VALUES (?, ?, ?)').run(change.kind, change.userId, at);
      return value;
    }).immediate();
    if (change) this.#readChanges();
    return result;
  }

  /** Delivers the rows after the last one read; rows pruned before this process read them (it was paused for longer than the retention) read as a `reset`. */
  #readChanges(): void {
    const rows = this.#db.query<FeedRow, [number]>('SELECT seq, kind, user_id AS userId FROM changes WHERE seq > ? ORDER BY seq').all(this.#lastChangeSeq);
    if (rows.length === 0) return;
    const read = readFeed(this.#lastChangeSeq, rows);
    this.#lastChangeSeq = read.lastSeq;
    for (const change of read.changes) for (const listener of this.#listeners) listener(change);
  }

  async createUser(input: { email: string; name?: string | null; role?: Role; passwordHash?: string | null; clerkUserId?: string | null } & Actor): Promise<User> {
    const email = input.email.trim().toLowerCase();
    if (!email) throw new StoreError('INVALID_INPUT', 'email is required');
    if (await this.getUserByEmail(email)) throw new StoreError('EMAIL_TAKEN', `a user with email ${email} already exists`);
    if (input.clerkUserId && (await this.getUserByClerkId(input.clerkUserId))) throw new StoreError('CLERK_ID_TAKEN', `another user is linked to Clerk user ${input.clerkUserId}`);
    const id = newId('usr');
    try {
      return this.#mutate({ kind: 'user', userId: id }, { userId: id, actor: input.actor ?? 'system', action: 'user.create', target: email }, () => {
        // Counted inside the write transaction: of two first users created at once, only one finds the table empty.
        const role = input.role ?? (this.#db.query<{ n: number }, []>('SELECT count(*) AS n FROM users').get()?.n === 0 ? 'admin' : 'member');
        const row = { id, email, name: input.name?.trim() || null, role, password_hash: input.passwordHash ?? null, clerk_user_id: input.clerkUserId ?? null, plan: DEFAULT_PLAN_ID, created_at: this.#now() };
        this.#db.query('INSERT INTO users (id, email, name, role, password_hash, clerk_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(row.id, row.email, row.name, row.role, row.password_hash, row.clerk_user_id, row.created_at);
        return toUser(row);
      });
    } catch (error) {
      // The checks above ran before the write lock: a user created meanwhile (another request, another process) trips the unique index.
      const message = String((error as Error)?.message);
      if (message.includes('UNIQUE constraint failed: users.email')) throw new StoreError('EMAIL_TAKEN', `a user with email ${email} already exists`);
      if (message.includes('UNIQUE constraint failed: users.clerk_user_id')) throw new StoreError('CLERK_ID_TAKEN', `another user is linked to Clerk user ${input.clerkUserId}`);
      throw error;
    }
  }

  async getUser(id: string): Promise<User | null> {
    const row = this.#db.query<UserRow, [string]>('SELECT * FROM users WHERE id = ?').get(id);
    return row ? toUser(row) : null;
  }

  async getUserByEmail(email: string): Promise<User | null> {
    const row = this.#db.query<UserRow, [string]>('SELECT * FROM users WHERE email = ?').get(email.trim());
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<User[]> {
    return this.#db.query<UserRow, []>('SELECT * FROM users ORDER BY created_at, rowid').all().map(toUser);
  }

  async createApiKey(input: { userId: string; name: string; hash: string; prefix: string; toolsetId?: string | null; mode?: ToolMode | null } & Actor): Promise<ApiKeyRecord> {
    if (!(await this.getUser(input.userId))) throw new StoreError('USER_NOT_FOUND', `no user with id ${input.userId}`);
    const toolsetId = input.toolsetId ?? null;
    const mode = input.mode ?? null;
    if (mode !== null && !TOOL_MODES.includes(mode)) throw new StoreError('INVALID_INPUT', `the mode must be one of ${TOOL_MODES.join(', ')}`);
    if (toolsetId !== null && !(await this.getToolset(input.userId, toolsetId))) throw new StoreError('TOOLSET_NOT_FOUND', `no toolset with id ${toolsetId}`);
    const key: ApiKeyRecord = { id: newId('key'), userId: input.userId, name: input.name, prefix: input.prefix, createdAt: this.#now(), lastUsedAt: null, lastClient: null, revokedAt: null, toolsetId, mode };
    return this.#mutate({ kind: 'key', userId: key.userId }, { userId: key.userId, actor: input.actor ?? 'system', action: 'key.create', target: key.id }, () => {
      this.#db.query('INSERT INTO api_keys (id, user_id, name, hash, prefix, created_at, toolset_id, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(key.id, key.userId, key.name, input.hash, key.prefix, key.createdAt, toolsetId, mode);
      return key;
    });
  }

  async listApiKeys(userId: string): Promise<ApiKeyRecord[]> {
    return this.#db.query<ApiKeyRow, [string]>('SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at, rowid').all(userId).map(toApiKey);
  }

  async revokeApiKey(input: { id: string; userId?: string } & Actor): Promise<ApiKeyRecord | null> {
    const row = this.#db.query<ApiKeyRow, [string]>('SELECT * FROM api_keys WHERE id = ?').get(input.id);
    if (!row || (input.userId !== undefined && row.user_id !== input.userId)) return null;
    if (row.revoked_at !== null) return toApiKey(row);
    const at = this.#now();
    return this.#mutate({ kind: 'key', userId: row.user_id }, { userId: row.user_id, actor: input.actor ?? 'system', action: 'key.revoke', target: row.id }, () => {
      this.#db.query('UPDATE api_keys SET revoked_at = ? WHERE id = ?').run(at, row.id);
      return toApiKey({ ...row, revoked_at: at });
    });
  }

  async resolveApiKey(hash: string): Promise<ResolvedKey | null> {
    const key = this.#db.query<ApiKeyRow, [string]>('SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL').get(hash);
    if (!key) return null;
    const user = await this.getUser(key.user_id);
    if (!user) return null;
    const connections = this.#db.query<ConnectionRow, [string]>('SELECT * FROM connections WHERE user_id = ? AND enabled = 1 ORDER BY slug').all(user.id);
    const toolset = key.toolset_id === null ? null : await this.getToolset(user.id, key.toolset_id);
    return { key: toApiKey(key), user, connections: connections.map(toConnection), toolset, callLog: CallLog.readCallLogSettings(this.#db, user.id), remoteServers: remoteServersOf(this.#db, user.id) };
  }

  async touchApiKey(id: string, at: number, client?: string): Promise<void> {
    // The client moves only with a use at least as new as the last one recorded.
    this.#db.query('UPDATE api_keys SET last_client = CASE WHEN ? IS NOT NULL AND ? >= coalesce(last_used_at, 0) THEN ? ELSE last_client END, last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?')
      .run(client ?? null, at, client ?? null, at, id);
  }

  /**
   * With a spool: settles once the event is journaled on disk, which survives
   * a crash (the spool commits it after the response; a restart commits what
   * a crash left). Without one, or if the journal cannot be written: once the
   * event is committed, events recorded in the same event-loop turn sharing
   * one transaction.
   */
  recordUsage(e: UsageEvent): Promise<void> {
    const written = this.#spool ? this.#spoolUsage(e) : this.#usageWrites.add(e);
    // The live tail costs nothing while nobody watches this user's calls.
    return this.#callWatchers.has(e.userId) ? written.then(() => this.#callWatchers.emit(e)) : written;
  }

  #spoolUsage(e: UsageEvent): Promise<void> {
    try {
      this.#spool!.journal.append(e);
      return Promise.resolve();
    } catch (error) {
      // The journal cannot be written (disk full, say): the event is committed before the response instead.
      this.#spool!.logger.warn('could not journal a usage event; committing it before the response', errorFields(error));
      return this.#usageWrites.add(e);
    }
  }

  /** The usage insert as one transaction for a batch, and the group commit over it (recordUsage without a spool). */
  #usageInserts() {
    const insert = this.#db.query(
      `INSERT INTO usage_events (id, user_id, key_id, integration, tool, outcome, billable, total_ms, upstream_ms, bytes_in, bytes_out, at, client, error, arguments)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    const insertAll = this.#db.transaction((events: readonly UsageEvent[]) => {
      for (const e of events) insert.run(e.id, e.userId, e.keyId, e.integration, e.tool, e.outcome, e.billable ? 1 : 0, e.totalMs, e.upstreamMs, e.bytesIn, e.bytesOut, e.at, e.client ?? null, e.error ?? null, e.arguments ?? null);
    });
    return { insertAll, groupCommit: createGroupCommit<UsageEvent>((events) => insertAll.immediate(events), { retryAlone: (error) => !isLocked(error) }) };
  }

  /** Commits what the spool holds; a no-op without one. */
  async flushUsage(): Promise<void> {
    await this.#spool?.journal.flush();
  }

  async listUsage(input: { userId: string; since?: number; limit?: number }): Promise<UsageEvent[]> {
    return this.#db.query<UsageRow, [string, number, number]>('SELECT * FROM usage_events WHERE user_id = ? AND at >= ? ORDER BY at DESC, seq DESC LIMIT ?')
      .all(input.userId, input.since ?? 0, input.limit ?? -1)
      .map(toUsage);
  }

  async foldMeters(): Promise<{ events: number }> {
    let total = 0;
    for (;;) {
      // IMMEDIATE takes the write lock before reading the watermark, so two folds never read the same events.
      const folded = this.#db.transaction(() => {
        const watermark = this.#db.query<{ seq: number }, []>("SELECT seq FROM watermarks WHERE name = 'meters'").get()?.seq ?? 0;
        const rows = this.#db.query<UsageRow & { seq: number }, [number, number]>('SELECT * FROM usage_events WHERE seq > ? ORDER BY seq LIMIT ?').all(watermark, FOLD_BATCH);
        if (rows.length === 0) return 0;
        for (const d of foldEvents(rows.map(toUsage))) {
          this.#db.query(
            `INSERT INTO meters (user_id, period, calls, billable_calls, errors, upstream_ms) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (user_id, period) DO UPDATE SET calls = calls + excluded.calls, billable_calls = billable_calls + excluded.billable_calls,
               errors = errors + excluded.errors, upstream_ms = upstream_ms + excluded.upstream_ms`,
          ).run(d.userId, d.period, d.calls, d.billableCalls, d.errors, d.upstreamMs);
        }
        this.#db.query("INSERT INTO watermarks (name, seq) VALUES ('meters', ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq").run(rows.at(-1)!.seq);
        return rows.length;
      }).immediate();
      total += folded;
      if (folded < FOLD_BATCH) break;
    }
    // The newest row stays, whatever its age (as on Convex): a process that had not read it yet finds it, or the gap before it,
    // instead of an empty feed that looks like nothing changed.
    this.#db.query('DELETE FROM changes WHERE at < ? AND seq < (SELECT max(seq) FROM changes)').run(this.#now() - CHANGE_RETENTION_MS);
    return { events: total };
  }

  async listMeters(userId: string): Promise<Meter[]> {
    return this.#db.query<MeterRow, [string]>('SELECT * FROM meters WHERE user_id = ? ORDER BY period').all(userId).map(toMeter);
  }

  async listAudit(userId: string, limit = 100): Promise<AuditEntry[]> {
    return this.#db.query<AuditRow, [string, number]>('SELECT * FROM audit WHERE user_id = ? ORDER BY at DESC, rowid DESC LIMIT ?').all(userId, limit).map(toAudit);
  }

  async listCalls(userId: string, query: CallQuery): Promise<CallPage> {
    return CallLog.listCalls(this.#db, userId, query);
  }

  async getCall(userId: string, id: string): Promise<UsageEvent | null> {
    return CallLog.getCall(this.#db, userId, id);
  }

  /** Calls this process records (the hub is the one process that records them on a data dir). */
  watchCalls(userId: string, onCall: (call: UsageEvent) => void): () => void {
    return this.#callWatchers.add(userId, onCall);
  }

  async purgeArguments(now: number): Promise<{ events: number }> {
    return { events: CallLog.purgeArguments(this.#db, now) };
  }

  async getCallLogSettings(userId: string): Promise<CallLogSettings> {
    return CallLog.readCallLogSettings(this.#db, userId);
  }

  async setCallLogSettings(input: { userId: string } & CallLogSettings & Actor): Promise<CallLogSettings> {
    const settings = checkCallLogSettings(input);
    if (!(await this.getUser(input.userId))) throw new StoreError('USER_NOT_FOUND', `no user with id ${input.userId}`);
    const target = settings.storeArguments ? `arguments stored ${settings.argumentRetentionDays} days` : 'arguments not stored';
    return this.#mutate({ kind: 'user', userId: input.userId }, { userId: input.userId, actor: input.actor ?? 'system', action: 'settings.call_log', target }, () => {
      CallLog.writeCallLogSettings(this.#db, input.userId, settings, this.#now());
      return settings;
    });
  }

  async claimNonce(input: { nonce: string; expiresAt: number }): Promise<boolean> {
    // Pruning with every claim keeps the table at about one signature window of claims, with no job to schedule;
    // the primary key makes the insert the atomic claim, also against another process on the same file.
    return this.#db.transaction(() => {
      this.#db.query('DELETE FROM nonces WHERE expires_at <= ?').run(this.#now());
      return this.#db.query('INSERT OR IGNORE INTO nonces (nonce, expires_at) VALUES (?, ?)').run(input.nonce, input.expiresAt).changes === 1;
    }).immediate();
  }

  watch(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    clearInterval(this.#poller);
    this.#stopCheckpoints();
    this.#listeners.clear();
    this.#callWatchers.clear();
    await this.#spool?.journal.close();
    this.#usageWrites.flush();
    this.#db.close();
  }
}
