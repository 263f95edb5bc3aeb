/** The Billing answer's types for the pages (from Eden, not hand-written), and how its figures read. */
import type { api } from './api.ts';

export type Billing = NonNullable<Awaited<ReturnType<typeof api.billing.get>>['data']>;
export type PlanStatus = Billing['status'];
export type PlanRow = Billing['plans'][number];

const figure = (n: number) => n.toLocaleString('en-US');

/** `1,000` or `Unlimited`. */
export const limitText = (limit: number | null) => (limit === null ? 'Unlimited' : figure(limit));

/** `12 of 1,000 calls` or `12 calls (unlimited)`. */
export const usedText = (status: Pick<PlanStatus, 'used' | 'limit'>) => (status.limit === null ? `${figure(status.used)} calls (unlimited)` : `${figure(status.used)} of ${figure(status.limit)} calls`);

/** `1 January 2027` (UTC, when the month's quota starts again). */
export const resetText = (resetsAt: number) => new Date(resetsAt).toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** What happens past the limit, in a person's words. */
export const overageText = (plan: Pick<PlanRow, 'callsPerMonth' | 'overage'>) =>
  plan.callsPerMonth === null ? 'No monthly limit' : plan.overage === 'refuse' ? 'Calls are refused past the limit' : 'Calls past the limit are billed as overage';
