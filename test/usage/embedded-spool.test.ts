/**
 * The embedded store with the usage spool, as the hub opens it: `recordUsage`
 * journals the event and the spool commits it to hub.db behind the response.
 * Reads in the same process still see every call recorded before them, the
 * CLI (another handle on hub.db) sees it within milliseconds, and an event
 * SQLite refuses is set aside without holding back the rest. The crash case,
 * a hub killed between journal and commit, is test/e2e/usage-crash.test.ts.
 * Several hubs may share a data dir, each journaling in its own slot (two
 * hub processes: test/oauth/refresh-processes.test.ts); a dead one's slot is
 * committed by the next.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openEmbeddedStore, type EmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { UsageEvent } from '../../lib/store/port.ts';
import { usageSpoolDir } from '../../lib/server/config.ts';
import { captureLogger } from '../helpers/logs.ts';
import { waitUntil } from '../helpers/wait.ts';

let dataDir: string;
let store: EmbeddedStore;
const opened: EmbeddedStore[] = [];

const open = (spool: boolean) => {
  const next = openEmbeddedStore({ dataDir, ...(spool && { spool: { dir: usageSpoolDir(dataDir), logger: captureLogger().logger } }) });
  opened.push(next);
  return next;
};

let seq = 0;
function event(overrides: Partial<UsageEvent> = {}): UsageEvent {
  seq += 1;
  return { id: `evt_${String(seq).padStart(6, '0')}`, userId: 'usr_1', keyId: 'key_1', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 1, upstreamMs: 1, bytesIn: 2, bytesOut: 3, at: Date.UTC(2026, 11, 2), ...overrides };
}
const ids = async (from: EmbeddedStore) => (await from.listUsage({ userId: 'usr_1' })).map((e) => e.id).sort();

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'mcphub-spool-store-'));
  store = open(true);
});

afterEach(async () => {
  for (const each of opened.splice(0)) await each.close().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

it('a read right after recordUsage sees the call; the same call is stored once', async () => {
  const first = event();
  await store.recordUsage(first);
  expect(await ids(store)).toEqual([first.id]);
  // The call log and the meters read the same way.
  expect((await store.listCalls('usr_1', { limit: 10 })).calls.map((c) => c.id)).toEqual([first.id]);
  expect(await store.foldMeters()).toEqual({ events: 1 });
  await store.flushUsage();
  expect(await ids(store)).toEqual([first.id]);
});

it('another handle on hub.db (the CLI) sees a recorded call within the flush delay', async () => {
  const cli = open(false);
  const recorded = event();
  await store.recordUsage(recorded);
  await waitUntil(async () => (await ids(cli)).includes(recorded.id), 2_000, 'the CLI to see the call');
});

it('an event SQLite refuses goes to rejected.jsonl; the rest of its batch is committed', async () => {
  const good = [event(), event()];
  const bad = event({ tool: null as unknown as string });
  await store.recordUsage(good[0]!);
  await store.recordUsage(bad);
  await store.recordUsage(good[1]!);
  await store.flushUsage();
  expect(await ids(store)).toEqual(good.map((e) => e.id).sort());
  const rejected = join(usageSpoolDir(dataDir), '0', 'rejected.jsonl');
  expect(existsSync(rejected)).toBe(true);
  expect(readFileSync(rejected, 'utf8')).toContain(bad.id);
});

it('close commits what the spool holds', async () => {
  const last = event();
  await store.recordUsage(last);
  await store.close();
  expect(await ids(open(false))).toEqual([last.id]);
});

it('the slot of a hub that died is committed by the next hub to open the data dir', async () => {
  await store.close();
  const left = event();
  const slot = join(usageSpoolDir(dataDir), '5');
  mkdirSync(slot, { recursive: true });
  // A lock held by a process that has exited, beside the event it journaled and never committed.
  writeFileSync(join(slot, 'spool.lock'), String(spawnSync('true').pid));
  writeFileSync(join(slot, '000000000001.jsonl'), JSON.stringify(left) + '\n');
  const next = open(true);
  await waitUntil(async () => (await ids(next)).includes(left.id), 5_000, 'the dead hub\'s event in hub.db');
  await waitUntil(() => !existsSync(join(slot, 'spool.lock')), 5_000, 'the dead hub\'s slot to be released');
});
