/** Usage summaries for people: totals and per-integration latency percentiles from raw events. */
import type { UsageEvent } from '../store/port.ts';

export interface IntegrationUsage {
  slug: string;
  calls: number;
  errors: number;
  billable: number;
  p50Ms: number;
  p95Ms: number;
}

export interface UsageSummary {
  totals: { calls: number; errors: number; billable: number };
  /** Calls whose name matched no integration count in `totals` only. */
  byIntegration: IntegrationUsage[];
}

/** Nearest-rank percentile of an ascending array; 0 for an empty one. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return 0;
  const rank = Math.min(sortedAscending.length, Math.max(1, Math.ceil((p / 100) * sortedAscending.length)));
  return sortedAscending[rank - 1]!;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export function summarizeUsage(events: readonly Pick<UsageEvent, 'integration' | 'outcome' | 'billable' | 'totalMs'>[]): UsageSummary {
  const totals = { calls: 0, errors: 0, billable: 0 };
  const groups = new Map<string, { calls: number; errors: number; billable: number; durations: number[] }>();
  for (const event of events) {
    const failed = event.outcome !== 'ok';
    totals.calls += 1;
    if (failed) totals.errors += 1;
    if (event.billable) totals.billable += 1;
    if (event.integration === null) continue;
    let group = groups.get(event.integration);
    if (!group) groups.set(event.integration, (group = { calls: 0, errors: 0, billable: 0, durations: [] }));
    group.calls += 1;
    if (failed) group.errors += 1;
    if (event.billable) group.billable += 1;
    group.durations.push(event.totalMs);
  }
  const byIntegration = [...groups.entries()]
    .map(([slug, g]) => {
      const sorted = g.durations.sort((a, b) => a - b);
      return { slug, calls: g.calls, errors: g.errors, billable: g.billable, p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)) };
    })
    .sort((a, b) => b.calls - a.calls || a.slug.localeCompare(b.slug));
  return { totals, byIntegration };
}
