/** Documents → the hub's records (dropping Convex's `_id`, `_creationTime` and stored-only fields), and StoreError over the wire. */
import { ConvexError } from 'convex/values';
import type { Doc } from '../_generated/dataModel';
import { DEFAULT_PLAN_ID } from '../../lib/billing/plans.ts';
import type { StoreErrorCode } from '../../lib/store/port.ts';

/** The password hash stays behind (only the sign-in path reads it); fields from before accounts read as a member without sign-in, and from before plans as the default plan. */
export const toUser = ({ id, email, name, role, passwordHash, clerkUserId, plan, createdAt }: Omit<Doc<'users'>, '_id' | '_creationTime'>) => ({
  id, email, name, role: role ?? ('member' as const), hasPassword: typeof passwordHash === 'string', clerkUserId: clerkUserId ?? null, plan: plan ?? DEFAULT_PLAN_ID, createdAt,
});

export const toSession = ({ id, userId, createdAt, lastSeenAt, expiresAt, userAgent }: Omit<Doc<'sessions'>, '_id' | '_creationTime'>) => ({ id, userId, createdAt, lastSeenAt, expiresAt, userAgent });

export function toOneTimeToken({ id, kind, email, role, userId, createdAt, expiresAt }: Omit<Doc<'oneTimeTokens'>, '_id' | '_creationTime'>) {
  const base = { id, createdAt, expiresAt };
  switch (kind) {
    case 'setup':
      return { ...base, kind };
    case 'invite':
      return { ...base, kind, email: email ?? '', role: role ?? ('member' as const) };
    case 'reset':
      return { ...base, kind, userId: userId ?? '' };
  }
}

export const toApiKey = ({ id, userId, name, prefix, createdAt, lastUsedAt, lastClient, revokedAt, toolsetId, mode }: Doc<'apiKeys'>) => ({
  id, userId, name, prefix, createdAt, lastUsedAt, lastClient: lastClient ?? null, revokedAt, toolsetId: toolsetId ?? null, mode: mode ?? null,
});

export const toToolset = ({ id, userId, name, rules, excludeDestructive, mode, passThrough, createdAt, updatedAt }: Doc<'toolsets'>) => ({ id, userId, name, rules, excludeDestructive, mode, passThrough: passThrough ?? false, createdAt, updatedAt });

export const toConnection = ({ userId, slug, enabled, sealedCredential, settings, account, attention, createdAt, updatedAt }: Doc<'connections'>) => ({
  userId, slug, enabled, sealedCredential, settings, account: account ?? null, attention: attention ? { kind: attention.kind ?? 'needs_reconnect', reason: attention.reason, at: attention.at } : null, createdAt, updatedAt,
});

export const toUsageEvent = ({ _id, _creationTime, folded, hasArguments, ...event }: Doc<'usageEvents'>) => event;

export const toMeter = ({ userId, period, calls, billableCalls, errors, upstreamMs }: Doc<'meters'>) => ({ userId, period, calls, billableCalls, errors, upstreamMs });

export const toAudit = ({ id, userId, actor, action, target, at }: Doc<'audit'>) => ({ id, userId, actor, action, target, at });

/** An expected refusal; the Convex Store adapter turns it back into a StoreError with the same code. */
export function refuse(code: StoreErrorCode, message: string): never {
  throw new ConvexError({ code, message });
}
