/**
 * `/usage/exports`: the signed-in user's monthly usage exports — list,
 * create for a month (CSV or JSONL), download — over lib/services/exports.ts.
 * A download streams the file with Content-Disposition from the hub's own
 * files (embedded), or answers `{ url }`, a signed R2 URL good for a few
 * minutes, that the dashboard follows (Convex). Another user's export reads
 * as not found: keys are built from the signed-in user's id.
 */
import { Elysia, t } from 'elysia';
import { exportMonth, listExports, openExport, type ExportRecord } from '../services/exports.ts';
import { attachment, EXPORT_FORMATS } from '../usage/archive/object-store.ts';
import { apiBase } from './base.ts';
import type { ApiDeps } from './deps.ts';
import { errors } from './http.ts';

const Export = t.Object({
  id: t.String({ description: '<YYYY-MM>.<format>, what GET /usage/exports/:id takes' }),
  month: t.String({ description: 'YYYY-MM, UTC' }),
  format: t.UnionEnum(EXPORT_FORMATS),
  size: t.Number({ description: 'bytes' }),
  createdAt: t.Number(),
});

const exportView = (record: ExportRecord): typeof Export.static => ({ id: record.id, month: record.month, format: record.format, size: record.size, createdAt: record.createdAt });

export function exportRoutes(deps: ApiDeps) {
  const exportDeps = () => ({ ...deps.services, ...(deps.now && { now: deps.now }) });
  return new Elysia()
    .use(apiBase(deps))
    .get('/usage/exports', async ({ me }) => {
      const listed = await listExports(exportDeps(), { userId: me.user.id });
      /** `files`: download from this API; `r2`: this API answers a signed URL to follow; null: exports are off. */
      return { items: (listed ?? []).map(exportView), storage: listed === null ? null : (deps.services.objects?.kind ?? null) };
    }, {
      signedIn: true,
      response: { 200: t.Object({ items: t.Array(Export), storage: t.Union([t.Literal('files'), t.Literal('r2'), t.Null()]) }), ...errors },
    })
    .post('/usage/exports', async ({ me, body }) => {
      const created = await exportMonth(exportDeps(), { userId: me.user.id, month: body.month, format: body.format ?? 'csv' });
      return { ...exportView(created), rows: created.rows };
    }, {
      signedIn: true,
      body: t.Object({
        month: t.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'the UTC month, YYYY-MM (for example 2026-11); this month exports what is recorded so far' }),
        format: t.Optional(t.UnionEnum(EXPORT_FORMATS, { description: `${EXPORT_FORMATS.join(' or ')} (default csv)` })),
      }),
      response: { 200: t.Object({ ...Export.properties, rows: t.Number({ description: 'calls in it' }) }), ...errors },
    })
    .get('/usage/exports/:id', async ({ me, params }) => {
      const download = await openExport(exportDeps(), { userId: me.user.id, id: params.id });
      if ('url' in download) return { url: download.url };
      return new Response(download.body, {
        headers: {
          'content-type': download.contentType,
          'content-length': String(download.record.size),
          'content-disposition': attachment(download.filename),
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        },
      });
    }, {
      signedIn: true,
      params: t.Object({ id: t.String({ minLength: 1, maxLength: 40, description: '<YYYY-MM>.<csv|jsonl>' }) }),
    });
}
