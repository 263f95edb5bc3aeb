/**
 * Connection pools, one per connection string, kept between tool calls: a
 * new PostgreSQL connection costs a TCP (often TLS) handshake and a password
 * exchange, which would dominate a quick query (bench/postgres.bench.ts).
 * Pools are keyed by a hash of the connection string, so a credential is never
 * a map key in memory dumps, and two connections share a pool only when they
 * log in identically. Idle connections close after 30 s; at most
 * MAX_POOLS pools are kept (least recently used closed first).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

const MAX_POOLS = 100;
/** Per connection string; a model's calls come one or a few at a time. */
const MAX_CONNECTIONS = 4;
const IDLE_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Values as a model should read them: numbers and booleans parsed, JSON
 * parsed, and everything else — bigint, numeric, dates, times, intervals,
 * arrays, bytea — in PostgreSQL's own text form, which is exact and needs no
 * time-zone guesswork (pg would turn a `date` into a local-time JS Date).
 */
const PARSERS: Record<number, (value: string) => unknown> = {
  16: (v) => v === 't', // bool
  21: Number, // int2
  23: Number, // int4
  26: Number, // oid
  700: Number, // float4
  701: Number, // float8
  114: (v) => JSON.parse(v), // json
  3802: (v) => JSON.parse(v), // jsonb
};
const asText = (value: string) => value;
const types = { getTypeParser: (oid: number) => PARSERS[oid] ?? asText } as pg.CustomTypesConfig;

const pools = new Map<string, pg.Pool>();

/** The pool for this connection string, created on first use. */
export function poolFor(connectionString: string): pg.Pool {
  const key = createHash('sha256').update(connectionString).digest('hex');
  let pool = pools.get(key);
  if (pool) {
    // Map order is insertion order: re-inserting marks it most recently used.
    pools.delete(key);
  } else {
    pool = new pg.Pool({
      connectionString,
      types,
      max: MAX_CONNECTIONS,
      idleTimeoutMillis: IDLE_MS,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      allowExitOnIdle: true,
      application_name: 'mcphub',
    });
    // An idle connection dropped by the server (restart, idle timeout) must not crash the hub; the pool replaces it.
    pool.on('error', () => {});
    if (pools.size >= MAX_POOLS) {
      const [oldestKey, oldest] = pools.entries().next().value!;
      pools.delete(oldestKey);
      void oldest.end().catch(() => {});
    }
  }
  pools.set(key, pool);
  return pool;
}

/** Closes every pool (hub shutdown). */
export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.end().catch(() => {})));
}

/**
 * Asks the server to cancel whatever `backend` is running, over a separate
 * short-lived connection (node-postgres has no public cancel for a pooled
 * client). Best effort: the statement timeout is the backstop.
 */
export async function cancelBackend(connectionString: string, backend: number): Promise<void> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000, application_name: 'mcphub-cancel' });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT pg_cancel_backend($1)', [backend]);
  } catch {
    // Nothing more to do: the server ends the statement at its timeout.
  } finally {
    await client.end().catch(() => {});
  }
}
