/**
 * Exports and archives on Convex with R2, end to end in-process: convex-test
 * running convex/ with the `@convex-dev/r2` component registered (and its
 * action retrier), `s3rver` on 127.0.0.1 standing in for R2, and the hub's
 * R2 object store uploading to signed URLs; the in-process hub's API on
 * that store answers downloads with a signed URL. Wiring only: s3rver does
 * not check signatures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { internal } from '../../convex/_generated/api';
import { exportMonth, listExports, openExport } from '../../lib/services/exports.ts';
import { ServiceError } from '../../lib/services/errors.ts';
import { openConvexStore, type ConvexStore } from '../../lib/store/convex/index.ts';
import { createR2ObjectStore } from '../../lib/usage/archive/r2-store.ts';
import { archiveKey, type ObjectStore } from '../../lib/usage/archive/object-store.ts';
import { runArchiveJob } from '../../lib/usage/archive-job.ts';
import { CONVEX_SECRET, convexBackend, type ConvexTestBackend } from '../helpers/convex-backend.ts';
import { createHints } from '../../lib/server/hints.ts';
import { csvRecords } from '../helpers/csv.ts';
import { startS3Server, type S3Server } from '../helpers/s3-server.ts';
import { startInProcessHub } from '../helpers/in-process-hub.ts';
import { createSignedIn } from '../api/helpers.ts';

// The component's compiled functions, as convex-test loads a component (its `_generated` marks the root).
const r2Modules = import.meta.glob('../../node_modules/@convex-dev/r2/dist/component/**/*.js');
const retrierModules = import.meta.glob('../../node_modules/@convex-dev/action-retrier/dist/component/**/*.js');

let s3: S3Server;
let t: ConvexTestBackend;
let store: ConvexStore;
let objects: ObjectStore;
let spool: string;
const saved: Record<string, string | undefined> = {};

async function* text(...parts: string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

beforeAll(async () => {
  s3 = await startS3Server();
  // convex-test runs the deployment's functions in this process: its environment is process.env.
  for (const [name, value] of Object.entries(s3.env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  t = convexBackend();
  const r2Schema = (await import('../../node_modules/@convex-dev/r2/dist/component/schema.js')).default;
  const retrierSchema = (await import('../../node_modules/@convex-dev/action-retrier/dist/component/schema.js')).default;
  t.registerComponent('r2', r2Schema, r2Modules);
  t.registerComponent('r2/actionRetrier', retrierSchema, retrierModules);
  store = openConvexStore({ caller: t, secret: CONVEX_SECRET, archiveSettleMs: 0 });
  spool = mkdtempSync(join(tmpdir(), 'mcphub-r2-spool-'));
  objects = createR2ObjectStore({ caller: t, secret: CONVEX_SECRET, tempDir: spool });
});
afterAll(async () => {
  await store?.close();
  await s3?.close();
  rmSync(spool, { recursive: true, force: true });
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('R2 object store through @convex-dev/r2', () => {
  it('uploads through a signed URL, lists by prefix, reads back, signs a download URL and forgets a deleted object', async () => {
    const key = 'exports/usr_r2test/2026-11.csv';
    const stored = await objects.put(key, text('a,b\r\n', '1,2\r\n'), { contentType: 'text/csv; charset=utf-8' });
    expect(stored).toMatchObject({ key, size: 10 });
    await objects.put('exports/usr_other/2026-11.csv', text('x'), { contentType: 'text/csv' });
    expect((await objects.list('exports/usr_r2test/')).map((o) => [o.key, o.size])).toEqual([[key, 10]]);
    const found = await objects.get(key);
    expect(await new Response(found!.body).text()).toBe('a,b\r\n1,2\r\n');
    const url = (await objects.downloadUrl(key, { expiresInSeconds: 120 }))!;
    expect(url).toMatch(new RegExp(`^${s3.endpoint}/${s3.bucket}/exports/usr_r2test/2026-11\\.csv\\?.*X-Amz-Expires=120`));
    expect(await (await fetch(url)).text()).toBe('a,b\r\n1,2\r\n');
    // The component's metadata knows it too.
    expect(await t.run(async (ctx) => (await ctx.db.query('storedObjects').collect()).map((d) => d.key).sort())).toEqual(['exports/usr_other/2026-11.csv', key]);
    expect(await objects.delete(key)).toBe(true);
    expect(await objects.list('exports/usr_r2test/')).toEqual([]);
    expect(await objects.delete(key)).toBe(false);
    // A key that would climb is refused before any call.
    await expect(objects.put('exports/../x', text('x'), { contentType: 'text/plain' })).rejects.toThrow(/object key/);
  });

  it('exports a month on the Convex store and hands out a short-lived signed URL for it, to its user only', async () => {
    const ada = await store.createUser({ email: 'ada-r2@example.com' });
    const bob = await store.createUser({ email: 'bob-r2@example.com' });
    for (const [userId, tool] of [[ada.id, 'get_me'], [ada.id, 'create_issue'], [bob.id, 'bobs_tool']] as const) {
      await store.recordUsage({ id: `evt_r2_${tool}`, userId, keyId: 'key_a', integration: 'github', tool, outcome: 'ok', billable: true, totalMs: 3, upstreamMs: 2, bytesIn: 1, bytesOut: 1, at: Date.UTC(2026, 10, tool === 'get_me' ? 3 : 4) });
    }
    const deps = { store, objects, now: () => Date.UTC(2026, 11, 2), hints: createHints({ cli: 'npx mcphub', remote: false }) };
    expect(await exportMonth(deps, { userId: ada.id, month: '2026-11', format: 'csv' })).toMatchObject({ id: '2026-11.csv', rows: 2 });
    expect((await listExports(deps, { userId: ada.id }))?.map((e) => e.id)).toEqual(['2026-11.csv']);
    const download = await openExport(deps, { userId: ada.id, id: '2026-11.csv' });
    if (!('url' in download)) throw new Error('expected a signed URL from R2');
    expect(download.url).toContain('X-Amz-Expires=300');
    const fetched = await fetch(download.url);
    // Stored with the object at upload, so the browser following the URL saves it under the export's name.
    expect(fetched.headers.get('content-disposition')).toBe('attachment; filename="mcphub-usage-2026-11.csv"');
    expect(csvRecords(await fetched.text()).map((r) => r.tool)).toEqual(['create_issue', 'get_me']);
    expect(await listExports(deps, { userId: bob.id })).toEqual([]);
    await expect(openExport(deps, { userId: bob.id, id: '2026-11.csv' })).rejects.toThrow(/No export "2026-11.csv" of yours/);
  });

  it('archives calls past retention to R2 and deletes them from the Convex store only after', async () => {
    const cy = await store.createUser({ email: 'cy-r2@example.com' });
    const made = [Date.UTC(2026, 8, 1, 1), Date.UTC(2026, 8, 1, 2)].map((at, i) => ({ id: `evt_r2_arc_${i}`, userId: cy.id, keyId: 'key_a', integration: 'github', tool: 'get_me', outcome: 'ok' as const, billable: true, totalMs: 3, upstreamMs: 2, bytesIn: 1, bytesOut: 1, at }));
    for (const e of made) await store.recordUsage(e);
    await store.foldMeters();
    const result = await runArchiveJob({ store, objects, now: () => Date.UTC(2026, 11, 2) });
    expect(result).toMatchObject({ failed: 0 });
    expect(await store.listUsage({ userId: cy.id })).toEqual([]);
    const archived = await objects.get(archiveKey(cy.id, '2026-09-01', 1));
    const rows = (await new Response(archived!.body).text()).trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string });
    expect(rows.map((r) => r.id)).toEqual(made.map((e) => e.id));
    expect(await store.listMeters(cy.id)).toEqual([expect.objectContaining({ period: '2026-09', calls: 2 })]);
  });

  it('archives from the deployment\'s own hourly job too (hubs on Vercel have no process to run it)', async () => {
    const dee = await store.createUser({ email: 'dee-r2@example.com' });
    await store.recordUsage({ id: 'evt_r2_cron', userId: dee.id, keyId: 'key_a', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 3, upstreamMs: 2, bytesIn: 1, bytesOut: 1, at: Date.UTC(2026, 7, 1) });
    await store.foldMeters();
    // Past the settling margin the job keeps behind the clock (only Date is faked: the job's HTTP and timers are real).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 60_000);
      expect(await t.action(internal.retention.run, {})).toMatchObject({ failed: 0 });
    } finally {
      vi.useRealTimers();
    }
    expect(await store.listUsage({ userId: dee.id })).toEqual([]);
    const archived = await objects.get(archiveKey(dee.id, '2026-08-01', 1));
    expect(JSON.parse((await new Response(archived!.body).text()).trim())).toMatchObject({ id: 'evt_r2_cron', tool: 'get_me' });
  });

  it('refuses an export with the fix when R2 is not set up on the deployment', async () => {
    const eve = await store.createUser({ email: 'eve-r2@example.com' });
    const bucket = process.env.R2_BUCKET;
    delete process.env.R2_BUCKET;
    try {
      const error = await exportMonth({ store, objects, now: () => Date.UTC(2026, 11, 2) }, { userId: eve.id, month: '2026-11', format: 'csv' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).code).toBe('upstream_unreachable');
      expect((error as ServiceError).message).toMatch(/R2_BUCKET is not set on this deployment\. Run `npx convex env set <NAME> <value>`/);
      expect((error as ServiceError).message).not.toContain(CONVEX_SECRET);
      // The list says exports are off, instead of an empty table whose Download then fails.
      expect(await listExports({ store, objects }, { userId: eve.id })).toBeNull();
    } finally {
      process.env.R2_BUCKET = bucket;
    }
  });

  it('answers the API\'s download with a signed URL on Convex, which the dashboard follows, and never another user\'s', async () => {
    const hub = await startInProcessHub({ store: openConvexStore({ caller: t, secret: CONVEX_SECRET, archiveSettleMs: 0 }), objects });
    try {
      const fay = await createSignedIn(hub, 'fay-r2@example.com');
      const gus = await createSignedIn(hub, 'gus-r2@example.com');
      await hub.hub.store.recordUsage({ id: 'evt_r2_api', userId: fay.userId, keyId: 'key_a', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 3, upstreamMs: 2, bytesIn: 1, bytesOut: 1, at: Date.UTC(2026, 10, 9) });
      expect((await fay.api('/usage/exports', { method: 'POST', body: { month: '2026-11', format: 'jsonl' } })).status).toBe(200);
      expect(((await (await fay.api('/usage/exports')).json()) as { storage: string }).storage).toBe('r2');
      const answer = await fay.api('/usage/exports/2026-11.jsonl');
      expect(answer.status).toBe(200);
      const { url } = (await answer.json()) as { url: string };
      expect(url).toMatch(new RegExp(`^${s3.endpoint}/${s3.bucket}/exports/${fay.userId}/2026-11\\.jsonl\\?.*X-Amz-Expires=300`));
      expect(JSON.parse((await (await fetch(url)).text()).trim())).toMatchObject({ id: 'evt_r2_api' });
      expect((await gus.api('/usage/exports/2026-11.jsonl')).status).toBe(404);
    } finally {
      await hub.close();
    }
  });
});
