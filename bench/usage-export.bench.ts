/**
 * Usage export and archive benchmark (`npm run bench:export`, not run by CI).
 *
 * One user with BENCH_CALLS calls in one UTC month on an embedded store in a
 * temp data dir: how long a month's CSV export takes and how far the
 * process's resident memory rises meanwhile (rows stream page by page, so it
 * should stay flat however many calls there are), then how long the
 * retention job takes to archive and delete the same calls.
 *
 * Options: BENCH_CALLS (default 200000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportMonth } from '../lib/services/exports.ts';
import { openEmbeddedStore } from '../lib/store/embedded/index.ts';
import type { UsageEvent } from '../lib/store/port.ts';
import { createFileObjectStore } from '../lib/usage/archive/file-store.ts';
import { runArchiveJob } from '../lib/usage/archive-job.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 200_000);
const MONTH_START = Date.UTC(2026, 9, 1);
const dir = mkdtempSync(join(tmpdir(), 'mcphub-bench-export-'));
const store = openEmbeddedStore({ dataDir: join(dir, 'data') });
const objects = createFileObjectStore(join(dir, 'data', 'archives'));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

try {
  const user = await store.createUser({ email: 'bench@example.com' });
  const spacing = Math.floor((31 * 86_400_000) / CALLS);
  const batch: Promise<void>[] = [];
  for (let i = 0; i < CALLS; i++) {
    const call: UsageEvent = { id: `evt_bench_${i}`, userId: user.id, keyId: 'key_bench', integration: 'github', tool: 'get_me', outcome: i % 50 === 0 ? 'upstream_error' : 'ok', billable: i % 50 !== 0, totalMs: 12.5, upstreamMs: 10, bytesIn: 2, bytesOut: 300, at: MONTH_START + i * spacing, client: 'claude-ai/1.0', ...(i % 50 === 0 && { error: 'GitHub said: "Bad credentials"' }) };
    batch.push(store.recordUsage(call));
    if (batch.length === 5_000) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  await store.foldMeters();

  Bun.gc(true);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const exported = await exportMonth({ store, objects, now: () => Date.UTC(2026, 11, 2) }, { userId: user.id, month: '2026-10', format: 'csv' });
  const exportMs = performance.now() - started;
  clearInterval(sampler);
  console.log(`export: ${exported.rows} calls, ${mb(exported.size)} CSV in ${(exportMs / 1000).toFixed(2)} s (${Math.round(exported.rows / (exportMs / 1000))} calls/s); RSS ${mb(before)} → peak ${mb(peak)} (+${mb(peak - before)})`);

  const archiveStarted = performance.now();
  const archived = await runArchiveJob({ store, objects, now: () => Date.UTC(2026, 11, 2) });
  const archiveMs = performance.now() - archiveStarted;
  console.log(`archive: ${archived.archives} day objects, ${archived.calls} calls written and ${archived.deleted} deleted in ${(archiveMs / 1000).toFixed(2)} s`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
