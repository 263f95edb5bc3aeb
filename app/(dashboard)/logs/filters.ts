/**
 * The Logs page's filters live in the address (`/logs?keyId=…&outcome=…`),
 * so a link from another page arrives filtered and a filtered view can be
 * shared. This module turns the address into filters, filters into the
 * query the hub filters by (the list and the live tail alike), and the
 * filter form back into an address. The hub checks every value and says
 * what is wrong; nothing here filters calls itself.
 */
import type { UsageOutcome } from '../../../lib/store/port.ts';

/** Time-range presets: the address keeps the preset, so `since` moves with the clock each time the page loads. */
export const RANGES = [
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;
export type Range = (typeof RANGES)[number]['value'];

/** The text filters, by their names in the address and in the API. */
export const TEXT_FILTERS = ['keyId', 'integration', 'tool', 'outcome', 'client', 'text'] as const;
type TextFilter = (typeof TEXT_FILTERS)[number];

export type LogFilters = Partial<Record<TextFilter, string>> & {
  /** A preset; when absent, `since`/`until` (ms) are a custom range, or there is none. */
  range?: Range;
  since?: number;
  until?: number;
};

/** What GET /api/v1/logs and /logs/stream filter by. */
export type LogQuery = Omit<LogFilters, 'range' | 'outcome'> & { outcome?: UsageOutcome };

const isRange = (value: string | null): value is Range => RANGES.some((range) => range.value === value);
/** A time in the address: whole milliseconds, or nothing (a stray value is dropped rather than sent). */
const time = (value: string | null) => (value !== null && /^\d{1,15}$/.test(value) ? Number(value) : undefined);

export function filtersFromSearch(search: URLSearchParams | null): LogFilters {
  const filters: LogFilters = {};
  for (const name of TEXT_FILTERS) {
    const value = search?.get(name)?.trim();
    if (value) filters[name] = value;
  }
  const range = search?.get('range') ?? null;
  if (isRange(range)) return { ...filters, range };
  const since = time(search?.get('since') ?? null);
  const until = time(search?.get('until') ?? null);
  return { ...filters, ...(since !== undefined && { since }), ...(until !== undefined && { until }) };
}

/** The address's query string for `filters` ('' for none), in a stable order. */
export function searchOf(filters: LogFilters): string {
  const search = new URLSearchParams();
  for (const name of TEXT_FILTERS) if (filters[name]) search.set(name, filters[name]);
  if (filters.range) search.set('range', filters.range);
  else {
    if (filters.since !== undefined) search.set('since', String(filters.since));
    if (filters.until !== undefined) search.set('until', String(filters.until));
  }
  return search.toString();
}

export const hasFilters = (filters: LogFilters) => searchOf(filters) !== '';

/** The hub's query for `filters` at `now`: a preset becomes its `since`. */
export function queryOf(filters: LogFilters, now: number): LogQuery {
  const { range, outcome, ...rest } = filters;
  const preset = RANGES.find((r) => r.value === range);
  // The hub checks the outcome and names the values it takes, so a hand-typed one is sent as it is.
  return { ...rest, ...(outcome && { outcome: outcome as UsageOutcome }), ...(preset && { since: now - preset.ms }) };
}

/** The query as URL search parameters, for the EventSource of the live tail (Eden builds the list's). */
export function searchOfQuery(query: LogQuery): string {
  return new URLSearchParams(Object.entries(query).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]]))).toString();
}

/** A `datetime-local` input's value for a time (the browser's zone), and back; '' and an unreadable value are no time. */
export const toLocalInput = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
const fromLocalInput = (value: string) => {
  const ms = value ? new Date(value).getTime() : NaN;
  return Number.isFinite(ms) ? ms : undefined;
};

/** The filter form's fields as filters (its range select is `range`: '', a preset, or 'custom' with `since`/`until`). */
export function filtersFromForm(form: FormData): LogFilters {
  const field = (name: string) => String(form.get(name) ?? '').trim();
  const filters: LogFilters = {};
  for (const name of TEXT_FILTERS) if (field(name)) filters[name] = field(name);
  const range = field('range');
  if (isRange(range)) return { ...filters, range };
  if (range !== 'custom') return filters;
  const since = fromLocalInput(field('since'));
  const until = fromLocalInput(field('until'));
  return { ...filters, ...(since !== undefined && { since }), ...(until !== undefined && { until }) };
}
