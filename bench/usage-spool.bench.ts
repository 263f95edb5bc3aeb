/**
 * Usage recording benchmark (`npm run bench:spool`).
 *
 * What recording one usage event costs on the hot path of a hub on Convex —
 * an append to the on-disk spool (lib/usage/spool.ts) — against the baseline
 * of the embedded store, whose `recordUsage` commits the event to SQLite
 * before the response. Both write to the same temp filesystem, alternating in
 * rounds so machine noise lands on both. Delivery to Convex happens off the
 * hot path and is not timed here (the deliver function is a no-op).
 *
 * Options: BENCH_EVENTS (per variant, default 20000). Target: spool ≤ 1.0 × baseline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../lib/log.ts';
import { openEmbeddedStore } from '../lib/store/embedded/index.ts';
import type { UsageEvent } from '../lib/store/port.ts';
import { openUsageSpool } from '../lib/usage/spool.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const ROUNDS = 10;
const dir = mkdtempSync(join(tmpdir(), 'mcphub-bench-spool-'));
const spool = openUsageSpool({ dir: join(dir, 'spool'), deliver: async () => {}, logger: createLogger({ level: 'silent' }) });
const store = openEmbeddedStore({ dataDir: join(dir, 'embedded') });

let seq = 0;
const event = (): UsageEvent => ({ id: `evt_bench_${++seq}`, userId: 'usr_bench', keyId: 'key_bench', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 12.5, upstreamMs: 10, bytesIn: 2, bytesOut: 300, at: Date.now() });

const timing = { spool: 0, embedded: 0 };
const perRound = Math.ceil(EVENTS / ROUNDS);
try {
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    for (let i = 0; i < perRound; i++) spool.append(event());
    timing.spool += performance.now() - started;
    started = performance.now();
    for (let i = 0; i < perRound; i++) await store.recordUsage(event());
    timing.embedded += performance.now() - started;
  }
  const total = perRound * ROUNDS;
  const us = (ms: number) => ((ms * 1000) / total).toFixed(2);
  console.log(`events per variant: ${total}`);
  console.log(`spool append (Convex hub):        ${us(timing.spool)} µs/event`);
  console.log(`embedded recordUsage (baseline):  ${us(timing.embedded)} µs/event`);
  console.log(`ratio spool / embedded: ${(timing.spool / timing.embedded).toFixed(2)} (target ≤ 1.0)`);
} finally {
  await spool.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
