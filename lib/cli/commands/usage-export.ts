/**
 * `mcphub usage export`: a user's calls of one UTC month as CSV or JSONL
 * (lib/services/exports.ts). The export is stored like one made in the
 * dashboard (so it is downloadable there too), then copied to `--out`: a
 * file (written 0600 beside a temp name, then renamed), or `-` for standard
 * output, which then carries the export's bytes and nothing else.
 */
import { open, rename, rm } from 'node:fs/promises';
import { exportMonth, openExport } from '../../services/exports.ts';
import { findUserByEmail } from '../../services/users.ts';
import { CommandError, parseFlags, requireFlag } from '../args.ts';
import type { CliContext } from '../context.ts';
import { serviceDeps, withServiceErrors } from '../services.ts';

export const usageExportUsage = `  mcphub usage export --user E --month YYYY-MM [--format csv|jsonl] [--out FILE|-]`;

async function readAll(download: Awaited<ReturnType<typeof openExport>>): Promise<ReadableStream<Uint8Array>> {
  if ('body' in download) return download.body;
  const response = await fetch(download.url);
  if (!response.ok || !response.body) throw new CommandError(`Could not read the export back from object storage (HTTP ${response.status}); it is stored, download it from the Usage page.`);
  return response.body;
}

export function usageExport(argv: string[], ctx: CliContext): Promise<void> {
  return withServiceErrors(async () => {
    const { values } = parseFlags(argv, { user: { type: 'string' }, month: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } });
    const deps = serviceDeps(ctx);
    const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
    const month = requireFlag(values.month, '--month');
    const format = values.format ?? 'csv';
    const created = await exportMonth(deps, { userId: user.id, month, format });
    const body = await readAll(await openExport(deps, { userId: user.id, id: created.id }));
    const out = values.out ?? `mcphub-usage-${created.id}`;
    if (out === '-') {
      const write = ctx.io.write ?? (async (chunk: Uint8Array) => ctx.io.out(new TextDecoder().decode(chunk)));
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) await write(chunk);
      ctx.io.err(`Exported ${created.rows} calls of ${user.email} for ${month} (${format}).`);
      return;
    }
    const temp = `${out}.tmp-${process.pid}`;
    const file = await open(temp, 'w', 0o600).catch((error: Error) => {
      throw new CommandError(`Cannot write ${out}: ${error.message}. Pick another --out, or - for standard output.`);
    });
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) await file.write(chunk);
      await file.close();
      await rename(temp, out);
    } catch (error) {
      await file.close().catch(() => {});
      await rm(temp, { force: true });
      throw error;
    }
    ctx.io.out(`Exported ${created.rows} calls of ${user.email} for ${month} to ${out} (${format}).`);
  });
}
