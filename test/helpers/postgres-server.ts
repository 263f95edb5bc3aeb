/**
 * A real PostgreSQL server for tests: the PostgreSQL integration is checked
 * against the real thing (SQLSTATEs, privileges, connection limits, scram
 * auth), not a mocked driver. Each test file starts its own cluster in a fresh
 * temp dir, listening on 127.0.0.1 only, on a free port, with durability off
 * for speed, and seeded with the `shop` fixture below.
 *
 * initdb refuses to run as root, so under root the cluster belongs to the
 * `postgres` user and initdb/pg_ctl run through `runuser` (or `su`).
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import pg from 'pg';
import { freePort } from './hub-process.ts';

export type PostgresRole = 'reader' | 'writer' | 'limited' | 'superuser';

export interface PostgresServer {
  port: number;
  host: '127.0.0.1';
  /** `postgres://user:password@127.0.0.1:port/shop` for a seeded role; `options` override password or database. */
  url(role: PostgresRole, options?: { password?: string; database?: string }): string;
  /** Stops the server (immediate mode) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const CREDENTIALS: Record<PostgresRole, { user: string; password: string }> = {
  reader: { user: 'hub_reader', password: 'reader-pw-7f3a9c' },
  writer: { user: 'hub_writer', password: 'writer-pw-2b8e41' },
  limited: { user: 'hub_limited', password: 'limited-pw-5d1c07' },
  superuser: { user: 'postgres', password: 'super-pw-9e6b2d' },
};

const isRoot = (): boolean => process.getuid?.() === 0;

function hasServerBinaries(dir: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((bin) => existsSync(join(dir, bin)));
}

function findBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) if (hasServerBinaries(join(root, version, 'bin'))) return join(root, version, 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'pg_ctl');
    if (!existsSync(candidate)) continue;
    const real = dirname(realpathSync(candidate));
    if (hasServerBinaries(real)) return real;
  }
  return null;
}

/**
 * The directory holding `initdb`, `pg_ctl` and `postgres`. Under root a missing
 * server is installed with apt-get; otherwise this throws saying what to install.
 */
export function ensurePostgresInstalled(): string {
  const found = findBinDir();
  if (found) return found;
  if (!isRoot()) throw new Error('PostgreSQL server binaries (initdb, pg_ctl, postgres) not found; install them with `sudo apt-get install postgresql`');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'postgresql']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 2, 2], env, timeout: 10 * 60_000 });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}); install PostgreSQL with \`sudo apt-get install postgresql\``);
  }
  const installed = findBinDir();
  if (!installed) throw new Error('apt-get installed postgresql but initdb/pg_ctl/postgres are still not found');
  return installed;
}

const shellQuote = (arg: string): string => `'${arg.replaceAll("'", `'\\''`)}'`;

/** Runs a server binary, as `postgres` when we are root; rejects with its output. */
function runServerBinary(bin: string, args: string[], cwd: string): Promise<void> {
  let command = bin;
  let argv = args;
  if (isRoot()) {
    if (spawnSync('runuser', ['--version'], { stdio: 'ignore' }).status === 0) {
      [command, argv] = ['runuser', ['-u', 'postgres', '--', bin, ...args]];
    } else {
      [command, argv] = ['su', ['postgres', '-s', '/bin/sh', '-c', [bin, ...args].map(shellQuote).join(' ')]];
    }
  }
  return new Promise((resolve, reject) => {
    execFile(command, argv, { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${[command, ...argv].join(' ')} failed (${error.code ?? error.signal}):\n${stdout}${stderr}`.trim()));
      else resolve();
    });
  });
}

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log written)';
  }
}

/** Starts a seeded PostgreSQL cluster on 127.0.0.1 (see the module header). */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = ensurePostgresInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'mcphub-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'log');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${CREDENTIALS.superuser.password}\n`);
  if (isRoot()) {
    const chown = spawnSync('chown', ['-R', 'postgres:', dir]);
    if (chown.status !== 0) throw new Error(`chown -R postgres ${dir} failed: ${chown.stderr?.toString() ?? chown.error?.message}`);
  } else {
    chmodSync(pwfile, 0o600);
  }
  const pgCtl = join(bin, 'pg_ctl');

  let stopping: Promise<void> | undefined;
  let running = false;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (running) await runServerBinary(pgCtl, ['stop', '-m', 'immediate', '-D', data], dir).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    })());

  try {
    await runServerBinary(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`, '--no-sync', '--encoding=UTF8', '--locale=C'], dir);
    const port = await freePort();
    const options = `-c listen_addresses=${HOST} -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40 -c timezone=UTC`;
    running = true;
    await runServerBinary(pgCtl, ['start', '-D', data, '-w', '-t', '30', '-l', log, '-o', options], dir).catch((error: Error) => {
      throw new Error(`${error.message}\n--- server log (tail) ---\n${logTail(log)}`);
    });
    const url: PostgresServer['url'] = (role, opts = {}) => {
      const { user, password } = CREDENTIALS[role];
      return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(opts.password ?? password)}@${HOST}:${port}/${encodeURIComponent(opts.database ?? 'shop')}`;
    };
    // CREATE DATABASE cannot share the implicit transaction of a multi-statement query.
    await runSql(url('superuser', { database: 'postgres' }), ['CREATE DATABASE shop', ROLES_SQL]);
    await runSql(url('superuser'), [SHOP_SQL]);
    return { port, host: HOST, url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function runSql(connectionString: string, batches: string[]): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (const sql of batches) await client.query(sql);
  } finally {
    await client.end();
  }
}

const role = (r: PostgresRole, extra = ''): string => `CREATE ROLE ${CREDENTIALS[r].user} LOGIN ${extra} PASSWORD '${CREDENTIALS[r].password}';`;

const ROLES_SQL = `
${role('reader')}
${role('writer')}
${role('limited', 'CONNECTION LIMIT 0')}
GRANT CONNECT ON DATABASE shop TO hub_reader, hub_writer, hub_limited;
`;

const SHOP_SQL = `
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA analytics;
CREATE TABLE public.customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT '2026-01-01T00:00:00Z');
COMMENT ON TABLE public.customers IS 'People who have placed orders';
COMMENT ON COLUMN public.customers.email IS 'Login and receipt address';
INSERT INTO public.customers (email, name) VALUES ('ada@shop.test', 'Ada Lovelace'), ('grace@shop.test', 'Grace Hopper'), ('linus@shop.test', 'Linus Torvalds');
CREATE TABLE public.orders (id serial PRIMARY KEY, customer_id integer NOT NULL REFERENCES public.customers(id), total_cents integer NOT NULL CHECK (total_cents >= 0), status text NOT NULL DEFAULT 'pending', placed_at timestamptz NOT NULL);
CREATE INDEX orders_by_customer ON public.orders (customer_id);
INSERT INTO public.orders (customer_id, total_cents, status, placed_at)
  SELECT (i - 1) % 3 + 1, 100 * i, CASE WHEN i % 2 = 0 THEN 'shipped' ELSE 'pending' END, '2026-01-01T00:00:00Z'::timestamptz + i * interval '1 hour'
  FROM generate_series(1, 250) AS i;
-- daily_sales agrees with orders: the count and sum of total_cents per UTC day.
CREATE TABLE analytics.daily_sales (day date PRIMARY KEY, orders integer NOT NULL, revenue_cents bigint NOT NULL);
INSERT INTO analytics.daily_sales VALUES ('2026-01-01', 23, 27600), ('2026-01-02', 24, 85200), ('2026-01-03', 24, 142800);
CREATE VIEW analytics.top_customers AS
  SELECT c.name, sum(o.total_cents)::bigint AS total_cents FROM public.customers c JOIN public.orders o ON o.customer_id = c.id GROUP BY c.name;
CREATE TABLE public.salaries (employee text PRIMARY KEY, amount integer NOT NULL);
INSERT INTO public.salaries VALUES ('Ada Lovelace', 250000);
GRANT USAGE ON SCHEMA public, analytics TO hub_reader, hub_writer;
GRANT SELECT ON public.customers, public.orders, analytics.daily_sales, analytics.top_customers TO hub_reader, hub_writer;
GRANT INSERT, UPDATE, DELETE ON public.customers, public.orders TO hub_writer;
GRANT USAGE ON SEQUENCE public.customers_id_seq, public.orders_id_seq TO hub_writer;
`;
