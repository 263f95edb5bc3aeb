/** Usage summaries: totals and per-integration nearest-rank latency percentiles. */
import { describe, expect, it } from 'vitest';
import type { UsageOutcome } from '../../lib/store/port.ts';
import { percentile, summarizeUsage } from '../../lib/usage/summary.ts';

describe('percentile', () => {
  const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('is 0 for no values', () => {
    expect(percentile([], 50)).toBe(0);
  });

  it('takes the nearest rank, ceil(p/100 * n)', () => {
    expect(percentile(oneToTen, 50)).toBe(5);
    expect(percentile(oneToTen, 51)).toBe(6);
    expect(percentile(oneToTen, 90)).toBe(9);
    expect(percentile(oneToTen, 95)).toBe(10);
    expect(percentile([15, 20, 35, 40, 50], 30)).toBe(20);
    expect(percentile([15, 20, 35, 40, 50], 40)).toBe(20);
    expect(percentile([15, 20, 35, 40, 50], 50)).toBe(35);
  });

  it('clamps to the first and last values', () => {
    expect(percentile(oneToTen, 0)).toBe(1);
    expect(percentile(oneToTen, 100)).toBe(10);
    expect(percentile(oneToTen, 150)).toBe(10);
  });

  it('returns the single value of a one-element array for any p', () => {
    expect(percentile([42], 1)).toBe(42);
    expect(percentile([42], 99)).toBe(42);
  });
});

function event(integration: string | null, outcome: UsageOutcome, totalMs: number, billable = outcome === 'ok') {
  return { integration, outcome, billable, totalMs };
}

describe('summarizeUsage', () => {
  it('is all zeros and no integrations for no events', () => {
    expect(summarizeUsage([])).toEqual({ totals: { calls: 0, errors: 0, billable: 0 }, byIntegration: [] });
  });

  it('counts calls, errors and billable calls in totals and per integration', () => {
    const summary = summarizeUsage([
      event('github', 'ok', 100),
      event('github', 'upstream_error', 300),
      event('github', 'ok', 200),
      event('linear', 'timeout', 5_000),
    ]);
    expect(summary.totals).toEqual({ calls: 4, errors: 2, billable: 2 });
    expect(summary.byIntegration).toEqual([
      { slug: 'github', calls: 3, errors: 1, billable: 2, p50Ms: 200, p95Ms: 300 },
      { slug: 'linear', calls: 1, errors: 1, billable: 0, p50Ms: 5_000, p95Ms: 5_000 },
    ]);
  });

  it('counts events that matched no integration in totals only', () => {
    const summary = summarizeUsage([event(null, 'unknown_tool', 1), event(null, 'unknown_tool', 2), event('github', 'ok', 10)]);
    expect(summary.totals).toEqual({ calls: 3, errors: 2, billable: 1 });
    expect(summary.byIntegration).toEqual([{ slug: 'github', calls: 1, errors: 0, billable: 1, p50Ms: 10, p95Ms: 10 }]);
  });

  it('computes percentiles from unsorted durations, rounded to 0.1 ms', () => {
    const durations = [9.04, 1.26, 7, 3, 5, 2, 8, 4, 6, 10.06];
    const [github] = summarizeUsage(durations.map((ms) => event('github', 'ok', ms))).byIntegration;
    expect(github).toMatchObject({ p50Ms: 5, p95Ms: 10.1 });
  });

  it('orders integrations by calls, then by slug', () => {
    const summary = summarizeUsage([
      event('zendesk', 'ok', 1),
      event('linear', 'ok', 1),
      event('github', 'ok', 1),
      event('github', 'ok', 1),
      event('asana', 'ok', 1),
    ]);
    expect(summary.byIntegration.map((i) => i.slug)).toEqual(['github', 'asana', 'linear', 'zendesk']);
  });
});
