/** A user's tool calls, summarised: totals and per-integration latency (lib/usage/summary.ts). */
import { summarizeUsage, type UsageSummary } from '../usage/summary.ts';
import type { ServiceDeps } from './deps.ts';
import { requireUser } from './users.ts';

export async function readUsage(deps: Pick<ServiceDeps, 'store'>, input: { userId: string; since?: number }): Promise<UsageSummary> {
  await requireUser(deps, input.userId);
  return summarizeUsage(await deps.store.listUsage({ userId: input.userId, since: input.since ?? 0 }));
}
