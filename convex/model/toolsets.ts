/**
 * Toolsets (lib/store/toolsets.ts) and keys' bindings to them. Each write is
 * a `toolset` change of its user, with its audit entry, in one transaction;
 * shape and bounds are checked by the same `toolsetProblem` as the embedded store.
 */
import type { MutationCtx, QueryCtx } from '../_generated/server';
import { newId } from '../../lib/store/ids.ts';
import { MAX_TOOLSETS_PER_USER, TOOL_MODES, cleanRules, toolsetProblem, type ToolMode, type ToolsetSpec } from '../../lib/store/toolsets.ts';
import { recordChange } from './changes.ts';
import { refuse, toApiKey, toToolset } from './records.ts';
import { userById } from './users.ts';

/** The user's toolset document with this id; null when unknown or another user's. */
export async function toolsetDoc(ctx: QueryCtx, userId: string, id: string) {
  const doc = await ctx.db.query('toolsets').withIndex('by_hub_id', (q) => q.eq('id', id)).unique();
  return doc && doc.userId === userId ? doc : null;
}

function check(spec: Partial<ToolsetSpec>): void {
  const problem = toolsetProblem(spec);
  if (problem) refuse('INVALID_INPUT', problem);
}

/** Read in the writing transaction, so two writes of one name conflict and the retry finds the first. */
async function refuseTakenName(ctx: QueryCtx, userId: string, name: string, exceptId?: string): Promise<void> {
  const holder = await ctx.db.query('toolsets').withIndex('by_user_name', (q) => q.eq('userId', userId).eq('nameKey', name.toLowerCase())).first();
  if (holder && holder.id !== exceptId) refuse('TOOLSET_NAME_TAKEN', `a toolset named "${name}" already exists`);
}

export async function listToolsets(ctx: QueryCtx, userId: string) {
  return (await ctx.db.query('toolsets').withIndex('by_user', (q) => q.eq('userId', userId)).collect()).map(toToolset);
}

export async function getToolset(ctx: QueryCtx, userId: string, id: string) {
  const doc = await toolsetDoc(ctx, userId, id);
  return doc ? toToolset(doc) : null;
}

export async function createToolset(ctx: MutationCtx, input: { userId: string; actor?: string; now: number } & ToolsetSpec) {
  check(input);
  if (!(await userById(ctx, input.userId))) refuse('USER_NOT_FOUND', `no user with id ${input.userId}`);
  const existing = await ctx.db.query('toolsets').withIndex('by_user', (q) => q.eq('userId', input.userId)).take(MAX_TOOLSETS_PER_USER);
  if (existing.length >= MAX_TOOLSETS_PER_USER) refuse('INVALID_INPUT', `a user has at most ${MAX_TOOLSETS_PER_USER} toolsets`);
  const name = input.name.trim();
  await refuseTakenName(ctx, input.userId, name);
  const toolset = { id: newId('tls'), userId: input.userId, name, rules: cleanRules(input.rules), excludeDestructive: input.excludeDestructive, mode: input.mode, passThrough: input.passThrough ?? false, createdAt: input.now, updatedAt: input.now };
  await ctx.db.insert('toolsets', { ...toolset, nameKey: name.toLowerCase() });
  await recordChange(ctx, { kind: 'toolset', userId: input.userId, actor: input.actor, action: 'toolset.create', target: toolset.id, now: input.now });
  return toolset;
}

export async function updateToolset(ctx: MutationCtx, input: { userId: string; id: string; actor?: string; now: number } & Partial<ToolsetSpec>) {
  check(input);
  const doc = await toolsetDoc(ctx, input.userId, input.id);
  if (!doc) return null;
  // Pass-through ties rules, mode and exclusions together: the toolset as it will be is checked whole.
  const { id: _id, userId: _userId, actor: _actor, now: _now, ...changes } = input;
  check({ ...toToolset(doc), ...changes });
  const name = input.name?.trim() ?? doc.name;
  if (name.toLowerCase() !== doc.nameKey) await refuseTakenName(ctx, input.userId, name, doc.id);
  const patch = {
    name,
    nameKey: name.toLowerCase(),
    ...(input.rules !== undefined && { rules: cleanRules(input.rules) }),
    ...(input.excludeDestructive !== undefined && { excludeDestructive: input.excludeDestructive }),
    ...(input.mode !== undefined && { mode: input.mode }),
    ...(input.passThrough !== undefined && { passThrough: input.passThrough }),
    updatedAt: input.now,
  };
  await ctx.db.patch(doc._id, patch);
  await recordChange(ctx, { kind: 'toolset', userId: input.userId, actor: input.actor, action: 'toolset.update', target: doc.id, now: input.now });
  return toToolset({ ...doc, ...patch });
}

export async function deleteToolset(ctx: MutationCtx, input: { userId: string; id: string; actor?: string; now: number }): Promise<boolean> {
  const doc = await toolsetDoc(ctx, input.userId, input.id);
  if (!doc) return false;
  const bound = await ctx.db.query('apiKeys').withIndex('by_toolset', (q) => q.eq('toolsetId', doc.id)).collect();
  const active = bound.filter((key) => key.revokedAt === null);
  if (active.length > 0) refuse('TOOLSET_IN_USE', `the toolset is bound to ${active.length} active key(s): ${active.map((k) => k.id).join(', ')}`);
  for (const key of bound) await ctx.db.patch(key._id, { toolsetId: null });
  await ctx.db.delete(doc._id);
  await recordChange(ctx, { kind: 'toolset', userId: input.userId, actor: input.actor, action: 'toolset.delete', target: doc.id, now: input.now });
  return true;
}

export async function bindApiKey(ctx: MutationCtx, input: { userId: string; keyId: string; toolsetId: string | null; mode: ToolMode | null; actor?: string; now: number }) {
  const key = await ctx.db.query('apiKeys').withIndex('by_hub_id', (q) => q.eq('id', input.keyId)).unique();
  if (!key || key.userId !== input.userId) return null;
  if (input.mode !== null && !TOOL_MODES.includes(input.mode)) refuse('INVALID_INPUT', `the mode must be one of ${TOOL_MODES.join(', ')}`);
  if (key.revokedAt !== null) refuse('INVALID_INPUT', `key ${key.id} is revoked`);
  if (input.toolsetId !== null && !(await toolsetDoc(ctx, input.userId, input.toolsetId))) refuse('TOOLSET_NOT_FOUND', `no toolset with id ${input.toolsetId}`);
  await ctx.db.patch(key._id, { toolsetId: input.toolsetId, mode: input.mode });
  await recordChange(ctx, { kind: 'toolset', userId: input.userId, actor: input.actor, action: 'key.bind', target: `${key.id} ${input.toolsetId ?? 'all tools'} ${input.mode ?? 'default'}`, now: input.now });
  return toApiKey({ ...key, toolsetId: input.toolsetId, mode: input.mode });
}
