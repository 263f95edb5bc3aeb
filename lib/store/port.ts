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

export type { AccountStore, OneTimeToken, OneTimeTokenKind, OneTimeTokenPurpose, SessionRecord } from './accounts.ts';

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
  revokedAt: number | null;
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
  createdAt: number;
  updatedAt: number;
}

/** What a valid, unrevoked key resolves to: all the gateway needs to route a call. */
export interface ResolvedKey {
  key: ApiKeyRecord;
  user: User;
  /** Enabled connections only. */
  connections: Connection[];
}

/** `limited`: refused at once because the user, the integration or the hub had as many calls running as allowed (lib/gateway/middleware/concurrency.ts). */
export const USAGE_OUTCOMES = ['ok', 'invalid_arguments', 'unknown_tool', 'not_enabled', 'upstream_error', 'timeout', 'cancelled', 'limited', 'internal_error'] as const;
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

/** A committed change that may invalidate cached principals of `userId`. */
export interface UserChange {
  kind: 'user' | 'key' | 'connection';
  userId: string;
}

/**
 * What `watch` delivers: one user's change, or `reset` when the feed cannot
 * vouch that no change was missed (more changed than its window holds between
 * two reads, or rows were pruned before this process read them). On `reset`
 * every cached principal must be dropped.
 */
export type StoreChange = UserChange | { kind: 'reset' };

export type StoreErrorCode = 'EMAIL_TAKEN' | 'CLERK_ID_TAKEN' | 'USER_NOT_FOUND' | 'KEY_NOT_FOUND' | 'INVALID_INPUT';

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

/** Who made a change, for the audit log (`cli`, `api`, `dashboard:<user>`). */
export interface Actor {
  actor?: string;
}

export interface Store extends AccountStore {
  /**
   * Without a role, the first user is an admin and every later one a member
   * (decided inside the store, so two first users at once cannot both be admin).
   */
  createUser(input: { email: string; name?: string | null; role?: Role; passwordHash?: string | null; clerkUserId?: string | null } & Actor): Promise<User>;
  getUser(id: string): Promise<User | null>;
  getUserByEmail(email: string): Promise<User | null>;
  /** Oldest first. */
  listUsers(): Promise<User[]>;

  createApiKey(input: { userId: string; name: string; hash: string; prefix: string } & Actor): Promise<ApiKeyRecord>;
  /** Oldest first, revoked ones included. */
  listApiKeys(userId: string): Promise<ApiKeyRecord[]>;
  /** Revokes a key; with `userId`, only that user's key (tenant-scoped callers). Null when no such key. */
  revokeApiKey(input: { id: string; userId?: string } & Actor): Promise<ApiKeyRecord | null>;
  /** The key with this hash, unless unknown or revoked, with its user and enabled connections. */
  resolveApiKey(hash: string): Promise<ResolvedKey | null>;
  /** Records that a key was used; callers throttle this, it is not on every request. */
  touchApiKey(id: string, at: number): Promise<void>;

  /**
   * Enables an integration for a user with a (new) sealed credential. Given
   * settings replace the stored ones; without them an enabled connection keeps
   * its settings (a new token does not change what it may do).
   */
  upsertConnection(input: { userId: string; slug: string; sealedCredential: string; settings?: ConnectionSettings } & Actor): Promise<Connection>;
  /** Replaces the settings of an enabled connection; null when it is not enabled. */
  updateConnectionSettings(input: { userId: string; slug: string; settings: ConnectionSettings } & Actor): Promise<Connection | null>;
  /** Disables an integration and drops its credential and settings. False when it was not enabled. */
  disableConnection(input: { userId: string; slug: string } & Actor): Promise<boolean>;
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
