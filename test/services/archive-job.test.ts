/**
 * The retention job (lib/usage/archive-job.ts) on an embedded store with
 * files in a temp data dir: whole UTC days past each user's retention go to
 * one JSONL object per day, exactly the calls made (without stored
 * arguments), and only then leave the store; meters and newer calls stay. A
 * job that crashes between writing and deleting (at either step) loses
 * nothing and duplicates nothing on its next run, and calls not yet folded
 * into meters wait for the fold.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedStore, type EmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { Store, UsageEvent } from '../../lib/store/port.ts';
import { createFileObjectStore } from '../../lib/usage/archive/file-store.ts';
import { archiveKey, type ObjectStore } from '../../lib/usage/archive/object-store.ts';
import { retentionCutoff, runArchiveJob } from '../../lib/usage/archive-job.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2, 12);

let dir: string;
let store: EmbeddedStore;
let objects: ObjectStore;
let seq = 0;
const event = (userId: string, at: number): UsageEvent => ({ id: `evt_job_${++seq}`, userId, keyId: 'key_a', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 5, upstreamMs: 4, bytesIn: 1, bytesOut: 2, at });
const readObject = async (key: string) => {
  const found = await objects.get(key);
  if (!found) return null;
  return (await new Response(found.body).text()).trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string; at: number });
};
/** All archived rows of a user, across every object. */
const archivedIds = async (userId: string) => {
  const ids: string[] = [];
  for (const object of await objects.list(`logs/${userId}/`)) ids.push(...(await readObject(object.key))!.map((row) => row.id));
  return ids;
};

/** The store with one method failing once, as a job killed at that step would leave things. */
function crashingOnce(real: Store, method: 'markArchiveWritten' | 'deleteArchivedCalls'): Store {
  let crashed = false;
  return new Proxy(real, {
    get(target, property) {
      if (property === method && !crashed) {
        return async () => {
          crashed = true;
          throw new Error(`crashed at ${method}`);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcphub-archive-'));
  store = openEmbeddedStore({ dataDir: ':memory:', now: () => NOW });
  objects = createFileObjectStore(join(dir, 'archives'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the retention job', () => {
  it('archives whole days past each user\'s retention, one object a day, and only then deletes them; meters and newer calls stay', async () => {
    const ada = await store.createUser({ email: 'ada@example.com' });
    const bob = await store.createUser({ email: 'bob@example.com' });
    const cutoff = retentionCutoff(NOW, 30);
    expect(cutoff).toBe(Date.UTC(2026, 10, 2));
    const old = [event(ada.id, cutoff - 2 * DAY + 5), { ...event(ada.id, cutoff - 2 * DAY + 9), arguments: '{"owner":"ada"}' }, event(ada.id, cutoff - 1)];
    // The cutoff day itself is within retention; Bob keeps 90 days.
    const kept = [event(ada.id, cutoff), event(bob.id, cutoff - 2 * DAY)];
    for (const e of [...old, ...kept]) await store.recordUsage(e);
    await store.foldMeters();
    const meters = [await store.listMeters(ada.id), await store.listMeters(bob.id)];

    const result = await runArchiveJob({ store, objects, now: () => NOW, retentionDays: (userId) => (userId === bob.id ? 90 : 30) });
    expect(result).toEqual({ archives: 2, calls: 3, deleted: 3, failed: 0 });
    // Stored arguments stay behind: an archive outlives their retention.
    expect(await readObject(archiveKey(ada.id, '2026-10-31', 1))).toEqual([expect.objectContaining({ id: old[0]!.id, arguments: null }), expect.objectContaining({ id: old[1]!.id, arguments: null })]);
    expect((await readObject(archiveKey(ada.id, '2026-11-01', 1)))!.map((r) => r.id)).toEqual([old[2]!.id]);
    expect((await store.listUsage({ userId: ada.id })).map((c) => c.id)).toEqual([kept[0]!.id]);
    expect((await store.listUsage({ userId: bob.id })).map((c) => c.id)).toEqual([kept[1]!.id]);
    expect([await store.listMeters(ada.id), await store.listMeters(bob.id)]).toEqual(meters);
    expect(statSync(join(dir, 'archives', archiveKey(ada.id, '2026-10-31', 1))).mode & 0o777).toBe(0o600);
    // A second run finds nothing more.
    expect(await runArchiveJob({ store, objects, now: () => NOW, retentionDays: (userId) => (userId === bob.id ? 90 : 30) })).toEqual({ archives: 0, calls: 0, deleted: 0, failed: 0 });
  });

  it.each(['markArchiveWritten', 'deleteArchivedCalls'] as const)('loses and duplicates nothing when it crashes at %s, after the object is written', async (step) => {
    const ada = await store.createUser({ email: 'ada@example.com' });
    const made = [event(ada.id, Date.UTC(2026, 9, 1, 1)), event(ada.id, Date.UTC(2026, 9, 1, 2)), event(ada.id, Date.UTC(2026, 9, 2, 3))];
    for (const e of made) await store.recordUsage(e);
    await store.foldMeters();

    const crashed = await runArchiveJob({ store: crashingOnce(store, step), objects, now: () => NOW });
    expect(crashed.failed).toBe(1);
    // The first day's object is in place; every call is still in the store.
    expect((await readObject(archiveKey(ada.id, '2026-10-01', 1)))!.map((r) => r.id)).toEqual([made[0]!.id, made[1]!.id]);
    expect((await store.listUsage({ userId: ada.id })).length).toBe(3);

    const rerun = await runArchiveJob({ store, objects, now: () => NOW });
    expect(rerun).toMatchObject({ archives: 2, deleted: 3, failed: 0 });
    expect(await store.listUsage({ userId: ada.id })).toEqual([]);
    // Every call archived exactly once, under the same keys (no second part for the first day).
    expect((await archivedIds(ada.id)).sort()).toEqual(made.map((e) => e.id).sort());
    expect(readdirSync(join(dir, 'archives', 'logs', ada.id, '2026-10')).sort()).toEqual(['2026-10-01.1.jsonl', '2026-10-02.1.jsonl']);
    expect((await store.listArchives(ada.id)).map((a) => [a.day, a.part, a.status, a.rows])).toEqual([['2026-10-02', 1, 'done', 1], ['2026-10-01', 1, 'done', 2]]);
  });

  it('leaves calls not yet folded into meters for a run after the fold', async () => {
    const ada = await store.createUser({ email: 'ada@example.com' });
    const e = event(ada.id, Date.UTC(2026, 9, 1, 1));
    await store.recordUsage(e);
    expect(await runArchiveJob({ store, objects, now: () => NOW })).toMatchObject({ archives: 0, deleted: 0 });
    expect((await store.listUsage({ userId: ada.id })).length).toBe(1);
    await store.foldMeters();
    expect(await runArchiveJob({ store, objects, now: () => NOW })).toMatchObject({ archives: 1, deleted: 1 });
    expect(await store.listMeters(ada.id)).toEqual([expect.objectContaining({ period: '2026-10', calls: 1 })]);
  });

  it('refuses a retention that is not a whole number of days for that user, and goes on with the others', async () => {
    const ada = await store.createUser({ email: 'ada@example.com' });
    const bob = await store.createUser({ email: 'bob@example.com' });
    for (const userId of [ada.id, bob.id]) await store.recordUsage(event(userId, Date.UTC(2026, 9, 1)));
    await store.foldMeters();
    const result = await runArchiveJob({ store, objects, now: () => NOW, retentionDays: (userId) => (userId === ada.id ? 0 : 30) });
    expect(result).toMatchObject({ archives: 1, failed: 1 });
    expect((await store.listUsage({ userId: ada.id })).length).toBe(1);
    expect(await store.listUsage({ userId: bob.id })).toEqual([]);
  });
});
