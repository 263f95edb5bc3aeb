/**
 * PostgreSQL call benchmark (`npm run bench:postgres`).
 *
 * What a model's database call costs in the hub: `postgres__run_query` through
 * the in-process executor (sealed credential opened, settings parsed, pooled
 * connection, READ ONLY transaction with a statement timeout, cursor read,
 * type names, formatting), against the baseline a naive integration would
 * have — a fresh `pg.Client` per call that connects (scram-sha-256 login),
 * runs the bare query and disconnects. Both hit the same real PostgreSQL on
 * 127.0.0.1, alternating call by call, so machine noise lands on both.
 *
 * On 127.0.0.1 the login is cheap; over a network each new connection adds
 * round trips (and a TLS handshake), so the ratio here is the floor of the
 * pool's advantage, not its typical value.
 *
 * Options: BENCH_CALLS (per variant, default 300). Target: hub ≤ 1.0 × baseline.
 */
import pg from 'pg';
import postgres from '../integrations/postgres/index.ts';
import { createLogger } from '../lib/log.ts';
import { percentile } from '../lib/usage/summary.ts';
import { startPostgres } from '../test/helpers/postgres-server.ts';
import { createToolRunner } from '../test/helpers/run-tool.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const SQL = 'SELECT id, customer_id, total_cents, status, placed_at FROM orders WHERE customer_id = $1 ORDER BY id LIMIT 20';

const server = await startPostgres();
try {
  const credential = server.url('reader');
  const run = createToolRunner(postgres, { credential, logger: createLogger({ level: 'silent' }) });
  const viaHub = async () => {
    const result = await run('run_query', { sql: SQL, params: [2] });
    if (result.outcome !== 'ok') throw new Error(result.text);
  };
  const freshConnection = async () => {
    const client = new pg.Client({ connectionString: credential });
    await client.connect();
    await client.query(SQL, [2]);
    await client.end();
  };

  const samples = { hub: [] as number[], baseline: [] as number[] };
  const time = async (work: () => Promise<void>, into: number[]) => {
    const started = performance.now();
    await work();
    into.push(performance.now() - started);
  };
  for (let i = 0; i < 20; i++) await Promise.all([viaHub(), freshConnection()]); // warm-up: JIT, pool, server caches
  for (let i = 0; i < CALLS; i++) {
    await time(viaHub, samples.hub);
    await time(freshConnection, samples.baseline);
  }

  for (const values of Object.values(samples)) values.sort((a, b) => a - b);
  const row = (name: string, values: number[]) => `${name.padEnd(36)}${percentile(values, 50).toFixed(2).padStart(8)}${percentile(values, 95).toFixed(2).padStart(8)}`;
  console.log(`PostgreSQL run_query, ${CALLS} calls each, alternating (ms)\n${''.padEnd(36)}${'p50'.padStart(8)}${'p95'.padStart(8)}`);
  console.log(row('hub run_query (pooled, read-only txn)', samples.hub));
  console.log(row('baseline: new connection per call', samples.baseline));
  const ratio = percentile(samples.hub, 50) / percentile(samples.baseline, 50);
  console.log(`\nratio hub/baseline p50: ${ratio.toFixed(2)} (target ≤ 1.0)`);
  process.exitCode = ratio <= 1 ? 0 : 1;
} finally {
  await postgres.close?.();
  await server.stop();
}
