/**
 * Exports and archives in Cloudflare R2 through `@convex-dev/r2`: the hub
 * uploads to a signed URL (its file streams from disk, never through a
 * function's arguments), the component syncs the object's metadata, and this
 * deployment keeps each key with its size in `storedObjects` so a user's
 * objects are listed by prefix. Downloads are signed URLs that expire soon.
 */
import { R2 } from '@convex-dev/r2';
import type { ActionCtx, MutationCtx, QueryCtx } from '../_generated/server';
import { checkKey } from '../../lib/usage/archive/object-store.ts';
import { r2Settings } from '../env.ts';
import { components } from './components.ts';

/** Longest a download URL may live: a leaked link should die within the hour. */
export const MAX_URL_SECONDS = 3_600;
/** Objects one listing returns: far more exports and archive days than a user has under one prefix. */
export const LIST_LIMIT = 2_000;

const r2 = () => new R2(components.r2, r2Settings());

export async function uploadUrl(key: string): Promise<string> {
  return (await r2().generateUploadUrl(checkKey(key))).url;
}

/** Reads the uploaded object's metadata into the component and returns what the hub needs of it. */
export async function syncObject(ctx: ActionCtx, key: string): Promise<{ key: string; size: number; modifiedAt: number }> {
  const bucket = r2();
  await bucket.syncMetadata(ctx, checkKey(key));
  const metadata = await bucket.getMetadata(ctx, key);
  if (!metadata) throw new Error(`R2 has no object ${key} after its upload; upload it again`);
  return { key, size: metadata.size ?? 0, modifiedAt: Date.parse(metadata.lastModified) || Date.now() };
}

export async function recordObject(ctx: MutationCtx, object: { key: string; size: number; modifiedAt: number }): Promise<void> {
  const existing = await ctx.db.query('storedObjects').withIndex('by_key', (q) => q.eq('key', object.key)).unique();
  if (existing) await ctx.db.patch(existing._id, { size: object.size, modifiedAt: object.modifiedAt });
  else await ctx.db.insert('storedObjects', object);
}

export async function downloadUrl(key: string, expiresInSeconds: number): Promise<string> {
  const expiresIn = Math.max(1, Math.min(MAX_URL_SECONDS, Math.floor(expiresInSeconds)));
  return r2().getUrl(checkKey(key), { expiresIn });
}

export async function listObjects(ctx: QueryCtx, prefix: string) {
  checkKey(prefix, { prefix: true });
  // Refused like every other use while R2 is not set up, so the hub can tell its users exports are off (not an empty list).
  r2Settings();
  // Keys are checked ASCII, so every key under the prefix sorts below prefix + U+FFFF.
  const docs = await ctx.db.query('storedObjects').withIndex('by_key', (q) => q.gte('key', prefix).lt('key', `${prefix}\uffff`)).take(LIST_LIMIT);
  return docs.map(({ key, size, modifiedAt }) => ({ key, size, modifiedAt }));
}

/** Forgets the object and has the component delete it from R2 (retried in the background). False when it was not stored. */
export async function removeObject(ctx: MutationCtx, key: string): Promise<boolean> {
  const existing = await ctx.db.query('storedObjects').withIndex('by_key', (q) => q.eq('key', checkKey(key))).unique();
  if (!existing) return false;
  await ctx.db.delete(existing._id);
  await r2().deleteObject(ctx, key);
  return true;
}
