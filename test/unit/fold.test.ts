/** Meter folding: usage events into per-user, per-month (UTC) deltas. */
import { describe, expect, it } from 'vitest';
import { billingPeriod, foldEvents } from '../../lib/billing/fold.ts';
import { USAGE_OUTCOMES, type UsageOutcome } from '../../lib/store/port.ts';

describe('billingPeriod', () => {
  it('puts the last millisecond of a month and the first of the next in different periods', () => {
    expect(billingPeriod(Date.UTC(2025, 0, 31, 23, 59, 59, 999))).toBe('2025-01');
    expect(billingPeriod(Date.UTC(2025, 1, 1, 0, 0, 0, 0))).toBe('2025-02');
  });

  it('crosses the year boundary', () => {
    expect(billingPeriod(Date.UTC(2024, 11, 31, 23, 59, 59, 999))).toBe('2024-12');
    expect(billingPeriod(Date.UTC(2025, 0, 1))).toBe('2025-01');
  });

  it('counts 29 February in February of a leap year', () => {
    expect(billingPeriod(Date.UTC(2024, 1, 29, 12))).toBe('2024-02');
  });

  it('uses UTC, not a local offset', () => {
    // 23:30 on 31 March in New York is already April in UTC.
    expect(billingPeriod(Date.parse('2025-03-31T23:30:00-04:00'))).toBe('2025-04');
  });
});

const MARCH = Date.UTC(2025, 2, 15);
const APRIL = Date.UTC(2025, 3, 1);

function event(userId: string, at: number, outcome: UsageOutcome, upstreamMs: number) {
  return { userId, at, outcome, billable: outcome === 'ok', upstreamMs };
}

describe('foldEvents', () => {
  it('returns no deltas for no events', () => {
    expect(foldEvents([])).toEqual([]);
  });

  it('sums calls, billable calls, errors and upstream time per user and period', () => {
    const deltas = foldEvents([
      event('usr_alice', MARCH, 'ok', 120),
      event('usr_alice', MARCH + 1_000, 'upstream_error', 30),
      event('usr_bob', MARCH, 'ok', 50),
      event('usr_alice', APRIL, 'ok', 7),
      event('usr_alice', MARCH + 2_000, 'timeout', 5_000),
      event('usr_alice', MARCH + 3_000, 'ok', 80),
    ]);
    expect(deltas).toHaveLength(3);
    expect(deltas).toEqual(
      expect.arrayContaining([
        { userId: 'usr_alice', period: '2025-03', calls: 4, billableCalls: 2, errors: 2, upstreamMs: 5_230 },
        { userId: 'usr_bob', period: '2025-03', calls: 1, billableCalls: 1, errors: 0, upstreamMs: 50 },
        { userId: 'usr_alice', period: '2025-04', calls: 1, billableCalls: 1, errors: 0, upstreamMs: 7 },
      ]),
    );
  });

  it('counts billable and errors independently of each other', () => {
    const [delta] = foldEvents([
      { userId: 'usr_alice', at: MARCH, outcome: 'upstream_error', billable: true, upstreamMs: 1 },
      { userId: 'usr_alice', at: MARCH, outcome: 'ok', billable: false, upstreamMs: 2 },
    ]);
    expect(delta).toEqual({ userId: 'usr_alice', period: '2025-03', calls: 2, billableCalls: 1, errors: 1, upstreamMs: 3 });
  });

  it('counts every outcome other than ok as an error', () => {
    const outcomes = USAGE_OUTCOMES.filter((outcome) => outcome !== 'ok');
    expect(outcomes.length).toBeGreaterThan(0);
    const [delta] = foldEvents(outcomes.map((outcome) => event('usr_alice', MARCH, outcome, 0)));
    expect(delta).toMatchObject({ calls: outcomes.length, errors: outcomes.length, billableCalls: 0 });
  });

  it('keeps users apart even when one id is a prefix of another', () => {
    const deltas = foldEvents([event('usr_a', MARCH, 'ok', 1), event('usr_ab', MARCH, 'ok', 1)]);
    expect(deltas.map((d) => d.userId).sort()).toEqual(['usr_a', 'usr_ab']);
  });

  it('accepts any iterable, such as a generator', () => {
    function* events() {
      yield event('usr_alice', MARCH, 'ok', 10);
      yield event('usr_alice', MARCH, 'ok', 20);
    }
    expect(foldEvents(events())).toEqual([{ userId: 'usr_alice', period: '2025-03', calls: 2, billableCalls: 2, errors: 0, upstreamMs: 30 }]);
  });
});
