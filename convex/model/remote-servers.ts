/**
 * Remote MCP servers (lib/store/remote-servers.ts) on Convex. A change to a
 * user's server is that user's change; to everyone's, a feed row per user
 * (model/changes.ts `appendChanges`), as the embedded store writes them.
 */
import type { Doc } from '../_generated/dataModel';
import type { MutationCtx, QueryCtx } from '../_generated/server';
import { newId } from '../../lib/store/ids.ts';
import {
  checkProblem, credentialProblem, newRemoteServerProblem,
  type NewRemoteServer, type RemoteCredentialKind, type RemoteServerCheck, type StoredRemoteServer,
} from '../../lib/store/remote-servers.ts';
import { appendChanges } from './changes.ts';
import { refuse } from './records.ts';
import { userById } from './users.ts';

export const toRemoteServer = ({ _id, _creationTime, ...record }: Doc<'remoteServers'>): StoredRemoteServer => record;

async function byId(ctx: QueryCtx, id: string) {
  return ctx.db.query('remoteServers').withIndex('by_hub_id', (q) => q.eq('id', id)).unique();
}

/** Audit (under `*` for everyone's) and feed rows of a change to a server of `ownerId`. */
async function recordChange(ctx: MutationCtx, ownerId: string | null, input: { actor?: string; now: number }, action: string, target: string) {
  await ctx.db.insert('audit', { id: newId('aud'), userId: ownerId ?? '*', actor: input.actor ?? 'system', action, target, at: input.now });
  await feed(ctx, ownerId, input.now);
}

async function feed(ctx: MutationCtx, ownerId: string | null, now: number) {
  const users = ownerId === null ? (await ctx.db.query('users').collect()).map((u) => u.id) : [ownerId];
  await appendChanges(ctx, 'connection', users, now);
}

/** The servers `userId` sees, by slug: their own and everyone's. */
export async function listRemoteServers(ctx: QueryCtx, userId: string) {
  const [own, everyone] = await Promise.all([
    ctx.db.query('remoteServers').withIndex('by_owner_slug', (q) => q.eq('ownerId', userId)).collect(),
    ctx.db.query('remoteServers').withIndex('by_owner_slug', (q) => q.eq('ownerId', null)).collect(),
  ]);
  return [...own, ...everyone].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)).map(toRemoteServer);
}

export async function getRemoteServer(ctx: QueryCtx, id: string) {
  const doc = await byId(ctx, id);
  return doc ? toRemoteServer(doc) : null;
}

export async function createRemoteServer(ctx: MutationCtx, input: NewRemoteServer & { now: number }) {
  const problem = newRemoteServerProblem(input);
  if (problem) refuse('INVALID_INPUT', problem);
  if (input.ownerId !== null && !(await userById(ctx, input.ownerId))) refuse('USER_NOT_FOUND', `no user with id ${input.ownerId}`);
  const sameSlug = await ctx.db.query('remoteServers').withIndex('by_slug', (q) => q.eq('slug', input.slug)).collect();
  // A server everyone sees must not shadow anyone's, nor anyone's shadow it.
  if (sameSlug.some((doc) => input.ownerId === null || doc.ownerId === null || doc.ownerId === input.ownerId)) {
    refuse('SLUG_TAKEN', `the slug ${input.slug} is already used by another MCP server; pick another one`);
  }
  const record: StoredRemoteServer = {
    id: newId('rms'), ownerId: input.ownerId, slug: input.slug, url: input.url, credentialKind: input.credentialKind, sealedCredential: input.sealedCredential,
    protocol: null, toolsJson: '[]', status: 'pending', statusReason: null, checkedAt: null, createdAt: input.now, updatedAt: input.now,
  };
  await ctx.db.insert('remoteServers', record);
  await recordChange(ctx, input.ownerId, input, 'remote.add', input.slug);
  return record;
}

export async function updateRemoteServerCredential(ctx: MutationCtx, input: { id: string; ownerId: string | null; credentialKind: RemoteCredentialKind; sealedCredential: string; actor?: string; now: number }) {
  const problem = credentialProblem(input);
  if (problem) refuse('INVALID_INPUT', problem);
  const doc = await byId(ctx, input.id);
  if (!doc || doc.ownerId !== input.ownerId) return null;
  await ctx.db.patch(doc._id, { credentialKind: input.credentialKind, sealedCredential: input.sealedCredential, updatedAt: input.now });
  await recordChange(ctx, doc.ownerId, input, 'remote.credential', doc.slug);
  return toRemoteServer((await ctx.db.get(doc._id))!);
}

export async function recordRemoteServerCheck(ctx: MutationCtx, input: Omit<RemoteServerCheck, 'tools'> & { toolsJson?: string; now: number }) {
  const toolsJson = input.toolsJson ?? null;
  const problem = checkProblem({ ...input, tools: [] }, toolsJson);
  if (problem) refuse('INVALID_INPUT', problem);
  const doc = await byId(ctx, input.id);
  if (!doc) return null;
  const changed = (toolsJson !== null && toolsJson !== doc.toolsJson) || input.status !== doc.status;
  await ctx.db.patch(doc._id, {
    status: input.status, statusReason: input.statusReason, checkedAt: input.checkedAt,
    ...(input.protocol != null && { protocol: input.protocol }), ...(toolsJson !== null && { toolsJson }),
  });
  // Not audited: a check is the hub's own doing, and a refresh may run often.
  if (changed) await feed(ctx, doc.ownerId, input.now);
  return toRemoteServer((await ctx.db.get(doc._id))!);
}

export async function removeRemoteServer(ctx: MutationCtx, input: { id: string; ownerId: string | null; actor?: string; now: number }) {
  const doc = await byId(ctx, input.id);
  if (!doc || doc.ownerId !== input.ownerId) return false;
  await ctx.db.delete(doc._id);
  await recordChange(ctx, doc.ownerId, input, 'remote.remove', doc.slug);
  return true;
}
