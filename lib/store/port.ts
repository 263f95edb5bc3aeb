/**
 * The Store port: everything the gateway, CLI and jobs keep. Two adapters
 * implement it (embedded SQLite now, Convex for scale-out) and both must pass
 * `test/contract/store-contract.ts`. Methods are async because the Convex
 * adapter is remote; the embedded adapter simply resolves at once.
 *
 * Secrets never cross this port in the clear: API keys arrive as SHA-256
 * hashes and credentials arrive already sealed.
 */

import type { AccountStore } from './accounts.ts';
import type { ArchiveStore } from './archives.ts';
import type { OAuthStore } from './oauth.ts';
import type { ToolMode, Toolset, ToolsetStore } from './toolsets.ts';
import type { BillingStore } from './billing.ts';
import type { PlanStore } from './plans.ts';
import type { RemoteServer, RemoteServerStore } from './remote-servers.ts';

export type { AccountStore, OneTimeToken, OneTimeTokenKind, OneTimeTokenPurpose, SessionRecord } from './accounts.ts';
export type { AppliedSubscription, BillingAccount, BillingStore, SubscriptionState } from './billing.ts';
export type { ArchiveRecord, ArchiveStatus, ArchiveStore } from './archives.ts';
export type { NewRemoteServer, RemoteCredentialKind, RemoteServer, RemoteServerCheck, RemoteServerStore, RemoteStatus, RemoteTool } from './remote-servers.ts';
export type { ConnectLinkRecord, NewOAuthState, OAuthPurpose, OAuthStateRecord, OAuthStore } from './oauth.ts';
export type { ToolMode, Toolset, ToolsetRule, ToolsetSpec, ToolsetStore } from './toolsets.ts';
export type { PlanStore } from './plans.ts';

export const ROLES = ['admin', 'member'] as const;
/** An admin invites people and sees the list of users; a member sees only their own things. */
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** Whether the user can sign in with a password (the hash itself never leaves the store but through `getSignInUser`). */
  hasPassword: boolean;
  /** The Clerk user this user signs in as, when the hub uses Clerk; unique. */
  clerkUserId: string | null;
  /** The id of the user's plan (lib/billing/plans.ts); `free` until someone sets another. */
  plan: string;
  createdAt: number;
}

export interface ApiKeyRecord {
  id: string;
  userId: string;
  name: string;
  /** Display prefix such as `mcp_sk_AbC123`; never enough to use the key. */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** The MCP client that used the key last (`name/version`, see lib/usage/client.ts), recorded with `lastUsedAt`. */
  lastClient: string | null;
  revokedAt: number | null;
  /** The toolset this key sees (lib/store/toolsets.ts); null: every enabled tool. */
  toolsetId: string | null;
  /** This key's discovery mode, overriding its toolset's; null: the toolset's (flat without one). */
  mode: ToolMode | null;
}

/**
 * A connection's settings as stored: a flat map of scalars. Each integration
 * declares and validates its own (`IntegrationDefinition.settings`); the store
 * only keeps them.
 */
export type ConnectionSettings = Record<string, string | number | boolean>;

/** Checks that a value can be stored as ConnectionSettings (flat, scalar values, bounded). */
export function isConnectionSettings(value: unknown): value is ConnectionSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length <= 32 && entries.every(([k, v]) => /^[a-z][a-z0-9_]{0,63}$/.test(k) && (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= 1_000)));
}

/** A user's integration: enabled or not, with its sealed credential and settings. */
export interface Connection {
  userId: string;
  slug: string;
  enabled: boolean;
  sealedCredential: string;
  /** `{}` until changed; reset when the connection is disabled. */
  settings: ConnectionSettings;
  /** Whom the credential belongs to, as its check against the service said (`octocat`); null when the check was skipped. */
  account: string | null;
  /** Set when the service rejected the stored credential on a call; cleared when the integration is enabled again. */
  attention: ConnectionAttention | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * Why a connection needs someone: `needs_reconnect` — its person must connect
 * it again (the service refused the stored credential, or an OAuth refresh
 * token is dead); `misconfigured` — the operator must fix the hub's OAuth app
 * settings (a refresh was refused as a client error). With what was said, and
 * when (ms).
 */
export interface ConnectionAttention {
  kind: AttentionKind;
  reason: string;
  at: number;
}

export const ATTENTION_KINDS = ['needs_reconnect', 'misconfigured'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** Longest account label and attention reason a store keeps (callers cut longer text; the store refuses it). */
export const MAX_ACCOUNT_CHARS = 200;
export const MAX_ATTENTION_REASON_CHARS = 500;

/** The store's refusal of an account label or attention reason that is too long, or null when it fits. */
export function connectionTextProblem(input: { account?: string | null; reason?: string; kind?: string }): string | null {
  if (input.kind !== undefined && !(ATTENTION_KINDS as readonly string[]).includes(input.kind)) return `the attention kind must be one of ${ATTENTION_KINDS.join(', ')}`;
  if (input.account != null && input.account.length > MAX_ACCOUNT_CHARS) return `the account label must be at most ${MAX_ACCOUNT_CHARS} characters`;
  if (input.reason !== undefined && (input.reason.length === 0 || input.reason.length > MAX_ATTENTION_REASON_CHARS)) return `the attention reason must be 1 to ${MAX_ATTENTION_REASON_CHARS} characters`;
  return null;
}

/** What a valid, unrevoked key resolves to: all the gateway needs to route a call. */
export interface ResolvedKey {
  key: ApiKeyRecord;
  user: User;
  /** Enabled connections only. */
  connections: Connection[];
  /** The toolset the key is bound to, read with it so the catalog is built from one store read. */
  toolset: Toolset | null;
  /** The user's call-log settings (whether arguments are stored). */
  callLog: CallLogSettings;
  /** The remote MCP servers the user sees (their own and everyone's), with the tool lists they reported last. */
  remoteServers: RemoteServer[];
}

/**
 * What a user chose to keep in their call log. Arguments are off by default:
 * they can hold personal data, so they are stored only when asked for,
 * redacted (lib/usage/redact.ts), and dropped after `argumentRetentionDays`.
 */
export interface CallLogSettings {
  storeArguments: boolean;
  argumentRetentionDays: number;
}

export const DEFAULT_CALL_LOG_SETTINGS: CallLogSettings = { storeArguments: false, argumentRetentionDays: 7 };
/** The retention a user may choose, in days. */
export const ARGUMENT_RETENTION_DAYS = { min: 1, max: 30 } as const;

/**
 * `limited`: refused at once because the user, the integration or the hub had as many calls running as allowed (lib/gateway/middleware/concurrency.ts).
 * `rate_limited`: refused by the plan's per-minute rate; `quota_exceeded`: by its monthly quota (lib/gateway/middleware/plan-limits.ts).
 */
export const USAGE_OUTCOMES = ['ok', 'invalid_arguments', 'unknown_tool', 'not_enabled', 'upstream_error', 'timeout', 'cancelled', 'limited', 'rate_limited', 'quota_exceeded', 'internal_error'] as const;
export type UsageOutcome = (typeof USAGE_OUTCOMES)[number];

export interface UsageEvent {
  /** Idempotency key: recording the same id twice stores it once. */
  id: string;
  userId: string;
  keyId: string;
  /** Null when the tool name matched no integration. */
  integration: string | null;
  tool: string;
  outcome: UsageOutcome;
  /** Only successful `tools/call` is billable. */
  billable: boolean;
  totalMs: number;
  upstreamMs: number;
  bytesIn: number;
  bytesOut: number;
  at: number;
  /** The MCP client as `name/version` (its clientInfo, or a 2025-era client's User-Agent); absent when it sent neither. */
  client?: string;
  /** The text the model saw when the call failed (an `isError` result or a JSON-RPC error), bounded; absent on success. */
  error?: string;
  /** The arguments as redacted JSON (lib/usage/redact.ts), only while the user stores arguments and within their retention. */
  arguments?: string;
}

/** Filters of the call log; every one is optional and they combine with AND. */
export interface CallQuery {
  /** `at` from (inclusive) and until (exclusive), ms. */
  since?: number;
  until?: number;
  integration?: string;
  tool?: string;
  keyId?: string;
  outcome?: UsageOutcome;
  client?: string;
  /** A case-insensitive substring of the tool name or the error text. */
  text?: string;
  /** From a previous page: continues after its last call. */
  cursor?: string;
  /** At most MAX_CALL_PAGE (and the default). */
  limit?: number;
}

export const MAX_CALL_PAGE = 200;

/** Newest first (by `at`, then by when it was recorded); `cursor` is null on the last page. A page may be short and still have a cursor. */
export interface CallPage {
  calls: UsageEvent[];
  cursor: string | null;
}

/** Per-user, per-month (UTC) totals folded from usage events. */
export interface Meter {
  userId: string;
  /** `YYYY-MM`, UTC. */
  period: string;
  calls: number;
  billableCalls: number;
  errors: number;
  upstreamMs: number;
}

export interface AuditEntry {
  id: string;
  userId: string;
  actor: string;
  action: string;
  target: string;
  at: number;
}

/** A committed change that may invalidate cached principals of `userId`; `toolset`: a toolset, or a key's binding to one, changed what a key lists. */
export interface UserChange {
  kind: 'user' | 'key' | 'connection' | 'toolset';
  userId: string;
}

/**
 * What `watch` delivers: one user's change, or `reset` when the feed cannot
 * vouch that no change was missed (more changed than its window holds between
 * two reads, or rows were pruned before this process read them). On `reset`
 * every cached principal must be dropped.
 */
export type StoreChange = UserChange | { kind: 'reset' };

export type StoreErrorCode = 'EMAIL_TAKEN' | 'CLERK_ID_TAKEN' | 'USER_NOT_FOUND' | 'KEY_NOT_FOUND' | 'INVALID_INPUT' | 'TOOLSET_NOT_FOUND' | 'TOOLSET_NAME_TAKEN' | 'TOOLSET_IN_USE' | 'SLUG_TAKEN';

/** An expected refusal from the store (as opposed to a bug or an outage). */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The audit action of a disconnect: a failed OAuth revoke is its own, so the log shows the grant may live on at the provider. */
export const disableAction = (revokeFailed: boolean | undefined) => (revokeFailed ? 'integration.disable.revoke_failed' : 'integration.disable');

/** Who made a change, for the audit log (`cli`, `api`, `dashboard:<user>`). */
export interface Actor {
  actor?: string;
}

export interface Store extends AccountStore, OAuthStore, ToolsetStore, PlanStore, BillingStore, ArchiveStore, RemoteServerStore {
  /**
   * Without a role, the first user is an admin and every later one a member
   * (decided inside the store, so two first users at once cannot both be admin).
   */
  createUser(input: { email: string; name?: string | null; role?: Role; passwordHash?: string | null; clerkUserId?: string | null } & Actor): Promise<User>;
  getUser(id: string): Promise<User | null>;
  getUserByEmail(email: string): Promise<User | null>;
  /** Oldest first. */
  listUsers(): Promise<User[]>;

  /** With a toolset (`TOOLSET_NOT_FOUND` unless it is the user's) and a mode override, as `bindApiKey` sets them. */
  createApiKey(input: { userId: string; name: string; hash: string; prefix: string; toolsetId?: string | null; mode?: ToolMode | null } & Actor): Promise<ApiKeyRecord>;
  /** Oldest first, revoked ones included. */
  listApiKeys(userId: string): Promise<ApiKeyRecord[]>;
  /** Revokes a key; with `userId`, only that user's key (tenant-scoped callers). Null when no such key. */
  revokeApiKey(input: { id: string; userId?: string } & Actor): Promise<ApiKeyRecord | null>;
  /** The key with this hash, unless unknown or revoked, with its user and enabled connections. */
  resolveApiKey(hash: string): Promise<ResolvedKey | null>;
  /** Records that a key was used (and by which client, when known); callers throttle this, it is not on every request. */
  touchApiKey(id: string, at: number, client?: string): Promise<void>;

  /**
   * Enables an integration for a user with a (new) sealed credential. Given
   * settings replace the stored ones; without them an enabled connection keeps
   * its settings (a new token does not change what it may do). The account
   * is replaced (null when not given) and any attention is cleared: a new
   * credential is a fresh start.
   */
  upsertConnection(input: { userId: string; slug: string; sealedCredential: string; settings?: ConnectionSettings; account?: string | null } & Actor): Promise<Connection>;
  /**
   * Marks an enabled connection as needing attention (the service refused its
   * credential on a call). Not a user change: what a principal may call stays
   * the same. False when the connection is not enabled.
   */
  markConnectionAttention(input: { userId: string; slug: string } & ConnectionAttention): Promise<boolean>;
  /**
   * Replaces just the sealed credential of an enabled connection (an OAuth
   * refresh): settings and account stay, any attention is cleared (the
   * renewed credential works), and the change feed records it so every
   * replica's principals carry the new credential. Unlike upsertConnection it
   * never enables a connection disabled meanwhile. Null when it is not enabled.
   */
  renewConnectionCredential(input: { userId: string; slug: string; sealedCredential: string }): Promise<Connection | null>;
  /** Replaces the settings of an enabled connection; null when it is not enabled. */
  updateConnectionSettings(input: { userId: string; slug: string; settings: ConnectionSettings } & Actor): Promise<Connection | null>;
  /**
   * Disables an integration and drops its credential, settings, account and
   * attention. False when it was not enabled. `revokeFailed`: the OAuth grant
   * could not be revoked at the provider, audited as
   * `integration.disable.revoke_failed` instead of `integration.disable`.
   */
  disableConnection(input: { userId: string; slug: string; revokeFailed?: boolean } & Actor): Promise<boolean>;
  listConnections(userId: string): Promise<Connection[]>;

  /** Durably records one event; a repeated id is ignored (idempotent). */
  recordUsage(event: UsageEvent): Promise<void>;
  /**
   * Delivers usage recorded locally but not yet stored (the Convex adapter's
   * spool), for a host that may freeze the process after a response; rejects
   * when the store is unreachable (the events stay spooled).
   */
  flushUsage(): Promise<void>;
  /** Events of a user, newest first. */
  listUsage(input: { userId: string; since?: number; limit?: number }): Promise<UsageEvent[]>;
  /** Folds events recorded since the last fold into meters; safe to run twice or concurrently. */
  foldMeters(): Promise<{ events: number }>;
  listMeters(userId: string): Promise<Meter[]>;

  /** One user's calls matching `query`, newest first, a page at a time (lib/store/call-query.ts). */
  listCalls(userId: string, query: CallQuery): Promise<CallPage>;
  /** One of the user's calls; null when unknown or another user's. */
  getCall(userId: string, id: string): Promise<UsageEvent | null>;
  /**
   * Calls `onCall` with each new call of `userId` as it is recorded (the Logs
   * page's live tail). The embedded store delivers the calls this process
   * records; the Convex store those of every replica, as they are stored.
   * Returns an unsubscribe function.
   */
  watchCalls(userId: string, onCall: (call: UsageEvent) => void): () => void;
  /** Drops stored arguments past each user's retention (all of them for a user who stopped storing them). */
  purgeArguments(now: number): Promise<{ events: number }>;
  getCallLogSettings(userId: string): Promise<CallLogSettings>;
  /** Changes a user's call-log settings; a user change, so principals pick it up within a second. */
  setCallLogSettings(input: { userId: string } & CallLogSettings & Actor): Promise<CallLogSettings>;

  listAudit(userId: string, limit?: number): Promise<AuditEntry[]>;

  /**
   * Claims a one-time value until `expiresAt` (replay protection for signed
   * `/fn` calls: the nonce is a hash of the request's signature). True the
   * first time, false while an earlier claim holds — atomically, across every
   * process and replica sharing the store, and across restarts. Expired claims
   * are pruned by the store, and a value may be claimed again once expired.
   */
  claimNonce(input: { nonce: string; expiresAt: number }): Promise<boolean>;

  /**
   * Calls `listener` for every committed change, by this process or another
   * one sharing the store, within a second, or with `reset` when changes may
   * have been missed (lib/store/change-feed.ts). Returns an unsubscribe function.
   */
  watch(listener: (change: StoreChange) => void): () => void;
  close(): Promise<void>;
}
