/**
 * The Usage page's numbers, computed from raw usage events (pure functions,
 * so both stores and every surface agree): calls and errors per UTC day per
 * integration, latency percentiles per tool, the top tools, and the calls of
 * the current UTC month. An error is any outcome but `ok`.
 */
import type { UsageEvent } from '../store/port.ts';
import { percentile } from './summary.ts';

type StatEvent = Pick<UsageEvent, 'integration' | 'tool' | 'outcome' | 'totalMs' | 'at'>;

const DAY_MS = 86_400_000;
const round = (ms: number) => Math.round(ms * 10) / 10;

export interface DayUsage {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  calls: number;
  errors: number;
  /** Calls whose name matched no integration count in the day's totals only. */
  byIntegration: { slug: string; calls: number; errors: number }[];
}

/** The UTC midnight starting the day `at` falls in. */
export const dayStart = (at: number) => Math.floor(at / DAY_MS) * DAY_MS;
/** The UTC midnight starting the month `at` falls in. */
export function monthStart(at: number): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** The first moment of the `days`-day window ending today (UTC), for reading the events usageByDay needs. */
export const windowStart = (now: number, days: number) => dayStart(now) - (days - 1) * DAY_MS;

/** One entry per day of the window, oldest first, zero-filled, with integrations by calls (then name). */
export function usageByDay(events: readonly StatEvent[], window: { now: number; days: number }): DayUsage[] {
  const first = windowStart(window.now, window.days);
  const days = Array.from({ length: window.days }, (_, i) => ({ calls: 0, errors: 0, slugs: new Map<string, { calls: number; errors: number }>(), at: first + i * DAY_MS }));
  for (const event of events) {
    const index = Math.floor((event.at - first) / DAY_MS);
    const day = days[index];
    if (!day) continue;
    const failed = event.outcome !== 'ok';
    day.calls += 1;
    if (failed) day.errors += 1;
    if (event.integration === null) continue;
    let slug = day.slugs.get(event.integration);
    if (!slug) day.slugs.set(event.integration, (slug = { calls: 0, errors: 0 }));
    slug.calls += 1;
    if (failed) slug.errors += 1;
  }
  return days.map((d) => ({
    day: new Date(d.at).toISOString().slice(0, 10),
    calls: d.calls,
    errors: d.errors,
    byIntegration: [...d.slugs].map(([slug, s]) => ({ slug, ...s })).sort((a, b) => b.calls - a.calls || a.slug.localeCompare(b.slug)),
  }));
}

export interface ToolStats {
  /** Null when the name matched no integration. */
  integration: string | null;
  tool: string;
  calls: number;
  errors: number;
  /** Nearest-rank percentiles of the hub's total time per call. */
  p50Ms: number;
  p95Ms: number;
}

/** Per tool (integration and name), most called first. */
export function toolStats(events: readonly StatEvent[]): ToolStats[] {
  const groups = new Map<string, { integration: string | null; tool: string; errors: number; durations: number[] }>();
  for (const event of events) {
    const key = `${event.integration ?? ''}\u0000${event.tool}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { integration: event.integration, tool: event.tool, errors: 0, durations: [] }));
    if (event.outcome !== 'ok') group.errors += 1;
    group.durations.push(event.totalMs);
  }
  return [...groups.values()]
    .map((g) => {
      const sorted = g.durations.sort((a, b) => a - b);
      return { integration: g.integration, tool: g.tool, calls: sorted.length, errors: g.errors, p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)) };
    })
    .sort((a, b) => b.calls - a.calls || `${a.integration}/${a.tool}`.localeCompare(`${b.integration}/${b.tool}`));
}
