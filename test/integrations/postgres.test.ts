/**
 * Every PostgreSQL tool through the real executor and `pg`, against a real
 * PostgreSQL server on 127.0.0.1 seeded with the `shop` fixture
 * (test/helpers/postgres-server.ts): catalog tools, read-only queries and
 * their limits, writes refused unless allowed, statement timeout and
 * cancellation reaching the server, and the shared integration contract.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from '../../integrations/postgres/index.ts';
import { checkConnectionString } from '../../integrations/postgres/client.ts';
import { runIntegrationContract } from '../contract/integration-contract.ts';
import { captureLogger } from '../helpers/logs.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.ts';
import { createToolRunner } from '../helpers/run-tool.ts';
import { waitUntil } from '../helpers/wait.ts';

let server: PostgresServer;
const { logger, lines } = captureLogger();
const reader = () => server.url('reader');
const call = createToolRunner(postgres, { credential: 'set in beforeAll', logger });
const run = (tool: string, args: Record<string, unknown>, options: Parameters<typeof call>[2] = {}) => call(tool, args, { token: reader(), ...options });

/** A superuser query, for checking what really happened on the server. */
async function asSuperuser<Row extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: server.url('superuser') });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const sleepingBackends = async () => (await asSuperuser<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(%' AND state = 'active'"))[0]!.n;

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await postgres.close?.();
  await server?.stop();
});

describe('postgres catalog tools', () => {
  it('list_schemas lists user schemas with counts, leaving system schemas out', async () => {
    const r = await run('list_schemas', {});
    expect(r.outcome).toBe('ok');
    expect(r.structured?.schemas).toEqual([
      expect.objectContaining({ name: 'analytics', tables: 1, views: 1, usable: true }),
      expect.objectContaining({ name: 'public', tables: 3, views: 0, usable: true }),
    ]);
    expect(r.text).toContain(`2 schemas in 127.0.0.1:${server.port}/shop`);
    expect(r.upstreamMs).toBeGreaterThan(0);
  });

  it('list_tables filters by schema and name, and pages', async () => {
    const all = await run('list_tables', {});
    expect(all.structured?.tables.map((t: { schema: string; name: string }) => `${t.schema}.${t.name}`)).toEqual([
      'analytics.daily_sales', 'analytics.top_customers', 'public.customers', 'public.orders', 'public.salaries',
    ]);
    expect(all.text).toContain('public.customers (table');
    expect(all.text).toContain('— People who have placed orders');
    expect(all.text).toContain('analytics.top_customers (view)');
    expect((await run('list_tables', { schema: 'analytics' })).structured?.tables).toHaveLength(2);
    expect((await run('list_tables', { name_contains: 'ORD' })).structured?.tables.map((t: { name: string }) => t.name)).toEqual(['orders']);
    const page = await run('list_tables', { limit: 2, offset: 2 });
    expect(page.structured?.tables.map((t: { name: string }) => t.name)).toEqual(['customers', 'orders']);
    expect(page.structured?.nextOffset).toBe(4);
    expect(page.text).toContain('call again with offset: 4');
  });

  it('describe_table shows columns, keys, indexes and what references the table', async () => {
    const orders = await run('describe_table', { table: 'orders' });
    expect(orders.structured).toMatchObject({ schema: 'public', name: 'orders', kind: 'table' });
    expect(orders.structured?.columns).toContainEqual({ name: 'total_cents', type: 'integer', nullable: false, default: null, comment: null });
    expect(orders.text).toContain("- status text NOT NULL DEFAULT 'pending'::text");
    expect(orders.text).toContain('orders_customer_id_fkey: FOREIGN KEY (customer_id) REFERENCES customers(id)');
    expect(orders.text).toContain('CHECK ((total_cents >= 0))');
    expect(orders.text).toContain('CREATE INDEX orders_by_customer ON public.orders USING btree (customer_id)');
    const customers = await run('describe_table', { table: 'public.customers' });
    expect(customers.text).toContain('- email text NOT NULL — Login and receipt address');
    expect(customers.text).toMatch(/Referenced by:\n- orders \(orders_customer_id_fkey\)/);
    const view = await run('describe_table', { table: 'analytics.top_customers' });
    expect(view.structured).toMatchObject({ kind: 'view', view: expect.stringContaining('sum(o.total_cents)') });
  });

  it('describe_table of a missing table says how to find one', async () => {
    const r = await run('describe_table', { table: 'nope' });
    expect(r.result.isError).toBe(true);
    expect(r.text).toMatch(/No table or view named nope.*list_tables/);
  });
});

describe('postgres names', () => {
  it('a schema name is compared as a value, so SQL in it matches nothing', async () => {
    const r = await run('list_tables', { schema: "public' OR '1'='1" });
    expect(r.outcome).toBe('ok');
    expect(r.structured?.tables).toEqual([]);
  });

  it('a table name must be one as SQL writes it, and is resolved by the server from a bound value', async () => {
    const input = call.registry.resolve('postgres__describe_table')!.tool.input;
    for (const table of ['..', '.', 'orders; DROP TABLE orders', "orders') OR true --", 'a.b.c.d', '1st']) {
      const parsed = input.safeParse({ table });
      expect(parsed.success, table).toBe(false);
      expect(parsed.error?.issues[0]?.message, table).toMatch(/^a table or view name as SQL writes it: orders, analytics.daily_sales, or "Mixed Case"/);
    }
    for (const table of ['"public"."orders"', 'public . orders', 'shop.public.orders']) {
      expect((await run('describe_table', { table })).structured, table).toMatchObject({ schema: 'public', name: 'orders' });
    }
    const quoted = await run('describe_table', { table: '"orders; DROP TABLE orders"' });
    expect(quoted.text).toMatch(/No table or view named "orders; DROP TABLE orders" here/);
    expect(await asSuperuser("SELECT to_regclass('public.orders') IS NOT NULL AS present")).toEqual([{ present: true }]);
  });
});

describe('postgres queries', () => {
  it('run_query binds params and shows rows with column names and types; values keep PostgreSQL\'s text form', async () => {
    const r = await run('run_query', { sql: 'SELECT id, total_cents::bigint AS big, placed_at, placed_at::date AS day, NULL AS nothing, \'{"a":[1]}\'::jsonb AS doc, \'two\nlines | pipe\' AS odd FROM orders WHERE customer_id = $1 ORDER BY id LIMIT 2', params: [2] });
    expect(r.outcome).toBe('ok');
    expect(r.structured?.columns.map((c: { type: string }) => c.type)).toEqual(['integer', 'bigint', 'timestamp with time zone', 'date', 'text', 'jsonb', 'text']);
    expect(r.structured?.rows[0]).toEqual([2, '200', '2026-01-01 02:00:00+00', '2026-01-01', null, { a: [1] }, 'two\nlines | pipe']);
    expect(r.structured).toMatchObject({ command: 'SELECT', truncated: false });
    expect(r.text).toContain('| 2 | 200 | 2026-01-01 02:00:00+00 | 2026-01-01 | NULL | {"a":[1]} | two\\nlines \\| pipe |');
    expect(r.text).toMatch(/^2 rows; columns: id integer, big bigint/);
  });

  it('returns at most max_rows (100 by default) and says more exist', async () => {
    const byDefault = await run('run_query', { sql: 'SELECT * FROM orders ORDER BY id' });
    expect(byDefault.structured?.rows).toHaveLength(100);
    expect(byDefault.structured?.truncated).toBe(true);
    expect(byDefault.text).toMatch(/^First 100 rows \(more exist\)/);
    expect(byDefault.text).toContain('[truncated: the statement returned more than 100 rows');
    const all = await run('run_query', { sql: 'SELECT * FROM orders', max_rows: 1000 });
    expect(all.structured).toMatchObject({ truncated: false });
    expect(all.structured?.rows).toHaveLength(250);
  });

  it('keeps a wide result within the output budget, text and structured rows alike', async () => {
    const r = await run('run_query', { sql: "SELECT g AS n, repeat('x', 5000) AS wide FROM generate_series(1, 500) g", max_rows: 1000 });
    expect(r.text.length).toBeLessThan(24_000);
    expect(r.structured?.truncated).toBe(true);
    expect(r.structured?.rows.length).toBeLessThan(500);
    expect(r.text).toContain('the rows are too wide to show more than');
    expect(r.structured?.rows[0][1]).toHaveLength(2_001);
  });

  it('explain_query shows the plan, and with analyze the actual rows, read-only', async () => {
    const plan = await run('explain_query', { sql: 'SELECT * FROM orders WHERE customer_id = $1', params: [1] });
    expect(plan.text).toMatch(/Scan .*orders/);
    const analyzed = await run('explain_query', { sql: 'SELECT * FROM orders WHERE customer_id = 1', analyze: true });
    expect(analyzed.text).toMatch(/actual time=.*rows=84/);
    expect(analyzed.structured).toMatchObject({ analyzed: true });
    const write = await run('explain_query', { sql: 'DELETE FROM orders', analyze: true });
    expect(write.result.isError).toBe(true);
    expect(write.text).toMatch(/read-only transaction.*allow_writes/);
  });

  it('a bad statement comes back with the server\'s explanation and where it went wrong', async () => {
    const r = await run('run_query', { sql: 'SELECT id FROM orders WHERE' });
    expect(r.result.isError).toBe(true);
    expect(r.text).toMatch(/syntax error at end of input\. At character 28 of the statement\./);
  });
});

describe('postgres writes', () => {
  const orderCount = async () => (await asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM orders'))[0]!.n;

  it('refuses a write in read-only mode, even with a role that may write, and changes nothing', async () => {
    const before = await orderCount();
    const insert = await run('run_query', { sql: "INSERT INTO orders (customer_id, total_cents, placed_at) VALUES (1, 5, now())" }, { token: server.url('writer') });
    expect(insert.result.isError).toBe(true);
    expect(insert.text).toMatch(/cannot execute INSERT in a read-only transaction.*allow_writes=on/);
    const viaExecute = await run('execute_sql', { sql: 'DELETE FROM orders' }, { token: server.url('writer') });
    expect(viaExecute.text).toMatch(/^Refused: writes are off for this connection/);
    expect(viaExecute.upstreamMs).toBe(0);
    expect(await orderCount()).toBe(before);
  });

  it('cannot escape the read-only transaction with a batch, a COMMIT or a session setting', async () => {
    const before = await orderCount();
    for (const sql of ['COMMIT; DELETE FROM orders', 'SELECT 1; DELETE FROM orders']) {
      const r = await run('run_query', { sql }, { token: server.url('writer') });
      expect(r.text).toMatch(/one SQL statement per call/);
    }
    expect((await run('explain_query', { sql: 'SELECT 1; COMMIT; DELETE FROM orders' }, { token: server.url('writer') })).text).toMatch(/one SQL statement per call/);
    // Session state set inside a call is rolled back with it, so the pooled connection comes back clean.
    await run('run_query', { sql: 'SET search_path TO analytics' });
    expect((await run('run_query', { sql: 'SHOW search_path' })).structured?.rows).toEqual([['"$user", public']]);
    expect(await orderCount()).toBe(before);
  });

  it('with allow_writes on, execute_sql commits and returns RETURNING rows; the role\'s privileges still apply', async () => {
    const settings = { allow_writes: true };
    const r = await run('execute_sql', { sql: 'INSERT INTO customers (email, name) VALUES ($1, $2) RETURNING id, email', params: ['edsger@shop.test', 'Edsger Dijkstra'] }, { token: server.url('writer'), settings });
    expect(r.outcome).toBe('ok');
    expect(r.structured).toMatchObject({ command: 'INSERT', rowCount: 1, rows: [[expect.any(Number), 'edsger@shop.test']] });
    expect((await asSuperuser("SELECT name FROM customers WHERE email = 'edsger@shop.test'"))[0]).toEqual({ name: 'Edsger Dijkstra' });
    const update = await run('execute_sql', { sql: "UPDATE customers SET name = 'E. W. Dijkstra' WHERE email = 'edsger@shop.test'" }, { token: server.url('writer'), settings });
    expect(update.text).toBe('UPDATE done (1 row).');
    const duplicate = await run('execute_sql', { sql: "INSERT INTO customers (email, name) VALUES ('ada@shop.test', 'x')" }, { token: server.url('writer'), settings });
    expect(duplicate.text).toMatch(/duplicate key value violates unique constraint "customers_email_key"\. Detail: Key \(email\)=\(ada@shop.test\) already exists\./);
    const denied = await run('execute_sql', { sql: 'DELETE FROM orders' }, { settings });
    expect(denied.text).toMatch(/permission denied for table orders.*GRANT/);
  });

  it('refuses stored settings that no longer fit the schema, pointing at the settings command', async () => {
    const r = await run('run_query', { sql: 'SELECT 1' }, { settings: { statement_timeout_ms: 5 } });
    expect(r.outcome).toBe('invalid_arguments');
    expect(r.text).toMatch(/statement_timeout_ms.*mcphub integrations settings postgres/);
  });
});

describe('postgres timeouts and cancellation', () => {
  it('cancels a long query at the connection\'s statement timeout', async () => {
    const r = await run('run_query', { sql: 'SELECT pg_sleep(5)' }, { settings: { statement_timeout_ms: 200 } });
    expect(r.outcome).toBe('timeout');
    expect(r.text).toMatch(/statement timeout.*statement_timeout_ms/);
    expect(await sleepingBackends()).toBe(0);
  });

  it('stops the query on the server when the hub\'s own timeout fires first, and drops that connection', async () => {
    const pid = async () => (await run('run_query', { sql: 'SELECT pg_backend_pid() AS pid' })).structured?.rows[0][0] as number;
    const first = await pid();
    expect(await pid()).toBe(first); // pooled: the same backend serves the next call
    const r = await run('run_query', { sql: 'SELECT pg_sleep(10)' }, { timeoutMs: 300 });
    expect(r.outcome).toBe('timeout');
    await waitUntil(async () => (await sleepingBackends()) === 0, 3_000, 'the sleeping query to be cancelled on the server');
    expect(await pid()).not.toBe(first);
  });

  it('stops the query on the server when the caller cancels', async () => {
    const controller = new AbortController();
    const pending = run('run_query', { sql: 'SELECT pg_sleep(10)' }, { signal: controller.signal });
    await waitUntil(async () => (await sleepingBackends()) === 1, 3_000, 'the query to start');
    controller.abort();
    expect((await pending).outcome).toBe('cancelled');
    await waitUntil(async () => (await sleepingBackends()) === 0, 3_000, 'the sleeping query to be cancelled on the server');
  });
});

describe('postgres credentials', () => {
  it('checks the connection string\'s shape without repeating it', () => {
    expect(checkConnectionString('postgres://u:p@h:5432/db')).toBeNull();
    for (const bad of ['not a url', 'mysql://u:p@h/db', 'postgres://h/db', 'postgres://u:secret-pw@/db']) {
      const problem = checkConnectionString(bad);
      expect(problem, bad).toBeTruthy();
      expect(problem).not.toContain('secret-pw');
    }
  });

  it('a malformed stored credential is a clear error, not a crash', async () => {
    const r = await run('list_schemas', {}, { token: 'host=db user=me password=secret-pw' });
    expect(r.result.isError).toBe(true);
    expect(r.text).toMatch(/must be a connection string such as postgres:\/\//);
    expect(r.text).not.toContain('secret-pw');
  });

  it('never writes a password to a log line', () => {
    for (const role of ['reader', 'writer', 'limited', 'superuser'] as const) expect(lines.join('\n')).not.toContain(new URL(server.url(role)).password);
  });
});

runIntegrationContract('postgres', () => ({
  integration: postgres,
  credential: reader(),
  calls: [
    { tool: 'list_schemas', args: {} },
    { tool: 'list_tables', args: {} },
    { tool: 'describe_table', args: { table: 'orders' } },
    { tool: 'run_query', args: { sql: 'SELECT * FROM customers' } },
    { tool: 'explain_query', args: { sql: 'SELECT * FROM orders' } },
  ],
  errors: {
    UPSTREAM_AUTH_REJECTED: { tool: 'list_schemas', args: {}, credential: server.url('reader', { password: 'wrong-pw-000000' }) },
    UPSTREAM_FORBIDDEN: { tool: 'run_query', args: { sql: 'SELECT * FROM salaries' } },
    UPSTREAM_NOT_FOUND: { tool: 'run_query', args: { sql: 'SELECT * FROM missing_table' } },
    UPSTREAM_BAD_REQUEST: { tool: 'run_query', args: { sql: 'SELEC 1' } },
    UPSTREAM_RATE_LIMITED: { tool: 'list_schemas', args: {}, credential: server.url('limited') },
    UPSTREAM_UNAVAILABLE: { tool: 'list_schemas', args: {}, credential: 'postgres://hub_reader:reader-pw@127.0.0.1:9/shop' },
  },
  unreachable: { tool: 'list_tables', args: {}, credential: 'postgres://hub_reader:reader-pw@127.0.0.1:9/shop' },
  slow: { tool: 'run_query', args: { sql: 'SELECT pg_sleep(2)' }, timeoutMs: 300 },
}));
