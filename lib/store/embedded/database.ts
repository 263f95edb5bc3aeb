/**
 * Opening `hub.db`: the file readable by its owner only, WAL with
 * synchronous=NORMAL, the schema migrated, and WAL checkpoints on a timer.
 * Several processes (the hub and the CLI) may open the same new file at once;
 * each one migrates it or finds it migrated.
 */
import { Database } from 'bun:sqlite';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations.ts';

/**
 * WAL checkpoints, off the request path. SQLite's default checkpoints from
 * inside a commit every 1,000 WAL pages, and a checkpoint syncs the database
 * file: with one usage event per commit (one caller) that was every ~200th
 * call, ~60 µs of latency per call on average, all of it in a tool call's
 * answer (bench/peer.bench.ts). The hub checkpoints on a timer instead; the
 * automatic one stays as a backstop, at a size the timer never lets the WAL
 * reach unless the event loop is starved.
 */
const CHECKPOINT_EVERY_MS = 1_000;
const BACKSTOP_CHECKPOINT_PAGES = 10_000;
/** How long a process waits for another one that is switching a new file to WAL (100 × 20 ms). */
const WAL_SWITCH_ATTEMPTS = 100;
const WAL_SWITCH_RETRY_MS = 20;

export interface HubDatabase {
  db: Database;
  /** Stops the checkpoint timer (the caller closes `db` once its last writes are in). */
  stopCheckpoints(): void;
}

/** `hub.db` in `dataDir` (created if missing), or a private in-memory database for `:memory:`. */
export function openHubDatabase(dataDir: string, onError?: (error: unknown) => void): HubDatabase {
  const memory = dataDir === ':memory:';
  if (!memory) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = memory ? ':memory:' : join(dataDir, 'hub.db');
  const db = new Database(path, { create: true, strict: true });
  // Key hashes and sealed credentials: readable by the hub's user only (the dir is 0700 as well).
  if (!memory) chmodSync(path, 0o600);
  setPragmas(db);
  migrate(db);
  if (memory) return { db, stopCheckpoints: () => {} };
  db.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const checkpointer = setInterval(() => {
    try {
      // PASSIVE never waits on readers or writers (another process's CLI); what it cannot copy now, the next tick does.
      db.exec('PRAGMA wal_checkpoint(PASSIVE)');
    } catch (error) {
      onError?.(error);
    }
  }, CHECKPOINT_EVERY_MS);
  checkpointer.unref?.();
  return { db, stopCheckpoints: () => clearInterval(checkpointer) };
}

/**
 * WAL lets the CLI write while the hub reads; synchronous=NORMAL keeps every
 * commit across a process crash (README, "Durability"). busy_timeout comes
 * first, yet while another process switches the same new file to WAL SQLite
 * may answer "database is locked" at once, without waiting it out: that is
 * retried for a while.
 */
function setPragmas(db: Database): void {
  for (let attempt = 1; ; attempt++) {
    try {
      db.exec('PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
      return;
    } catch (error) {
      if (attempt >= WAL_SWITCH_ATTEMPTS || !/locked|busy/i.test(String((error as Error).message))) throw error;
      Bun.sleepSync(WAL_SWITCH_RETRY_MS);
    }
  }
}

function migrate(db: Database): void {
  const readVersion = () => db.query<{ user_version: number }, []>('PRAGMA user_version').get()?.user_version ?? 0;
  const version = readVersion();
  if (version > MIGRATIONS.length) {
    throw new Error(`hub.db has schema version ${version}, newer than this hub understands (${MIGRATIONS.length}); upgrade the hub`);
  }
  MIGRATIONS.forEach((sql, index) => {
    if (index < version) return;
    db.transaction(() => {
      // Read again under the write lock: another process opening the same file may have applied it meanwhile.
      if (readVersion() > index) return;
      db.exec(sql);
      db.exec(`PRAGMA user_version = ${index + 1}`);
    }).immediate();
  });
}
