/**
 * Gateway overhead benchmark (`npm run bench`).
 *
 * Measures `tools/call github__get_repository` through a real hub process
 * against the same upstream request sent straight to the GitHub-shaped fake,
 * in the same run on the same machine, at 1 and 32 concurrent callers. The
 * fake runs in its own process, so both paths cross process boundaries. Reports
 * throughput ratio (hub / direct) and the latency the hub adds at p50 and p99.
 * Both paths use plain fetch with a pre-built request, so client-library cost
 * is not counted as hub cost.
 *
 * Options: BENCH_SECONDS (per measurement, default 5), BENCH_PROTOCOL
 * (`modern` = 2026-07-28, default; `legacy` = 2025-11-25).
 */
import { fmt, measure, startHubTarget } from './harness.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PROTOCOL = process.env.BENCH_PROTOCOL === 'legacy' ? 'legacy' : 'modern';

const target = await startHubTarget({ MCPHUB_LOG_LEVEL: 'warn' });
try {
  const viaHub = target.viaHub(PROTOCOL);
  console.log(`tools/call github__get_repository, protocol ${PROTOCOL}, ${SECONDS} s per measurement, ${navigator.hardwareConcurrency} cores`);
  console.log('| callers | direct req/s | hub req/s | throughput ratio | direct p50 ms | hub p50 ms | added p50 ms | direct p99 ms | hub p99 ms | added p99 ms |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const concurrency of [1, 32]) {
    const d = await measure(target.direct, concurrency, SECONDS);
    const h = await measure(viaHub, concurrency, SECONDS);
    const dRate = d.requests / d.seconds;
    const hRate = h.requests / h.seconds;
    console.log(`| ${concurrency} | ${fmt(dRate, 0)} | ${fmt(hRate, 0)} | ${fmt(hRate / dRate)} | ${fmt(d.p50)} | ${fmt(h.p50)} | ${fmt(h.p50 - d.p50)} | ${fmt(d.p99)} | ${fmt(h.p99)} | ${fmt(h.p99 - d.p99)} |`);
  }
  const usage = JSON.parse((await target.hub.cli(['usage', '--user', target.account.email, '--json'])).stdout) as { totals: { calls: number; errors: number } };
  console.log(`\nusage events recorded by the hub during the run: ${usage.totals.calls} (errors: ${usage.totals.errors})`);
} finally {
  await target.close();
}
