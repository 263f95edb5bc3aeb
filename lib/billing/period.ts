/**
 * Billing periods: UTC calendar months named `YYYY-MM` (the meters' period,
 * lib/billing/fold.ts). Every quota, reset date and monthly figure is computed
 * here, so a call at 23:59:59.999 on the last day and one at 00:00 on the
 * first fall in the months the meters say.
 */
import { billingPeriod } from './fold.ts';

export { billingPeriod };

/** `YYYY-MM` with a real month. */
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const isPeriod = (text: string): boolean => PERIOD_PATTERN.test(text);

/** The first instant (ms) of a period, and the first instant of the next one (exclusive end). */
export function periodBounds(period: string): { start: number; end: number } {
  if (!isPeriod(period)) throw new RangeError(`"${period}" is not a billing period (YYYY-MM)`);
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7)) - 1;
  return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
}

/** When the quota of the month holding `at` starts again: the first instant of the next UTC month. */
export function nextPeriodStart(at: number): number {
  return periodBounds(billingPeriod(at)).end;
}
