/**
 * Objects in Cloudflare R2 for a hub on Convex, through the deployment's
 * functions in convex/objects.ts (which hold the R2 credentials; the hub
 * never sees them). A put spools the body to a 0600 temp file first — its
 * length must be known for the signed PUT, and a month of rows must not sit
 * in memory — then uploads the file as it streams from disk and has the
 * deployment record it. Reads and downloads go through short-lived signed
 * URLs. No error leaves with the hub secret or a signed URL in it.
 */
import { openAsBlob } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { api } from '../../../convex/_generated/api';
import { scrubSecret, type ConvexCaller } from '../../store/convex/caller.ts';
import { ConvexError } from 'convex/values';
import { attachment, checkKey, ObjectStoreUnavailable, type ObjectStore, type StoredObject } from './object-store.ts';

export interface R2ObjectStoreOptions {
  /** A caller with actions (convexHttpCaller, or convex-test's `t`). */
  caller: ConvexCaller;
  /** MCPHUB_CONVEX_SECRET. */
  secret: string;
  /** Where uploads are spooled before they are sent (created 0700). */
  tempDir: string;
  fetch?: typeof fetch;
}

/** How long the URL a read fetches through may live: it is used at once. */
const READ_URL_SECONDS = 60;

export function createR2ObjectStore(options: R2ObjectStoreOptions): ObjectStore {
  const { caller, secret } = options;
  const fetchFn = options.fetch ?? fetch;
  const call = async <T>(kind: 'query' | 'mutation' | 'action', ref: unknown, args: Record<string, unknown>): Promise<T> => {
    try {
      if (kind === 'action') {
        if (!caller.action) throw new Error('this Convex caller cannot run actions, which R2 storage needs');
        return (await caller.action(ref as never, { ...args, secret })) as T;
      }
      return (await caller[kind](ref as never, { ...args, secret })) as T;
    } catch (error) {
      // convex/env.ts's refusal for R2 not set up on the deployment (kept as a literal: this module must not import the deployment's env).
      const data = error instanceof ConvexError ? (error.data as { code?: unknown; message?: unknown }) : null;
      if (data?.code === 'R2_NOT_CONFIGURED') throw new ObjectStoreUnavailable(String(data.message));
      throw scrubSecret(secret, error);
    }
  };
  const downloadUrl = (key: string, expiresInSeconds: number) => call<string>('action', api.objects.downloadUrl, { key: checkKey(key), expiresInSeconds });

  return {
    kind: 'r2',
    async put(key, body, { contentType, filename }) {
      checkKey(key);
      await mkdir(options.tempDir, { recursive: true, mode: 0o700 });
      const temp = join(options.tempDir, `.upload-${crypto.randomUUID()}`);
      try {
        const file = await open(temp, 'wx', 0o600);
        try {
          for await (const chunk of body) await (typeof chunk === 'string' ? file.write(chunk) : file.write(chunk));
        } finally {
          await file.close();
        }
        const url = await call<string>('action', api.objects.uploadUrl, { key });
        // Not part of the signature: stored with the object and sent back with every download of it.
        const headers = { 'content-type': contentType, ...(filename && { 'content-disposition': attachment(filename) }) };
        const response = await fetchFn(url, { method: 'PUT', body: await openAsBlob(temp), headers });
        await response.body?.cancel();
        if (!response.ok) throw new Error(`R2 refused the upload of ${key} with HTTP ${response.status}; check the bucket and the R2 credentials set on the Convex deployment`);
        return await call<StoredObject>('action', api.objects.sync, { key });
      } finally {
        await rm(temp, { force: true });
      }
    },
    async get(key) {
      const response = await fetchFn(await downloadUrl(key, READ_URL_SECONDS));
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new Error(`R2 answered HTTP ${response.status} reading ${key}`);
      }
      const size = Number(response.headers.get('content-length') ?? 0);
      const modifiedAt = Date.parse(response.headers.get('last-modified') ?? '') || 0;
      return { object: { key, size, modifiedAt }, body: response.body };
    },
    list: (prefix) => call<StoredObject[]>('query', api.objects.list, { prefix: checkKey(prefix, { prefix: true }) }),
    delete: (key) => call<boolean>('mutation', api.objects.remove, { key: checkKey(key) }),
    downloadUrl: (key, { expiresInSeconds }) => downloadUrl(key, expiresInSeconds),
  };
}
