/**
 * A user's tool calls, summarised: the CLI's totals and per-integration
 * latency (lib/usage/summary.ts), and the Usage page's calls per day, tool
 * statistics, top tools and calls this month (lib/usage/stats.ts).
 */
import { summarizeUsage, type UsageSummary } from '../usage/summary.ts';
import { monthStart, toolStats as statsOf, usageByDay as byDay, windowStart, type DayUsage, type ToolStats } from '../usage/stats.ts';
import type { ServiceDeps } from './deps.ts';
import { ServiceError } from './errors.ts';
import { requireUser } from './users.ts';

type UsageDeps = Pick<ServiceDeps, 'store'>;

/** Longest window the Usage page reads at once: every event in it is read, so it is bounded. */
export const MAX_USAGE_DAYS = 90;
const DAY_MS = 86_400_000;

export async function readUsage(deps: UsageDeps, input: { userId: string; since?: number }): Promise<UsageSummary> {
  await requireUser(deps, input.userId);
  return summarizeUsage(await deps.store.listUsage({ userId: input.userId, since: input.since ?? 0 }));
}

/** Calls and errors per UTC day per integration for the last `days` days (today included), zero-filled, oldest first. */
export async function usageByDay(deps: UsageDeps, input: { userId: string; days: number; now?: number }): Promise<DayUsage[]> {
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_USAGE_DAYS) throw new ServiceError('invalid', `days must be a whole number from 1 to ${MAX_USAGE_DAYS}.`);
  await requireUser(deps, input.userId);
  const now = input.now ?? Date.now();
  return byDay(await deps.store.listUsage({ userId: input.userId, since: windowStart(now, input.days) }), { now, days: input.days });
}

function checkSince(since: number, now: number): void {
  if (!Number.isFinite(since) || since < now - MAX_USAGE_DAYS * DAY_MS) throw new ServiceError('invalid', `since must be a time in milliseconds within the last ${MAX_USAGE_DAYS} days.`);
}

/** Calls, errors and p50/p95 total latency per tool since `since`, most called first. */
export async function toolStats(deps: UsageDeps, input: { userId: string; since: number; now?: number }): Promise<ToolStats[]> {
  checkSince(input.since, input.now ?? Date.now());
  await requireUser(deps, input.userId);
  return statsOf(await deps.store.listUsage({ userId: input.userId, since: input.since }));
}

/** The `limit` most called tools since `since` (default 5). */
export async function topTools(deps: UsageDeps, input: { userId: string; since: number; limit?: number; now?: number }): Promise<ToolStats[]> {
  const limit = input.limit ?? 5;
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new ServiceError('invalid', 'limit must be a whole number from 1 to 50.');
  return (await toolStats(deps, input)).slice(0, limit);
}

/** Calls (and the billable and failed ones) in the current UTC month, as they are recorded (meters lag by up to a fold interval). An error is any outcome but `ok`. */
export async function callsThisMonth(deps: UsageDeps, input: { userId: string; now?: number }): Promise<{ period: string; calls: number; billable: number; errors: number }> {
  await requireUser(deps, input.userId);
  const start = monthStart(input.now ?? Date.now());
  const events = await deps.store.listUsage({ userId: input.userId, since: start });
  return { period: new Date(start).toISOString().slice(0, 7), calls: events.length, billable: events.filter((e) => e.billable).length, errors: events.filter((e) => e.outcome !== 'ok').length };
}
