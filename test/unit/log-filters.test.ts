/**
 * The Logs page's filters (app/(dashboard)/logs/filters.ts): the address
 * and the filter form become the same filters, a preset range becomes its
 * `since` at the page's clock, a custom range keeps both ends, and a stray
 * value in the address is dropped rather than sent.
 */
import { describe, expect, it } from 'vitest';
import { filtersFromForm, filtersFromSearch, hasFilters, queryOf, searchOf, searchOfQuery, toLocalInput } from '../../app/(dashboard)/logs/filters.ts';

const NOW = Date.UTC(2026, 11, 2, 12);
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe('log filters', () => {
  it('read from the address and written back the same, in a stable order; empty and stray values are dropped', () => {
    const filters = filtersFromSearch(new URLSearchParams('outcome=upstream_error&keyId=key_1&tool=%20&range=24h&junk=1'));
    expect(filters).toEqual({ keyId: 'key_1', outcome: 'upstream_error', range: '24h' });
    expect(searchOf(filters)).toBe('keyId=key_1&outcome=upstream_error&range=24h');
    expect(filtersFromSearch(new URLSearchParams('since=12abc&until=1700000000000'))).toEqual({ until: 1_700_000_000_000 });
    expect(filtersFromSearch(new URLSearchParams('range=1y&since=5'))).toEqual({ since: 5 });
    expect(hasFilters(filtersFromSearch(null))).toBe(false);
  });

  it('send a preset as its since at the given clock, and a custom range as both ends', () => {
    expect(queryOf({ range: '1h', integration: 'github' }, NOW)).toEqual({ integration: 'github', since: NOW - 3_600_000 });
    expect(queryOf({ since: 10, until: 20, outcome: 'ok' }, NOW)).toEqual({ since: 10, until: 20, outcome: 'ok' });
    expect(searchOfQuery({ since: 10, text: 'bad creds' })).toBe('since=10&text=bad+creds');
  });

  it('read the form: a preset, or a custom range from datetime-local fields; custom fields are ignored under a preset', () => {
    const since = Date.UTC(2026, 10, 30, 8, 15);
    const custom = filtersFromForm(form({ keyId: 'key_1', outcome: '', range: 'custom', since: toLocalInput(since), until: '' }));
    expect(custom).toEqual({ keyId: 'key_1', since });
    expect(filtersFromForm(form({ range: '7d', since: toLocalInput(since) }))).toEqual({ range: '7d' });
    expect(filtersFromForm(form({ range: '', text: '  Bad credentials ' }))).toEqual({ text: 'Bad credentials' });
  });
});
