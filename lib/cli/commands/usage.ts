import { readUsage } from '../../services/usage.ts';
import { planStatus } from '../../services/plans.ts';
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
    const [summary, plan] = await Promise.all([readUsage(deps, { userId: user.id, since }), planStatus(deps, user.id)]);
    if (values.json) {
      ctx.io.out(JSON.stringify({ user: user.email, since: since ? new Date(since).toISOString() : null, ...summary, plan }));
      return;
    }
    const { totals } = summary;
    ctx.io.out(`Tool calls for ${user.email}${values.since ? ` since ${values.since}` : ''}: ${totals.calls} (${totals.billable} billable, ${totals.errors} errors)\n${planLine(plan)}\n\n${table(summary.byIntegration.map((r) => ({ ...r, p50_ms: r.p50Ms, p95_ms: r.p95Ms })), ['slug', 'calls', 'errors', 'billable', 'p50_ms', 'p95_ms'])}`);
  });
}

/** `Plan: Free — 12 of 1,000 billable calls in 2026-12; resets 2027-01-01 (UTC), then refused.` */
function planLine(status: Awaited<ReturnType<typeof planStatus>>): string {
  const figure = (n: number) => n.toLocaleString('en-US');
  const of = status.limit === null ? `${figure(status.used)} billable calls (unlimited)` : `${figure(status.used)} of ${figure(status.limit)} billable calls`;
  const past = status.limit === null ? '' : status.overage === 'refuse' ? ', then refused' : ', then billed as overage';
  return `Plan: ${status.plan.name} — ${of} in ${status.period}; resets ${new Date(status.resetsAt).toISOString().slice(0, 10)} (UTC)${past}.`;
}
