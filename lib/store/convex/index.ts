/**
 * The Convex Store adapter: every method is one call of a function in
 * `convex/` through a small caller interface — `ConvexHttpClient` in
 * production, `convex-test` in tests — with the hub secret added to each call
 * (convex/hub.ts refuses calls without it). Change events come from a live
 * subscription to the change feed where the caller has one (`ConvexClient`
 * over WebSocket), else from polling it.
 */
import { ConvexError } from 'convex/values';
import type { FunctionArgs, FunctionReturnType } from 'convex/server';
import { api } from '../../../convex/_generated/api';
import { FOLD_BATCH } from '../../../convex/model/usage.ts';
import { scrubSecret, type AnyMutation, type AnyQuery, type ConvexCaller } from './caller.ts';
import { convexNonceClaimer } from './nonces.ts';
import { ConvexCallTail, TAIL_WINDOW } from './calls.ts';
import { boundCallQuery } from '../call-query.ts';
import { convexAccounts, type ConvexCalls } from './accounts.ts';
import { convexOAuth } from './oauth.ts';
import { convexToolsets } from './toolsets.ts';
import type { ToolMode, ToolsetStore } from '../toolsets.ts';
import { convexBilling } from './billing.ts';
import type { BillingStore } from '../billing.ts';
import { convexPlans } from './plans.ts';
import { convexArchives } from './archives.ts';
import type { ArchiveStore } from '../archives.ts';
import { convexRemoteServers } from './remote-servers.ts';
import { fromStored, type RemoteServerStore } from '../remote-servers.ts';
import type { AccountStore } from '../accounts.ts';
import type { OAuthStore } from '../oauth.ts';
import type { PlanStore } from '../plans.ts';
import { readFeed, type FeedRow } from '../change-feed.ts';
import { deliverBefore, openUsageSpool, type UsageSpool, type UsageSpoolOptions } from '../../usage/spool.ts';
import {
  StoreError,
  type Actor,
  type ApiKeyRecord,
  type AuditEntry,
  type Connection,
  type ConnectionAttention,
  type ConnectionSettings,
  type Meter,
  type ResolvedKey,
  type CallLogSettings,
  type CallPage,
  type CallQuery,
  type Role,
  type Store,
  type StoreChange,
  type StoreErrorCode,
  type UsageEvent,
  type User,
} from '../port.ts';

export { convexHttpCaller, type ConvexCaller } from './caller.ts';

/** A live query subscription (`ConvexClient.onUpdate`); returns an unsubscribe function. */
export type Subscribe = <Q extends AnyQuery>(ref: Q, args: FunctionArgs<Q>, onUpdate: (value: FunctionReturnType<Q>) => void) => () => void;

export interface ConvexStoreOptions {
  caller: ConvexCaller;
  /** MCPHUB_CONVEX_SECRET: the same value the deployment has. */
  secret: string;
  /** Live change feed; without it the feed is polled every `pollIntervalMs`. */
  subscribe?: Subscribe;
  pollIntervalMs?: number;
  now?: () => number;
  /** Where a failed background poll is reported (it retries on its next tick). */
  onError?: (error: unknown) => void;
  /**
   * Journal usage on local disk and deliver it in batches (lib/usage/spool.ts):
   * `recordUsage` then costs a file append, not a round trip, and survives a
   * Convex outage. Without it every event is one mutation.
   */
  spool?: Omit<UsageSpoolOptions, 'deliver' | 'isRejection'>;
  /** How long before the deployment's clock a new archive's recording bound lies (lib/store/convex/archives.ts); tests set 0. */
  archiveSettleMs?: number;
}

/** How many recent changes the feed query returns; far more than change in one poll interval (a larger burst is detected: lib/store/change-feed.ts). */
export const FEED_WINDOW = 200;
const STORE_ERROR_CODES = new Set<StoreErrorCode>(['EMAIL_TAKEN', 'CLERK_ID_TAKEN', 'USER_NOT_FOUND', 'KEY_NOT_FOUND', 'INVALID_INPUT', 'TOOLSET_NOT_FOUND', 'TOOLSET_NAME_TAKEN', 'TOOLSET_IN_USE', 'SLUG_TAKEN']);
export function openConvexStore(options: ConvexStoreOptions): ConvexStore {
  return new ConvexStore(options);
}

/** The accounts, OAuth, toolsets, plan, billing, archive and remote-server methods (./accounts.ts, ./oauth.ts, ./toolsets.ts, ./plans.ts, ./billing.ts, ./archives.ts, ./remote-servers.ts), assigned in the constructor: declared here so the class is checked against all of Store. */
export interface ConvexStore extends AccountStore, OAuthStore, ToolsetStore, PlanStore, BillingStore, ArchiveStore, RemoteServerStore {}

export class ConvexStore implements Store {
  readonly #options: ConvexStoreOptions;
  readonly #now: () => number;
  readonly #listeners = new Set<(change: StoreChange) => void>();
  /** The feed sequence number delivered last; null before the first read. */
  #lastSeq: number | null = null;
  #stopFeed: (() => void) | null = null;
  readonly #spool: UsageSpool | null;
  readonly #nonces: ReturnType<typeof convexNonceClaimer>;
  readonly #callTail: ConvexCallTail;

  constructor(options: ConvexStoreOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#nonces = convexNonceClaimer({ caller: options.caller, secret: options.secret, now: this.#now });
    this.#callTail = new ConvexCallTail({
      query: (userId) => this.#query(api.calls.latest, { userId, limit: TAIL_WINDOW }),
      ...(options.subscribe && { subscribe: options.subscribe }),
      secret: options.secret,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      ...(options.onError && { onError: options.onError }),
    });
    const calls: ConvexCalls = { query: (ref, args) => this.#query(ref, args), mutation: (ref, args) => this.#mutation(ref, args), now: this.#now };
    Object.assign(this, convexAccounts(calls), convexOAuth(calls), convexToolsets(calls), convexPlans(calls), convexBilling(calls), convexArchives(calls, options.archiveSettleMs), convexRemoteServers(calls));
    this.#spool = options.spool ? openUsageSpool({ ...options.spool, deliver: (events) => this.recordUsageBatch(events), isRejection: isRejection }) : null;
    // A quota read counts this replica's spooled calls too: the quota tracker takes what it counted before a read to be in it.
    if (this.#spool) deliverBefore<ConvexStore>(this, this.#spool, ['countBillableCalls']);
  }

  async #query<Q extends AnyQuery>(ref: Q, args: Omit<FunctionArgs<Q>, 'secret'>): Promise<FunctionReturnType<Q>> {
    return translate(this.#options.secret, () => this.#options.caller.query(ref, { ...args, secret: this.#options.secret }) as Promise<FunctionReturnType<Q>>);
  }

  async #mutation<M extends AnyMutation>(ref: M, args: Omit<FunctionArgs<M>, 'secret'>): Promise<FunctionReturnType<M>> {
    return translate(this.#options.secret, () => this.#options.caller.mutation(ref, { ...args, secret: this.#options.secret }) as Promise<FunctionReturnType<M>>);
  }

  #stamp(input: Actor): { actor?: string; now: number } {
    return { ...(input.actor === undefined ? {} : { actor: input.actor }), now: this.#now() };
  }

  createUser(input: { email: string; name?: string | null; role?: Role; passwordHash?: string | null; clerkUserId?: string | null } & Actor): Promise<User> {
    const optional = { ...(input.role ? { role: input.role } : {}), ...(input.passwordHash ? { passwordHash: input.passwordHash } : {}), ...(input.clerkUserId ? { clerkUserId: input.clerkUserId } : {}) };
    return this.#mutation(api.users.create, { email: input.email, name: input.name ?? null, ...optional, ...this.#stamp(input) });
  }
  getUser(id: string): Promise<User | null> {
    return this.#query(api.users.get, { id });
  }
  getUserByEmail(email: string): Promise<User | null> {
    return this.#query(api.users.getByEmail, { email });
  }
  listUsers(): Promise<User[]> {
    return this.#query(api.users.list, {});
  }

  createApiKey(input: { userId: string; name: string; hash: string; prefix: string; toolsetId?: string | null; mode?: ToolMode | null } & Actor): Promise<ApiKeyRecord> {
    const binding = { ...(input.toolsetId != null && { toolsetId: input.toolsetId }), ...(input.mode != null && { mode: input.mode }) };
    return this.#mutation(api.keys.create, { userId: input.userId, name: input.name, hash: input.hash, prefix: input.prefix, ...binding, ...this.#stamp(input) });
  }
  listApiKeys(userId: string): Promise<ApiKeyRecord[]> {
    return this.#query(api.keys.list, { userId });
  }
  revokeApiKey(input: { id: string; userId?: string } & Actor): Promise<ApiKeyRecord | null> {
    return this.#mutation(api.keys.revoke, { id: input.id, ...(input.userId === undefined ? {} : { userId: input.userId }), ...this.#stamp(input) });
  }
  async resolveApiKey(hash: string): Promise<ResolvedKey | null> {
    const resolved = await this.#query(api.keys.resolve, { hash });
    return resolved && { ...resolved, remoteServers: resolved.remoteServers.map(fromStored) };
  }
  async touchApiKey(id: string, at: number, client?: string): Promise<void> {
    await this.#mutation(api.keys.touch, { id, at, ...(client !== undefined && { client }) });
  }

  upsertConnection(input: { userId: string; slug: string; sealedCredential: string; settings?: ConnectionSettings; account?: string | null } & Actor): Promise<Connection> {
    const settings = input.settings === undefined ? {} : { settings: input.settings };
    return this.#mutation(api.connections.upsert, { userId: input.userId, slug: input.slug, sealedCredential: input.sealedCredential, ...settings, account: input.account ?? null, ...this.#stamp(input) });
  }
  markConnectionAttention(input: { userId: string; slug: string } & ConnectionAttention): Promise<boolean> {
    return this.#mutation(api.connections.markAttention, { userId: input.userId, slug: input.slug, kind: input.kind, reason: input.reason, at: input.at });
  }
  renewConnectionCredential(input: { userId: string; slug: string; sealedCredential: string }): Promise<Connection | null> {
    return this.#mutation(api.connections.renewCredential, { userId: input.userId, slug: input.slug, sealedCredential: input.sealedCredential, ...this.#stamp({}) });
  }
  updateConnectionSettings(input: { userId: string; slug: string; settings: ConnectionSettings } & Actor): Promise<Connection | null> {
    return this.#mutation(api.connections.updateSettings, { userId: input.userId, slug: input.slug, settings: input.settings, ...this.#stamp(input) });
  }
  disableConnection(input: { userId: string; slug: string; revokeFailed?: boolean } & Actor): Promise<boolean> {
    return this.#mutation(api.connections.disable, { userId: input.userId, slug: input.slug, ...(input.revokeFailed && { revokeFailed: true }), ...this.#stamp(input) });
  }
  listConnections(userId: string): Promise<Connection[]> {
    return this.#query(api.connections.list, { userId });
  }

  async recordUsage(event: UsageEvent): Promise<void> {
    if (this.#spool) this.#spool.append(event);
    else await this.recordUsageBatch([event]);
  }
  /** Delivers spooled usage now; a no-op without a spool. */
  async flushUsage(): Promise<void> {
    await this.#spool?.flush();
  }
  /** Records several events in one transaction; ids already stored are skipped. Returns how many were new. */
  recordUsageBatch(events: UsageEvent[]): Promise<number> {
    return this.#mutation(api.usage.record, { events });
  }
  listUsage(input: { userId: string; since?: number; limit?: number }): Promise<UsageEvent[]> {
    return this.#query(api.usage.list, input);
  }
  async foldMeters(): Promise<{ events: number }> {
    let events = 0;
    for (;;) {
      const folded = await this.#mutation(api.usage.fold, { now: this.#now() });
      events += folded;
      // A short batch means nothing was left (a fold that never marked its events could otherwise loop forever).
      if (folded < FOLD_BATCH) return { events };
    }
  }
  async listCalls(userId: string, query: CallQuery): Promise<CallPage> {
    // Checked here too, so a bad filter is refused with the same StoreError as on the embedded store, not Convex's validator text.
    boundCallQuery(query);
    return this.#query(api.calls.list, { userId, ...query });
  }
  getCall(userId: string, id: string): Promise<UsageEvent | null> {
    return this.#query(api.calls.get, { userId, id });
  }
  /** Calls of every replica, as Convex stores them (a spooled call once its batch is delivered). */
  watchCalls(userId: string, onCall: (call: UsageEvent) => void): () => void {
    return this.#callTail.watch(userId, onCall);
  }
  async purgeArguments(now: number): Promise<{ events: number }> {
    let events = 0;
    for (;;) {
      const pass = await this.#mutation(api.calls.purge, { now });
      events += pass.events;
      if (!pass.more) return { events };
    }
  }
  getCallLogSettings(userId: string): Promise<CallLogSettings> {
    return this.#query(api.calls.settings, { userId });
  }
  setCallLogSettings(input: { userId: string } & CallLogSettings & Actor): Promise<CallLogSettings> {
    return this.#mutation(api.calls.setSettings, { userId: input.userId, storeArguments: input.storeArguments, argumentRetentionDays: input.argumentRetentionDays, ...this.#stamp(input) });
  }
  listMeters(userId: string): Promise<Meter[]> {
    return this.#query(api.usage.meters, { userId });
  }
  listAudit(userId: string, limit = 100): Promise<AuditEntry[]> {
    return this.#query(api.usage.audit, { userId, limit });
  }
  /** The same claim a per-integration function makes without a store (lib/store/convex/nonces.ts). */
  claimNonce(input: { nonce: string; expiresAt: number }): Promise<boolean> {
    return this.#nonces.claimNonce(input);
  }

  watch(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    if (!this.#stopFeed) this.#stopFeed = this.#startFeed();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) {
        this.#stopFeed?.();
        this.#stopFeed = null;
      }
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#callTail.close();
    this.#stopFeed?.();
    this.#stopFeed = null;
    await this.#spool?.close();
  }

  #startFeed(): () => void {
    const args = { limit: FEED_WINDOW, secret: this.#options.secret };
    if (this.#options.subscribe) return this.#options.subscribe(api.usage.changes, args, (changes) => this.#deliver(changes));
    let stopped = false;
    const poll = async () => {
      try {
        this.#deliver(await this.#query(api.usage.changes, { limit: FEED_WINDOW }));
      } catch (error) {
        this.#options.onError?.(error);
      }
      if (!stopped) timer = setTimeout(poll, this.#options.pollIntervalMs ?? 250);
    };
    let timer = setTimeout(poll, 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  /** Emits the changes in the window not delivered before, oldest first, or a `reset` when the window does not reach back to the last one delivered. */
  #deliver(window: FeedRow[]): void {
    const read = readFeed(this.#lastSeq, window);
    this.#lastSeq = read.lastSeq;
    for (const change of read.changes) for (const listener of this.#listeners) listener(change);
  }
}

/**
 * Whether the deployment refused the data itself (a store refusal, or argument
 * validation), as opposed to being unreachable or failing: resending the same
 * batch cannot succeed, so the spool sets such events aside.
 */
function isRejection(error: unknown): boolean {
  // A wrong or rotated hub secret refuses every call alike: that is for the operator to fix, and the events must wait for it.
  if (error instanceof ConvexError) return (error.data as { code?: string } | undefined)?.code !== 'UNAUTHORIZED';
  return error instanceof StoreError || /ArgumentValidationError/.test((error as Error)?.message ?? '');
}

/** A refusal thrown by convex/model (ConvexError with a store code) becomes the StoreError the port promises; no error leaves with the secret in it. */
async function translate<T>(secret: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const data = error instanceof ConvexError ? (error.data as { code?: string; message?: string }) : null;
    if (data?.code && STORE_ERROR_CODES.has(data.code as StoreErrorCode)) throw new StoreError(data.code as StoreErrorCode, data.message ?? data.code);
    throw scrubSecret(secret, error);
  }
}
