/** Exports and archives in R2 (model/objects.ts): thin wrappers, callable only with the hub secret. */
import { v } from 'convex/values';
import { internal } from './_generated/api';
import { internalMutation } from './_generated/server';
import { hubAction, hubMutation, hubQuery } from './hub.ts';
import * as Objects from './model/objects.ts';

const vStoredObject = v.object({ key: v.string(), size: v.number(), modifiedAt: v.number() });

/** A signed URL the hub PUTs the object's bytes to. */
export const uploadUrl = hubAction({ args: { key: v.string() }, returns: v.string(), handler: (_ctx, { key }) => Objects.uploadUrl(key) });
/** After the upload: the object's metadata synced and its key recorded. */
export const sync = hubAction({
  args: { key: v.string() },
  returns: vStoredObject,
  handler: async (ctx, { key }) => {
    const object = await Objects.syncObject(ctx, key);
    await ctx.runMutation(internal.objects.record, object);
    return object;
  },
});
export const record = internalMutation({ args: vStoredObject.fields, returns: v.null(), handler: async (ctx, object) => (await Objects.recordObject(ctx, object), null) });
/** A signed download URL that expires after `expiresInSeconds` (at most an hour). */
export const downloadUrl = hubAction({ args: { key: v.string(), expiresInSeconds: v.number() }, returns: v.string(), handler: (_ctx, args) => Objects.downloadUrl(args.key, args.expiresInSeconds) });
export const list = hubQuery({ args: { prefix: v.string() }, returns: v.array(vStoredObject), handler: (ctx, { prefix }) => Objects.listObjects(ctx, prefix) });
export const remove = hubMutation({ args: { key: v.string() }, returns: v.boolean(), handler: (ctx, { key }) => Objects.removeObject(ctx, key) });
