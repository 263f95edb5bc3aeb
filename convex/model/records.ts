/** Documents → the hub's records (dropping Convex's `_id`, `_creationTime` and stored-only fields), and StoreError over the wire. */
import { ConvexError } from 'convex/values';
import type { Doc } from '../_generated/dataModel';
import type { StoreErrorCode } from '../../lib/store/port.ts';

export const toUser = ({ id, email, name, createdAt }: Doc<'users'>) => ({ id, email, name, createdAt });

export const toApiKey = ({ id, userId, name, prefix, createdAt, lastUsedAt, revokedAt }: Doc<'apiKeys'>) => ({ id, userId, name, prefix, createdAt, lastUsedAt, revokedAt });

export const toConnection = ({ userId, slug, enabled, sealedCredential, settings, createdAt, updatedAt }: Doc<'connections'>) => ({ userId, slug, enabled, sealedCredential, settings, createdAt, updatedAt });

export const toUsageEvent = ({ _id, _creationTime, folded, ...event }: Doc<'usageEvents'>) => event;

export const toMeter = ({ userId, period, calls, billableCalls, errors, upstreamMs }: Doc<'meters'>) => ({ userId, period, calls, billableCalls, errors, upstreamMs });

export const toAudit = ({ id, userId, actor, action, target, at }: Doc<'audit'>) => ({ id, userId, actor, action, target, at });

/** An expected refusal; the Convex Store adapter turns it back into a StoreError with the same code. */
export function refuse(code: StoreErrorCode, message: string): never {
  throw new ConvexError({ code, message });
}
