/**
 * The archive half of the embedded Store (lib/store/archives.ts). An
 * archive's calls are the user's rows of its day with `seq` below
 * `recorded_before`, which is set past the meters' fold watermark when the
 * archive begins: rows are folded in `seq` order, so every one of them is
 * already in its meter, and a row recorded later (whatever its `at`) is not
 * in this archive. Reads and deletes walk the `usage_by_user_time` index.
 */
import type { Database } from 'bun:sqlite';
import { archivePageLimit, checkArchiveSize, dayRange, type ArchiveRecord, type ArchiveStatus, type ArchiveStore } from '../archives.ts';
import { decodeCursor, encodeCursor } from '../call-query.ts';
import { newId } from '../ids.ts';
import { StoreError } from '../port.ts';
import { toUsage, type UsageRow } from './rows.ts';

interface ArchiveRow {
  id: string; user_id: string; day: string; part: number; recorded_before: number; status: ArchiveStatus;
  rows: number; bytes: number; created_at: number; done_at: number | null;
}

const toArchive = (r: ArchiveRow): ArchiveRecord => ({
  id: r.id, userId: r.user_id, day: r.day, part: r.part, recordedBefore: r.recorded_before, status: r.status,
  rows: r.rows, bytes: r.bytes, createdAt: r.created_at, doneAt: r.done_at,
});

/** Rows deleted per transaction, so a busy day never holds the write lock for long. */
const DELETE_BATCH = 5_000;

/** Migration 11 (issue 14): the archive records (see lib/store/archives.ts); at most one unfinished archive per user and day. */
export const ARCHIVES_MIGRATION = `
  CREATE TABLE archives (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    day TEXT NOT NULL,
    part INTEGER NOT NULL,
    recorded_before INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'written', 'done')),
    rows INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    done_at INTEGER,
    UNIQUE (user_id, day, part)
  );
  CREATE UNIQUE INDEX archives_unfinished ON archives(user_id, day) WHERE status != 'done';
`;

export function embeddedArchives({ db, now }: { db: Database; now: () => number }): ArchiveStore {
  const archive = (userId: string, id: string): ArchiveRow => {
    const row = db.query<ArchiveRow, [string, string]>('SELECT * FROM archives WHERE id = ? AND user_id = ?').get(id, userId);
    if (!row) throw new StoreError('INVALID_INPUT', `no archive ${id} of user ${userId}; begin one with beginArchive`);
    return row;
  };
  return {
    async oldestCallAt(userId, before) {
      return db.query<{ at: number }, [string, number]>('SELECT at FROM usage_events WHERE user_id = ? AND at < ? ORDER BY at LIMIT 1').get(userId, before)?.at ?? null;
    },

    async beginArchive({ userId, day }) {
      const { start, end } = dayRange(day);
      // IMMEDIATE: the watermark read and the insert are one step against a concurrent fold or job.
      return db.transaction(() => {
        const open = db.query<ArchiveRow, [string, string]>("SELECT * FROM archives WHERE user_id = ? AND day = ? AND status != 'done'").get(userId, day);
        if (open) return toArchive(open);
        const folded = db.query<{ seq: number }, []>("SELECT seq FROM watermarks WHERE name = 'meters'").get()?.seq ?? 0;
        const any = db.query('SELECT 1 FROM usage_events WHERE user_id = ? AND at >= ? AND at < ? AND seq <= ? LIMIT 1').get(userId, start, end, folded);
        if (!any) return null;
        const part = (db.query<{ part: number | null }, [string, string]>('SELECT max(part) AS part FROM archives WHERE user_id = ? AND day = ?').get(userId, day)?.part ?? 0) + 1;
        const row: ArchiveRow = { id: newId('arc'), user_id: userId, day, part, recorded_before: folded + 1, status: 'pending', rows: 0, bytes: 0, created_at: now(), done_at: null };
        db.query('INSERT INTO archives (id, user_id, day, part, recorded_before, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(row.id, row.user_id, row.day, row.part, row.recorded_before, row.status, row.created_at);
        return toArchive(row);
      }).immediate();
    },

    async listArchiveCalls({ userId, archiveId, cursor, limit }) {
      const a = archive(userId, archiveId);
      const size = archivePageLimit(limit);
      const { start, end } = dayRange(a.day);
      const after = cursor ? decodeCursor(cursor) : { at: start - 1, tie: Number.MAX_SAFE_INTEGER };
      const rows = db.query<UsageRow & { seq: number }, [string, number, number, number, number, number, number]>(
        'SELECT * FROM usage_events WHERE user_id = ? AND at >= ? AND at < ? AND seq < ? AND (at, seq) > (?, ?) ORDER BY at, seq LIMIT ?',
      ).all(userId, start, end, a.recorded_before, after.at, after.tie, size + 1);
      const page = rows.slice(0, size);
      const last = page.at(-1);
      return { calls: page.map(toUsage), cursor: rows.length > size && last ? encodeCursor({ at: last.at, tie: last.seq }) : null };
    },

    async markArchiveWritten({ userId, archiveId, rows, bytes }) {
      checkArchiveSize({ rows, bytes });
      const a = archive(userId, archiveId);
      if (a.status !== 'pending') return toArchive(a);
      db.query("UPDATE archives SET status = 'written', rows = ?, bytes = ? WHERE id = ? AND status = 'pending'").run(rows, bytes, archiveId);
      return toArchive(archive(userId, archiveId));
    },

    async deleteArchivedCalls({ userId, archiveId }) {
      return db.transaction(() => {
        const a = archive(userId, archiveId);
        if (a.status === 'done') return { deleted: 0, done: true };
        if (a.status === 'pending') throw new StoreError('INVALID_INPUT', `archive ${archiveId} is not written yet; store its object and call markArchiveWritten first`);
        const { start, end } = dayRange(a.day);
        const deleted = db.query(
          'DELETE FROM usage_events WHERE seq IN (SELECT seq FROM usage_events WHERE user_id = ? AND at >= ? AND at < ? AND seq < ? LIMIT ?)',
        ).run(userId, start, end, a.recorded_before, DELETE_BATCH).changes;
        const done = deleted < DELETE_BATCH;
        if (done) db.query("UPDATE archives SET status = 'done', done_at = ? WHERE id = ?").run(now(), archiveId);
        return { deleted, done };
      }).immediate();
    },

    async listArchives(userId) {
      return db.query<ArchiveRow, [string]>('SELECT * FROM archives WHERE user_id = ? ORDER BY day DESC, part DESC').all(userId).map(toArchive);
    },
  };
}
