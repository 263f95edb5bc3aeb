/**
 * The retention job inside the deployment (crons.ts, hourly), for hubs on
 * Convex — Vercel functions included, which have no process to run it: the
 * same job as the embedded hub's (lib/usage/archive-job.ts) over this
 * deployment's own functions and R2. The store calls go through the
 * hub-secret functions the hub uses, so both paths share one
 * implementation. A day's archive is assembled in the action's memory before
 * its upload (R2 wants its length up front).
 */
import type { ActionCtx } from '../_generated/server';
import { api, internal } from '../_generated/api';
import { ARCHIVE_SETTLE_MS } from '../../lib/store/convex/archives.ts';
import type { ArchiveJobStore } from '../../lib/usage/archive-job.ts';
import { attachment, checkKey, type ObjectStore, type StoredObject } from '../../lib/usage/archive/object-store.ts';
import { hubSecret } from '../env.ts';
import * as Objects from './objects.ts';

/** The job's store: users and archive records through the deployment's functions. */
export function actionStore(ctx: ActionCtx): ArchiveJobStore {
  const secret = hubSecret();
  return {
    listUsers: () => ctx.runQuery(api.users.list, { secret }),
    oldestCallAt: (userId, before) => ctx.runQuery(api.archives.oldestCallAt, { secret, userId, before }),
    // The hubs' inserts may be in flight as this runs: the same margin as theirs.
    beginArchive: ({ userId, day }) => ctx.runMutation(api.archives.begin, { secret, userId, day, settleMs: ARCHIVE_SETTLE_MS, now: Date.now() }),
    listArchiveCalls: (input) => ctx.runQuery(api.archives.calls, { secret, ...input }),
    markArchiveWritten: (input) => ctx.runMutation(api.archives.markWritten, { secret, ...input }),
    deleteArchivedCalls: (input) => ctx.runMutation(api.archives.deleteCalls, { secret, ...input, now: Date.now() }),
    listArchives: (userId) => ctx.runQuery(api.archives.list, { secret, userId }),
  };
}

/** R2 from inside an action: uploads to the component's signed URL, metadata synced and the key recorded as for the hub's uploads. */
export function actionObjects(ctx: ActionCtx): ObjectStore {
  const secret = hubSecret();
  return {
    kind: 'r2',
    async put(key, body, { contentType, filename }) {
      const parts: Array<string | Uint8Array> = [];
      for await (const chunk of body) parts.push(chunk);
      const response = await fetch(await Objects.uploadUrl(checkKey(key)), { method: 'PUT', body: new Blob(parts as BlobPart[]), headers: { 'content-type': contentType, ...(filename && { 'content-disposition': attachment(filename) }) } });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`R2 refused the upload of ${key} with HTTP ${response.status}; check R2_BUCKET and the R2 credentials`);
      const object: StoredObject = await Objects.syncObject(ctx, key);
      await ctx.runMutation(internal.objects.record, object);
      return object;
    },
    async get(key) {
      const response = await fetch(await Objects.downloadUrl(key, 60));
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        if (response.status === 404) return null;
        throw new Error(`R2 answered HTTP ${response.status} reading ${key}`);
      }
      return { object: { key, size: Number(response.headers.get('content-length') ?? 0), modifiedAt: Date.parse(response.headers.get('last-modified') ?? '') || 0 }, body: response.body };
    },
    list: (prefix) => ctx.runQuery(api.objects.list, { secret, prefix }),
    delete: (key) => ctx.runMutation(api.objects.remove, { secret, key }),
    downloadUrl: (key, { expiresInSeconds }) => Objects.downloadUrl(key, expiresInSeconds),
  };
}
