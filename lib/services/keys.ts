/**
 * API keys of one user: create (the key is returned once and never stored),
 * list, rotate and revoke. Every function is scoped by `userId`: another
 * user's key is `not_found`, exactly like a key that does not exist, so the
 * API cannot be used to probe for key ids. A running hub refuses a revoked
 * key within a second (store change feed).
 */
import { generateApiKey } from '../crypto/api-keys.ts';
import type { ApiKeyRecord } from '../store/port.ts';
import { TOOL_MODES, type ToolMode } from '../store/toolsets.ts';
import type { ServiceDeps } from './deps.ts';
import { ServiceError, fromStoreError } from './errors.ts';
import { checkKeyLimit } from './plan-limits.ts';

export const MAX_KEY_NAME_CHARS = 100;

export interface CreatedKey {
  record: ApiKeyRecord;
  /** The full key: show it to its owner now; it cannot be read again. */
  key: string;
}

type KeyDeps = Pick<ServiceDeps, 'store' | 'actor' | 'hints'>;

function checkName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > MAX_KEY_NAME_CHARS) throw new ServiceError('invalid', `A key name must be 1 to ${MAX_KEY_NAME_CHARS} characters.`);
  return name;
}

/**
 * A new key for the user, within their plan's `maxKeys` (`plan_limit` past
 * it, lib/services/plan-limits.ts); with `toolsetId` it sees only that toolset
 * of the user's (lib/services/toolsets.ts), and `mode` overrides the toolset's
 * discovery mode.
 */
export async function createKey(deps: KeyDeps & Pick<ServiceDeps, 'plans'>, input: KeyInput): Promise<CreatedKey> {
  checkName(input.name);
  await checkKeyLimit(deps, input.userId);
  return issueKey(deps, input);
}

type KeyInput = { userId: string; name: string; toolsetId?: string | null; mode?: ToolMode | null };

/** Stores a new key with no plan check: a rotation replaces a key, so it never adds one. */
async function issueKey(deps: Pick<ServiceDeps, 'store' | 'actor'>, input: KeyInput): Promise<CreatedKey> {
  const name = checkName(input.name);
  if (input.mode != null && !TOOL_MODES.includes(input.mode)) throw new ServiceError('invalid', `Unknown mode "${String(input.mode).slice(0, 40)}": use ${TOOL_MODES.join(' or ')}.`);
  const generated = generateApiKey();
  try {
    const binding = { toolsetId: input.toolsetId ?? null, mode: input.mode ?? null };
    const record = await deps.store.createApiKey({ userId: input.userId, name, hash: generated.hash, prefix: generated.prefix, ...binding, actor: deps.actor });
    return { record, key: generated.key };
  } catch (error) {
    throw fromStoreError(error, { USER_NOT_FOUND: `No user with id ${input.userId}.`, TOOLSET_NOT_FOUND: `No toolset with id ${String(input.toolsetId).slice(0, 100)} among your toolsets; create the key without one, or pick one of yours.` });
  }
}

/** Oldest first, revoked ones included. */
export function listKeys(deps: Pick<ServiceDeps, 'store'>, input: { userId: string }): Promise<ApiKeyRecord[]> {
  return deps.store.listApiKeys(input.userId);
}

function noSuchKey(deps: KeyDeps, keyId: string): ServiceError {
  return new ServiceError('not_found', `No key with id ${keyId}. ${deps.hints.listKeys()}`);
}

export async function revokeKey(deps: KeyDeps, input: { userId: string; keyId: string }): Promise<ApiKeyRecord> {
  const revoked = await deps.store.revokeApiKey({ id: input.keyId, userId: input.userId, actor: deps.actor });
  if (!revoked) throw noSuchKey(deps, input.keyId);
  return revoked;
}

/**
 * Revokes a key of any user: only for the operator on the hub's machine (the
 * CLI's `keys revoke <id>`, which manages every user and takes no user). The
 * API and the dashboard revoke through `revokeKey`.
 */
export async function revokeAnyUsersKey(deps: KeyDeps, input: { keyId: string }): Promise<ApiKeyRecord> {
  const revoked = await deps.store.revokeApiKey({ id: input.keyId, actor: deps.actor });
  if (!revoked) throw noSuchKey(deps, input.keyId);
  return revoked;
}

/**
 * A new key with the old one's name, and the old one revoked. The Store port
 * has no transaction, so the order is chosen for what a failure leaves: the
 * new key is created first (a person is never left without a working key),
 * and if the old one cannot then be revoked (the store failed, or the key is
 * gone) the new one is revoked again, so a rotation happens whole or leaves
 * the keys as they were. A revocation of the old key by someone else
 * meanwhile changes nothing: revoking is idempotent and the end is the same.
 */
export async function rotateKey(deps: KeyDeps, input: { userId: string; keyId: string }): Promise<CreatedKey & { revoked: ApiKeyRecord }> {
  const old = (await deps.store.listApiKeys(input.userId)).find((k) => k.id === input.keyId);
  if (!old) throw noSuchKey(deps, input.keyId);
  if (old.revokedAt !== null) throw new ServiceError('conflict', `Key "${old.name}" (${old.id}) is already revoked, so there is nothing to rotate. ${deps.hints.createKey()}`);
  // The new key sees what the old one saw.
  const created = await issueKey(deps, { userId: input.userId, name: old.name, toolsetId: old.toolsetId, mode: old.mode });
  const undo = () => deps.store.revokeApiKey({ id: created.record.id, userId: input.userId, actor: deps.actor });
  let revoked: ApiKeyRecord | null;
  try {
    revoked = await deps.store.revokeApiKey({ id: old.id, userId: input.userId, actor: deps.actor });
  } catch (error) {
    await undo();
    throw error;
  }
  if (!revoked) {
    await undo();
    throw noSuchKey(deps, input.keyId);
  }
  return { ...created, revoked };
}
