/**
 * The archive part of the Store contract (runStoreContract runs it on every
 * adapter): an archive holds exactly the user's folded calls of its day
 * recorded before it began, reads them oldest first in pages, deletes only
 * those and only once written, resumes after a crash, and leaves meters,
 * other days, later calls and other users alone.
 */
import { describe, expect, it } from 'vitest';
import { StoreError, type Store, type UsageEvent } from '../../lib/store/port.ts';

const DAY_START = Date.UTC(2026, 9, 3);
const HOUR = 3_600_000;

let seq = 0;
function call(userId: string, at: number, overrides: Partial<UsageEvent> = {}): UsageEvent {
  seq += 1;
  return { id: `evt_arc_${seq}_${Math.random().toString(36).slice(2)}`, userId, keyId: 'key_a', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 10, upstreamMs: 8, bytesIn: 2, bytesOut: 50, at, ...overrides };
}

async function archivedCalls(store: Store, userId: string, archiveId: string, limit: number): Promise<UsageEvent[]> {
  const calls: UsageEvent[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await store.listArchiveCalls({ userId, archiveId, limit, ...(cursor && { cursor }) });
    calls.push(...result.calls);
    if (!result.cursor) return calls;
    cursor = result.cursor;
  }
  throw new Error('more than 100 pages');
}

async function deleteAll(store: Store, userId: string, archiveId: string): Promise<number> {
  let deleted = 0;
  for (let round = 0; round < 100; round++) {
    const result = await store.deleteArchivedCalls({ userId, archiveId });
    deleted += result.deleted;
    if (result.done) return deleted;
  }
  throw new Error('deletion never finished');
}

export function runArchiveContract(withStore: (test: (f: { store: Store }) => Promise<void>) => () => Promise<void>): void {
  describe('call-log archives', () => {
    it('archives exactly one day of one user\'s folded calls, oldest first, and deletes only those once written', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      // Three calls in one millisecond, so paging crosses ties; the day's last millisecond; the next day's first.
      const day = [call(ada.id, DAY_START + HOUR), call(ada.id, DAY_START + 2 * HOUR), call(ada.id, DAY_START + 2 * HOUR), call(ada.id, DAY_START + 2 * HOUR), call(ada.id, DAY_START + 24 * HOUR - 1)];
      const nextDay = call(ada.id, DAY_START + 24 * HOUR);
      const bobs = call(bob.id, DAY_START + HOUR);
      for (const e of [...day, nextDay, bobs]) await store.recordUsage(e);
      expect(await store.oldestCallAt(ada.id, DAY_START + 48 * HOUR)).toBe(DAY_START + HOUR);
      expect(await store.oldestCallAt(ada.id, DAY_START)).toBeNull();

      // Unfolded calls are not archived: their usage must reach the meters first.
      expect(await store.beginArchive({ userId: ada.id, day: '2026-10-03' })).toBeNull();
      await store.foldMeters();
      const meters = await store.listMeters(ada.id);
      const archive = (await store.beginArchive({ userId: ada.id, day: '2026-10-03' }))!;
      expect(archive).toMatchObject({ userId: ada.id, day: '2026-10-03', part: 1, status: 'pending', rows: 0 });
      // Begun again (a crashed job's rerun): the same record.
      expect(await store.beginArchive({ userId: ada.id, day: '2026-10-03' })).toEqual(archive);

      const listed = await archivedCalls(store, ada.id, archive.id, 2);
      // Oldest first, ties in recording order: the order they were made in.
      expect(listed).toEqual(day);

      await expect(store.deleteArchivedCalls({ userId: ada.id, archiveId: archive.id })).rejects.toSatisfy((e) => e instanceof StoreError && e.code === 'INVALID_INPUT');
      const written = await store.markArchiveWritten({ userId: ada.id, archiveId: archive.id, rows: 5, bytes: 1234 });
      expect(written).toMatchObject({ id: archive.id, status: 'written', rows: 5, bytes: 1234 });
      expect(await store.markArchiveWritten({ userId: ada.id, archiveId: archive.id, rows: 9, bytes: 9 })).toEqual(written);

      expect(await deleteAll(store, ada.id, archive.id)).toBe(5);
      expect(await store.deleteArchivedCalls({ userId: ada.id, archiveId: archive.id })).toEqual({ deleted: 0, done: true });
      expect((await store.listUsage({ userId: ada.id })).map((c) => c.id)).toEqual([nextDay.id]);
      expect((await store.listUsage({ userId: bob.id })).map((c) => c.id)).toEqual([bobs.id]);
      expect(await store.listMeters(ada.id)).toEqual(meters);
      expect(await store.listArchives(ada.id)).toEqual([expect.objectContaining({ id: archive.id, status: 'done', rows: 5, bytes: 1234, doneAt: expect.any(Number) })]);
      expect(await store.listArchives(bob.id)).toEqual([]);
      // Nothing left of the day: nothing to begin.
      expect(await store.beginArchive({ userId: ada.id, day: '2026-10-03' })).toBeNull();
    }));

    it('puts a call of the day recorded after the archive began into the day\'s next part, not into the deletion', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const first = call(ada.id, DAY_START + HOUR);
      await store.recordUsage(first);
      await store.foldMeters();
      const archive = (await store.beginArchive({ userId: ada.id, day: '2026-10-03' }))!;
      // A spool delivering late: an older call recorded now.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const late = call(ada.id, DAY_START + 30 * 60_000);
      await store.recordUsage(late);
      await store.foldMeters();
      expect((await archivedCalls(store, ada.id, archive.id, 10)).map((c) => c.id)).toEqual([first.id]);
      await store.markArchiveWritten({ userId: ada.id, archiveId: archive.id, rows: 1, bytes: 10 });
      expect(await deleteAll(store, ada.id, archive.id)).toBe(1);
      expect((await store.listUsage({ userId: ada.id })).map((c) => c.id)).toEqual([late.id]);
      const second = (await store.beginArchive({ userId: ada.id, day: '2026-10-03' }))!;
      expect(second).toMatchObject({ part: 2, status: 'pending' });
      expect((await archivedCalls(store, ada.id, second.id, 10)).map((c) => c.id)).toEqual([late.id]);
    }));

    it('refuses another user\'s archive and a malformed day', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      await store.recordUsage(call(ada.id, DAY_START + HOUR));
      await store.foldMeters();
      const archive = (await store.beginArchive({ userId: ada.id, day: '2026-10-03' }))!;
      const refused = (e: unknown) => e instanceof StoreError && e.code === 'INVALID_INPUT';
      await expect(store.listArchiveCalls({ userId: bob.id, archiveId: archive.id })).rejects.toSatisfy(refused);
      await expect(store.markArchiveWritten({ userId: bob.id, archiveId: archive.id, rows: 1, bytes: 1 })).rejects.toSatisfy(refused);
      await expect(store.deleteArchivedCalls({ userId: bob.id, archiveId: archive.id })).rejects.toSatisfy(refused);
      await expect(store.beginArchive({ userId: ada.id, day: '2026-02-30' })).rejects.toSatisfy(refused);
      await expect(store.beginArchive({ userId: ada.id, day: '../x' })).rejects.toSatisfy(refused);
      await expect(store.markArchiveWritten({ userId: ada.id, archiveId: archive.id, rows: -1, bytes: 1 })).rejects.toSatisfy(refused);
    }));
  });
}
