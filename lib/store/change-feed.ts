/**
 * How a replica reads a store's change feed without missing a change, for
 * both adapters. Every feed row carries a sequence number one greater than the
 * row before it (SQLite AUTOINCREMENT; Convex: convex/model/changes.ts), so a
 * reader that remembers the last number it delivered can tell whether the rows
 * it reads now reach back to it. When they do not — a burst larger than the
 * Convex adapter's window between two reads, or rows pruned while this
 * process was not reading — the
 * reader cannot say what it missed and emits `reset`, which drops every cached
 * principal: a reload costs a store read, a missed revocation leaves a key working.
 */
import type { StoreChange, UserChange } from './port.ts';

export interface FeedRow extends UserChange {
  seq: number;
}

export interface FeedRead {
  /** The sequence number to compare the next read against. */
  lastSeq: number;
  /** What to deliver, oldest first. */
  changes: StoreChange[];
}

/** How long feed rows are kept (both adapters prune past it, keeping the newest row); replicas read the feed continuously. */
export const CHANGE_RETENTION_MS = 10 * 60_000;

const RESET: StoreChange = { kind: 'reset' };

/**
 * The changes in `rows` (any order; rows already delivered may be among them)
 * after `lastSeq`, or one `reset` when they do not follow on from it. `null`
 * means nothing was read before.
 */
export function readFeed(lastSeq: number | null, rows: readonly FeedRow[]): FeedRead {
  const newest = rows.reduce((max, row) => Math.max(max, row.seq), 0);
  // The first read delivers the recent history: a change only drops cache entries, so an old one costs
  // a reload at most, while taking the first read as the baseline could miss a change made just after
  // `watch` was called (the cache fills only after it).
  if (lastSeq === null) return { lastSeq: newest, changes: toChanges(sorted(rows)) };
  // The feed holds only rows older than the last one delivered: it was emptied and started again.
  if (rows.length > 0 && newest < lastSeq) return { lastSeq: newest, changes: [RESET] };
  const fresh = sorted(rows.filter((row) => row.seq > lastSeq));
  if (fresh.length === 0) return { lastSeq, changes: [] };
  // Consecutive numbers from lastSeq + 1 on, or something in between was never read.
  if (fresh[0]!.seq !== lastSeq + 1 || fresh.at(-1)!.seq !== lastSeq + fresh.length) return { lastSeq: newest, changes: [RESET] };
  return { lastSeq: newest, changes: toChanges(fresh) };
}

function sorted(rows: readonly FeedRow[]): FeedRow[] {
  return [...rows].sort((a, b) => a.seq - b.seq);
}

function toChanges(rows: readonly FeedRow[]): StoreChange[] {
  return rows.map(({ kind, userId }) => ({ kind, userId }));
}
