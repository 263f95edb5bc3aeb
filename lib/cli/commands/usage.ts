import { readUsage } from '../../services/usage.ts';
import { findUserByEmail } from '../../services/users.ts';
import { UsageError, parseFlags, requireFlag, table } from '../args.ts';
import type { CliContext } from '../context.ts';
import { serviceDeps, withServiceErrors } from '../services.ts';
import { usageExport, usageExportUsage } from './usage-export.ts';

export const usageUsage = `Usage:
  mcphub usage --user E [--since YYYY-MM-DD] [--json]
${usageExportUsage}`;

export function usage(argv: string[], ctx: CliContext): Promise<void> {
  if (argv[0] === 'export') return usageExport(argv.slice(1), ctx);
  return withServiceErrors(async () => {
    const deps = serviceDeps(ctx);
    const { values } = parseFlags(argv, { user: { type: 'string' }, since: { type: 'string' }, json: { type: 'boolean' } });
    const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
    const since = values.since === undefined ? 0 : Date.parse(values.since);
    if (Number.isNaN(since)) throw new UsageError(`--since must be a date such as 2026-11-01, not "${values.since}".`);
    const summary = await readUsage(deps, { userId: user.id, since });
    if (values.json) {
      ctx.io.out(JSON.stringify({ user: user.email, since: since ? new Date(since).toISOString() : null, ...summary }));
      return;
    }
    const { totals } = summary;
    ctx.io.out(`Tool calls for ${user.email}${values.since ? ` since ${values.since}` : ''}: ${totals.calls} (${totals.billable} billable, ${totals.errors} errors)\n\n${table(summary.byIntegration.map((r) => ({ ...r, p50_ms: r.p50Ms, p95_ms: r.p95Ms })), ['slug', 'calls', 'errors', 'billable', 'p50_ms', 'p95_ms'])}`);
  });
}
