import { listRemoteServers } from './remote-servers.ts';
import type { MutationCtx, QueryCtx } from '../_generated/server';
import { newId } from '../../lib/store/ids.ts';
import { recordChange } from './changes.ts';
import { toApiKey, toConnection, toToolset, toUser, refuse } from './records.ts';
import { userById } from './users.ts';
import { callLogSettings } from './calls.ts';
import { toolsetDoc } from './toolsets.ts';
import { TOOL_MODES, type ToolMode } from '../../lib/store/toolsets.ts';

export async function createApiKey(ctx: MutationCtx, input: { userId: string; name: string; hash: string; prefix: string; toolsetId?: string | null; mode?: ToolMode | null; actor?: string; now: number }) {
  if (!(await userById(ctx, input.userId))) refuse('USER_NOT_FOUND', `no user with id ${input.userId}`);
  const toolsetId = input.toolsetId ?? null;
  const mode = input.mode ?? null;
  if (mode !== null && !TOOL_MODES.includes(mode)) refuse('INVALID_INPUT', `the mode must be one of ${TOOL_MODES.join(', ')}`);
  if (toolsetId !== null && !(await toolsetDoc(ctx, input.userId, toolsetId))) refuse('TOOLSET_NOT_FOUND', `no toolset with id ${toolsetId}`);
  const key = { id: newId('key'), userId: input.userId, name: input.name, prefix: input.prefix, createdAt: input.now, lastUsedAt: null, lastClient: null, revokedAt: null, toolsetId, mode };
  await ctx.db.insert('apiKeys', { ...key, hash: input.hash });
  await recordChange(ctx, { kind: 'key', userId: key.userId, actor: input.actor, action: 'key.create', target: key.id, now: input.now });
  return key;
}

export async function listApiKeys(ctx: QueryCtx, userId: string) {
  return (await ctx.db.query('apiKeys').withIndex('by_user', (q) => q.eq('userId', userId)).collect()).map(toApiKey);
}

export async function revokeApiKey(ctx: MutationCtx, input: { id: string; userId?: string; actor?: string; now: number }) {
  const doc = await ctx.db.query('apiKeys').withIndex('by_hub_id', (q) => q.eq('id', input.id)).unique();
  if (!doc || (input.userId !== undefined && doc.userId !== input.userId)) return null;
  if (doc.revokedAt !== null) return toApiKey(doc);
  await ctx.db.patch(doc._id, { revokedAt: input.now });
  await recordChange(ctx, { kind: 'key', userId: doc.userId, actor: input.actor, action: 'key.revoke', target: doc.id, now: input.now });
  return toApiKey({ ...doc, revokedAt: input.now });
}

/** The key with this hash, unless unknown or revoked, with its user and enabled connections. */
export async function resolveApiKey(ctx: QueryCtx, hash: string) {
  const key = await ctx.db.query('apiKeys').withIndex('by_hash', (q) => q.eq('hash', hash)).unique();
  if (!key || key.revokedAt !== null) return null;
  const user = await userById(ctx, key.userId);
  if (!user) return null;
  const connections = await ctx.db.query('connections').withIndex('by_user', (q) => q.eq('userId', user.id)).collect();
  const toolset = key.toolsetId ? await toolsetDoc(ctx, user.id, key.toolsetId) : null;
  return { key: toApiKey(key), user: toUser(user), connections: connections.filter((c) => c.enabled).map(toConnection), toolset: toolset ? toToolset(toolset) : null, callLog: await callLogSettings(ctx, user.id), remoteServers: await listRemoteServers(ctx, user.id) };
}

export async function touchApiKey(ctx: MutationCtx, input: { id: string; at: number; client?: string }) {
  const doc = await ctx.db.query('apiKeys').withIndex('by_hub_id', (q) => q.eq('id', input.id)).unique();
  if (!doc || (doc.lastUsedAt ?? 0) > input.at) return;
  // The client moves only with a use at least as new as the last one recorded.
  const client = input.client === undefined || input.client === doc.lastClient ? {} : { lastClient: input.client };
  if ((doc.lastUsedAt ?? 0) < input.at || 'lastClient' in client) await ctx.db.patch(doc._id, { lastUsedAt: input.at, ...client });
}
