/** Row shapes of the embedded schema and their mapping to the port's types. */
import type { ToolMode, Toolset, ToolsetRule } from '../toolsets.ts';
import type { ApiKeyRecord, AttentionKind, Role, AuditEntry, Connection, ConnectionSettings, Meter, UsageEvent, UsageOutcome, User } from '../port.ts';

export interface UserRow { id: string; email: string; name: string | null; role: Role; password_hash: string | null; clerk_user_id: string | null; plan: string; created_at: number }
export interface ApiKeyRow { id: string; user_id: string; name: string; prefix: string; created_at: number; last_used_at: number | null; last_client: string | null; revoked_at: number | null; toolset_id: string | null; mode: ToolMode | null }
export interface ConnectionRow {
  user_id: string; slug: string; enabled: number; sealed_credential: string; settings: string; account: string | null;
  attention_reason: string | null; attention_at: number | null; attention_kind: AttentionKind; created_at: number; updated_at: number;
}
export interface UsageRow {
  id: string; user_id: string; key_id: string; integration: string | null; tool: string; outcome: string; billable: number;
  total_ms: number; upstream_ms: number; bytes_in: number; bytes_out: number; at: number;
  client: string | null; error: string | null; arguments: string | null;
}
export interface MeterRow { user_id: string; period: string; calls: number; billable_calls: number; errors: number; upstream_ms: number }
export interface AuditRow { id: string; user_id: string; actor: string; action: string; target: string; at: number }

/** The password hash stays behind: only the sign-in path reads it (lib/store/embedded/accounts.ts). */
export const toUser = (r: UserRow): User => ({
  id: r.id, email: r.email, name: r.name, role: r.role, hasPassword: r.password_hash !== null, clerkUserId: r.clerk_user_id, plan: r.plan, createdAt: r.created_at,
});

export const toApiKey = (r: ApiKeyRow): ApiKeyRecord => ({
  id: r.id, userId: r.user_id, name: r.name, prefix: r.prefix,
  createdAt: r.created_at, lastUsedAt: r.last_used_at, lastClient: r.last_client, revokedAt: r.revoked_at,
  toolsetId: r.toolset_id, mode: r.mode,
});

export const toConnection = (r: ConnectionRow): Connection => ({
  userId: r.user_id, slug: r.slug, enabled: r.enabled === 1, sealedCredential: r.sealed_credential,
  settings: JSON.parse(r.settings) as ConnectionSettings, account: r.account,
  attention: r.attention_reason === null || r.attention_at === null ? null : { kind: r.attention_kind, reason: r.attention_reason, at: r.attention_at },
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export const toUsage = (r: UsageRow): UsageEvent => ({
  id: r.id, userId: r.user_id, keyId: r.key_id, integration: r.integration, tool: r.tool,
  outcome: r.outcome as UsageOutcome, billable: r.billable === 1, totalMs: r.total_ms, upstreamMs: r.upstream_ms,
  bytesIn: r.bytes_in, bytesOut: r.bytes_out, at: r.at,
  // Absent, not null, as on Convex: a call without a client, error or stored arguments reads the same from both stores.
  ...(r.client !== null && { client: r.client }), ...(r.error !== null && { error: r.error }), ...(r.arguments !== null && { arguments: r.arguments }),
});

export const toMeter = (r: MeterRow): Meter => ({
  userId: r.user_id, period: r.period, calls: r.calls, billableCalls: r.billable_calls, errors: r.errors, upstreamMs: r.upstream_ms,
});

export const toAudit = (r: AuditRow): AuditEntry => ({ id: r.id, userId: r.user_id, actor: r.actor, action: r.action, target: r.target, at: r.at });

export interface ToolsetRow { id: string; user_id: string; name: string; rules: string; exclude_destructive: number; mode: ToolMode; pass_through: number; created_at: number; updated_at: number }

export const toToolset = (r: ToolsetRow): Toolset => ({
  id: r.id, userId: r.user_id, name: r.name, rules: JSON.parse(r.rules) as ToolsetRule[], excludeDestructive: r.exclude_destructive === 1, mode: r.mode, passThrough: r.pass_through === 1,
  createdAt: r.created_at, updatedAt: r.updated_at,
});
