import type { Infer } from 'convex/values';
import type { MutationCtx, QueryCtx } from '../_generated/server';
import { renewalPageProblem, type RenewalPageRequest } from '../../lib/store/oauth.ts';
import { connectionTextProblem, disableAction, isConnectionSettings, type AttentionKind } from '../../lib/store/port.ts';
import type { vSettings } from '../validators.ts';
import { recordChange } from './changes.ts';
import { refuse, toConnection } from './records.ts';
import { userById } from './users.ts';

type Settings = Infer<typeof vSettings>;

function checkSettings(settings: Settings | undefined): void {
  if (settings !== undefined && !isConnectionSettings(settings)) {
    refuse('INVALID_INPUT', 'connection settings must be a flat object of at most 32 snake_case keys with boolean, number or short string values');
  }
}

async function connectionDoc(ctx: QueryCtx, userId: string, slug: string) {
  return ctx.db.query('connections').withIndex('by_user', (q) => q.eq('userId', userId).eq('slug', slug)).unique();
}

export async function listConnections(ctx: QueryCtx, userId: string) {
  return (await ctx.db.query('connections').withIndex('by_user', (q) => q.eq('userId', userId)).collect()).map(toConnection);
}

/** The OAuth keep-alive sweep's page (lib/store/oauth.ts `listConnectionsForRenewal`): enabled connections of these slugs, in the by_user index's order. */
export async function listConnectionsForRenewal(ctx: QueryCtx, input: RenewalPageRequest) {
  const problem = renewalPageProblem(input);
  if (problem) refuse('INVALID_INPUT', problem);
  const page = await ctx.db
    .query('connections')
    .withIndex('by_user')
    .filter((q) => q.and(q.eq(q.field('enabled'), true), q.or(...input.slugs.map((slug) => q.eq(q.field('slug'), slug)))))
    .paginate({ numItems: input.limit, cursor: input.cursor ?? null });
  return { connections: page.page.map(toConnection), cursor: page.isDone ? null : page.continueCursor };
}

function checkText(input: { account?: string | null; reason?: string; kind?: string }): void {
  const problem = connectionTextProblem(input);
  if (problem) refuse('INVALID_INPUT', problem);
}

export async function upsertConnection(ctx: MutationCtx, input: { userId: string; slug: string; sealedCredential: string; settings?: Settings; account?: string | null; actor?: string; now: number }) {
  checkText(input);
  if (!(await userById(ctx, input.userId))) refuse('USER_NOT_FOUND', `no user with id ${input.userId}`);
  checkSettings(input.settings);
  const existing = await connectionDoc(ctx, input.userId, input.slug);
  const account = input.account ?? null;
  if (existing) {
    await ctx.db.patch(existing._id, { enabled: true, sealedCredential: input.sealedCredential, settings: input.settings ?? existing.settings, account, attention: null, updatedAt: input.now });
  } else {
    await ctx.db.insert('connections', { userId: input.userId, slug: input.slug, enabled: true, sealedCredential: input.sealedCredential, settings: input.settings ?? {}, account, attention: null, createdAt: input.now, updatedAt: input.now });
  }
  await recordChange(ctx, { kind: 'connection', userId: input.userId, actor: input.actor, action: 'integration.enable', target: input.slug, now: input.now });
  return toConnection((await connectionDoc(ctx, input.userId, input.slug))!);
}

export async function updateConnectionSettings(ctx: MutationCtx, input: { userId: string; slug: string; settings: Settings; actor?: string; now: number }) {
  checkSettings(input.settings);
  const existing = await connectionDoc(ctx, input.userId, input.slug);
  if (!existing?.enabled) return null;
  await ctx.db.patch(existing._id, { settings: input.settings, updatedAt: input.now });
  await recordChange(ctx, { kind: 'connection', userId: input.userId, actor: input.actor, action: 'integration.settings', target: input.slug, now: input.now });
  return toConnection({ ...existing, settings: input.settings, updatedAt: input.now });
}

/** An OAuth refresh: the credential only; settings and account stay, attention clears, replicas reload (the feed). */
export async function renewConnectionCredential(ctx: MutationCtx, input: { userId: string; slug: string; sealedCredential: string; now: number }) {
  const existing = await connectionDoc(ctx, input.userId, input.slug);
  if (!existing?.enabled) return null;
  await ctx.db.patch(existing._id, { sealedCredential: input.sealedCredential, attention: null, updatedAt: input.now });
  await recordChange(ctx, { kind: 'connection', userId: input.userId, actor: 'system', action: 'integration.renew', target: input.slug, now: input.now });
  return toConnection({ ...existing, sealedCredential: input.sealedCredential, attention: null, updatedAt: input.now });
}

export async function disableConnection(ctx: MutationCtx, input: { userId: string; slug: string; revokeFailed?: boolean; actor?: string; now: number }) {
  const existing = await connectionDoc(ctx, input.userId, input.slug);
  if (!existing?.enabled) return false;
  // The credential is dropped, not kept around disabled; settings go back to the safe defaults.
  await ctx.db.patch(existing._id, { enabled: false, sealedCredential: '', settings: {}, account: null, attention: null, updatedAt: input.now });
  await recordChange(ctx, { kind: 'connection', userId: input.userId, actor: input.actor, action: disableAction(input.revokeFailed), target: input.slug, now: input.now });
  return true;
}

/** No change-feed entry: the principal's tools stay the same (see the Store port's markConnectionAttention). */
export async function markConnectionAttention(ctx: MutationCtx, input: { userId: string; slug: string; kind: string; reason: string; at: number }) {
  checkText(input);
  const existing = await connectionDoc(ctx, input.userId, input.slug);
  if (!existing?.enabled) return false;
  await ctx.db.patch(existing._id, { attention: { kind: input.kind as AttentionKind, reason: input.reason, at: input.at } });
  return true;
}
