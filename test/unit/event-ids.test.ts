/** Usage event ids (lib/store/ids.ts `newEventId`): ordered by time, so inserts land on the end of their unique index. */
import { expect, it } from 'vitest';
import { newEventId } from '../../lib/store/ids.ts';

it('sorts usage event ids by the millisecond they were made in, across a change in the number of digits', () => {
  const times = [0, 1, 15, 16, 1_764_000_000_000, 1_764_000_000_001, 2 ** 44];
  const ids = times.map((at) => newEventId(at));
  expect(ids.every((id) => /^evt_[0-9a-f]{28}$/.test(id))).toBe(true);
  expect([...ids].sort()).toEqual(ids);
});

it('keeps the ids of events made in the same millisecond distinct', () => {
  const ids = new Set(Array.from({ length: 10_000 }, () => newEventId(1_764_000_000_000)));
  expect(ids.size).toBe(10_000);
});
