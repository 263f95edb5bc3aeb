/**
 * Monthly usage exports (lib/services/exports.ts): the rows are the calls a
 * real SDK client made through the in-process hub, with the Logs page's
 * fields, in CSV and JSONL; a month is a UTC month to the millisecond; CSV
 * cells are quoted and formula-safe; a bad or future month is refused with
 * the fix; and calls archived past retention are still in the export, once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { exportMonth, openExport, type ExportDeps } from '../../lib/services/exports.ts';
import { ServiceError } from '../../lib/services/errors.ts';
import { openEmbeddedStore, type EmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { UsageEvent } from '../../lib/store/port.ts';
import { createFileObjectStore } from '../../lib/usage/archive/file-store.ts';
import { archiveKey, type ObjectStore } from '../../lib/usage/archive/object-store.ts';
import { finishArchive, runArchiveJob } from '../../lib/usage/archive-job.ts';
import { EXPORT_COLUMNS } from '../../lib/usage/export-rows.ts';
import { createHints } from '../../lib/server/hints.ts';
import { csvRecords } from '../helpers/csv.ts';
import { startGitHubHub, type GitHubHub } from '../helpers/in-process-hub.ts';

const hints = createHints({ cli: 'npx mcphub', remote: false });
const text = async (deps: ExportDeps, userId: string, id: string) => {
  const download = await openExport({ ...deps, hints }, { userId, id });
  if (!('body' in download)) throw new Error('expected a file download');
  return new Response(download.body).text();
};
const jsonl = (body: string) => body.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
/** A call as the Logs page's API shows it. */
const logsView = (call: UsageEvent) => Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, (call as unknown as Record<string, unknown>)[c] ?? null]));

describe('exports of calls made through the hub', () => {
  let gh: GitHubHub;
  let client: Client;
  beforeAll(async () => {
    gh = await startGitHubHub();
    client = await gh.hub.connect(gh.alice.key);
    for (let i = 0; i < 3; i++) expect((await client.callTool({ name: 'github__get_me', arguments: {} })).isError).toBeFalsy();
    await client.callTool({ name: 'github__no_such_tool', arguments: {} }).catch(() => null);
  });
  afterAll(async () => {
    await client.close();
    await gh.close();
  });

  it('writes one row per call, with the Logs page\'s fields, as JSONL and as CSV', async () => {
    const deps = { store: gh.hub.hub.store, objects: gh.hub.hub.objects! };
    const month = new Date().toISOString().slice(0, 7);
    const calls = (await gh.hub.hub.store.listCalls(gh.alice.userId, {})).calls;
    expect(calls.length).toBe(4);

    const json = await exportMonth(deps, { userId: gh.alice.userId, month, format: 'jsonl' });
    expect(json).toMatchObject({ id: `${month}.jsonl`, month, format: 'jsonl', rows: 4 });
    expect(jsonl(await text(deps, gh.alice.userId, json.id))).toEqual(calls.map(logsView));

    const csv = await exportMonth(deps, { userId: gh.alice.userId, month, format: 'csv' });
    const records = csvRecords(await text(deps, gh.alice.userId, csv.id));
    expect(records.map((r) => r.id)).toEqual(calls.map((c) => c.id));
    expect(records[0]).toEqual({
      ...Object.fromEntries(Object.entries(logsView(calls[0]!)).map(([k, v]) => [k, v === null ? '' : String(v)])),
      at: new Date(calls[0]!.at).toISOString(),
    });
    expect(records.map((r) => r.outcome).sort()).toEqual(['ok', 'ok', 'ok', 'unknown_tool']);
  });
});

describe('exports on an embedded store', () => {
  let dir: string;
  let store: EmbeddedStore;
  let objects: ObjectStore;
  let now = Date.UTC(2026, 11, 2, 12);
  let deps: ExportDeps;
  let seq = 0;
  const event = (userId: string, at: number, overrides: Partial<UsageEvent> = {}): UsageEvent => ({
    id: `evt_x_${++seq}`, userId, keyId: 'key_a', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 5, upstreamMs: 4, bytesIn: 1, bytesOut: 2, at, ...overrides,
  });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcphub-exports-'));
    store = openEmbeddedStore({ dataDir: ':memory:', now: () => now });
    objects = createFileObjectStore(join(dir, 'archives'));
    deps = { store, objects, now: () => now };
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts a call in the UTC month it was made in, to the millisecond', async () => {
    const ada = await store.createUser({ email: 'boundary@example.com' });
    const lastOfNov = event(ada.id, Date.UTC(2026, 10, 30, 23, 59, 59, 999));
    const firstOfDec = event(ada.id, Date.UTC(2026, 11, 1));
    const firstOfNov = event(ada.id, Date.UTC(2026, 10, 1));
    const lastOfOct = event(ada.id, Date.UTC(2026, 10, 1) - 1);
    for (const e of [lastOfNov, firstOfDec, firstOfNov, lastOfOct]) await store.recordUsage(e);
    const ids = async (month: string) => jsonl(await text(deps, ada.id, (await exportMonth(deps, { userId: ada.id, month, format: 'jsonl' })).id)).map((r) => r.id);
    expect(await ids('2026-11')).toEqual([lastOfNov.id, firstOfNov.id]);
    expect(await ids('2026-12')).toEqual([firstOfDec.id]);
    expect(await ids('2026-10')).toEqual([lastOfOct.id]);
    expect((await exportMonth(deps, { userId: ada.id, month: '2026-09', format: 'csv' })).rows).toBe(0);
  });

  it('quotes CSV cells and defuses what a spreadsheet would run as a formula', async () => {
    const ada = await store.createUser({ email: 'csv@example.com' });
    const nasty = event(ada.id, Date.UTC(2026, 10, 5), {
      tool: '=HYPERLINK("http://evil.example","x")', outcome: 'upstream_error', billable: false,
      error: 'GitHub said: "Bad credentials", then\r\nmore', client: '@evil/1.0', arguments: '+1,"-2"',
    });
    await store.recordUsage(nasty);
    await store.recordUsage(event(ada.id, Date.UTC(2026, 10, 6), { integration: null, tool: '-x', client: 'tab\there' }));
    const csv = await exportMonth(deps, { userId: ada.id, month: '2026-11', format: 'csv' });
    const body = await text(deps, ada.id, csv.id);
    expect(body.startsWith(`${EXPORT_COLUMNS.join(',')}\r\n`)).toBe(true);
    const [plain, tricky] = csvRecords(body);
    expect(tricky).toMatchObject({ tool: `'=HYPERLINK("http://evil.example","x")`, error: 'GitHub said: "Bad credentials", then\r\nmore', client: "'@evil/1.0", arguments: `'+1,"-2"`, billable: 'false' });
    expect(plain).toMatchObject({ tool: "'-x", integration: '', client: 'tab\there', arguments: '' });
  });

  it('refuses a month that is malformed or has not begun, and an unknown format, naming the fix', async () => {
    const ada = await store.createUser({ email: 'months@example.com' });
    const refused = async (month: string, format = 'csv') => {
      const error = await exportMonth(deps, { userId: ada.id, month, format }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).code).toBe('invalid');
      return (error as ServiceError).message;
    };
    expect(await refused('2026-13')).toMatch(/YYYY-MM/);
    expect(await refused('2026-1')).toMatch(/YYYY-MM/);
    expect(await refused('../../etc')).toMatch(/YYYY-MM/);
    expect(await refused('2027-01')).toMatch(/has not begun yet.*2026-12/);
    expect(await refused('1999-12')).toMatch(/2000-01 or later/);
    expect(await refused('2026-11', 'xlsx')).toMatch(/csv or jsonl/);
    // The current month has begun: it exports what is recorded so far.
    expect((await exportMonth(deps, { userId: ada.id, month: '2026-12', format: 'csv' })).rows).toBe(0);
  });

  it('writes one export per user at a time: a second ask while one is being written is refused, and works after', async () => {
    const ada = await store.createUser({ email: 'single@example.com' });
    await store.recordUsage(event(ada.id, Date.UTC(2026, 10, 5)));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reading!: () => void;
    const started = new Promise<void>((resolve) => (reading = resolve));
    // The store holds the first export's first page back until released.
    const held = new Proxy(store, {
      get(target, property) {
        if (property === 'listCalls') return async (...args: Parameters<typeof store.listCalls>) => (reading(), await gate, target.listCalls(...args));
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const first = exportMonth({ ...deps, store: held }, { userId: ada.id, month: '2026-11', format: 'csv' });
    await started;
    const second = await exportMonth(deps, { userId: ada.id, month: '2026-10', format: 'jsonl' }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(ServiceError);
    expect((second as ServiceError).code).toBe('conflict');
    release();
    expect((await first).rows).toBe(1);
    expect((await exportMonth(deps, { userId: ada.id, month: '2026-11', format: 'jsonl' })).rows).toBe(1);
  });

  it('still holds calls archived past retention, once each — also while an archive is written but not yet deleted', async () => {
    const ada = await store.createUser({ email: 'archived@example.com' });
    const made = [Date.UTC(2026, 9, 3, 1), Date.UTC(2026, 9, 3, 2), Date.UTC(2026, 9, 4, 5), Date.UTC(2026, 9, 30, 9)].map((at) => event(ada.id, at));
    for (const e of made) await store.recordUsage(e);
    await store.foldMeters();
    const exported = async () => jsonl(await text(deps, ada.id, (await exportMonth(deps, { userId: ada.id, month: '2026-10', format: 'jsonl' })).id)).map((r) => r.id);
    const before = await exported();
    expect(new Set(before)).toEqual(new Set(made.map((e) => e.id)));

    // Oct 3 archived and its rows deleted; Oct 4 written, its deletion not run yet (a job stopped between the two).
    await finishArchive({ store, objects }, (await store.beginArchive({ userId: ada.id, day: '2026-10-03' }))!);
    const oct4 = (await store.beginArchive({ userId: ada.id, day: '2026-10-04' }))!;
    await objects.put(archiveKey(ada.id, '2026-10-04', 1), (async function* () {
      for (const call of (await store.listArchiveCalls({ userId: ada.id, archiveId: oct4.id })).calls) yield `${JSON.stringify(logsView(call))}\n`;
    })(), { contentType: 'application/x-ndjson' });
    await store.markArchiveWritten({ userId: ada.id, archiveId: oct4.id, rows: 1, bytes: 1 });
    expect((await store.listUsage({ userId: ada.id })).length).toBe(2);
    const during = await exported();
    expect(during.length).toBe(4);
    expect(new Set(during)).toEqual(new Set(before));

    await runArchiveJob({ store, objects, now: () => Date.UTC(2026, 11, 2), retentionDays: () => 1 });
    expect(await store.listUsage({ userId: ada.id })).toEqual([]);
    const after = await exported();
    expect(after.length).toBe(4);
    expect(new Set(after)).toEqual(new Set(before));
  });
});
