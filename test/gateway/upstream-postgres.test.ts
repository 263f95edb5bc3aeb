/**
 * PostgreSQL answers are bounded too (issue 11): pg reads whole rows before a
 * cursor sees them, so a 100 MB cell, or max_rows rows of 1 MB, used to sit in
 * the hub's memory (+268 MB and +1 GB of RSS measured). Against a real server
 * through the in-process hub: past MCPHUB_MAX_UPSTREAM_BYTES the connection is
 * cut and the call is an isError naming the limit, recorded once and not
 * billable, and the next call gets a fresh connection.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { textOf } from '../helpers/hub-process.ts';
import { startInProcessHub, type InProcessAccount, type InProcessHub } from '../helpers/in-process-hub.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.ts';

const CAP = 1024 * 1024;
let server: PostgresServer;
let hub: InProcessHub;
let alice: InProcessAccount;
let client: Client;

beforeAll(async () => {
  server = await startPostgres();
  hub = await startInProcessHub({ env: { MCPHUB_MAX_UPSTREAM_BYTES: String(CAP) } });
  alice = await hub.createAccount('alice@example.com');
  await hub.enable(alice.userId, 'postgres', server.url('reader'));
  client = await hub.connect(alice.key);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await hub?.close();
  await server?.stop();
});

async function query(sql: string, maxRows = 100) {
  const before = (await hub.hub.store.listUsage({ userId: alice.userId })).length;
  const result = await client.callTool({ name: 'postgres__run_query', arguments: { sql, max_rows: maxRows } });
  const events = (await hub.hub.store.listUsage({ userId: alice.userId })).slice(0, -before || undefined);
  return { result, text: textOf(result), events };
}

it.each([
  ['one cell of 20 MB', "SELECT repeat('x', 20000000) AS big", 100],
  ['1000 rows of 64 KB', "SELECT repeat('x', 65536) AS row FROM generate_series(1, 1000)", 1000],
])('%s: cut at the 1 MB limit, an isError naming MCPHUB_MAX_UPSTREAM_BYTES, one upstream_error event', async (_case, sql, maxRows) => {
  const { result, text, events } = await query(sql, maxRows);
  expect(result.isError).toBe(true);
  expect(text).toContain('PostgreSQL answered with more than 1 MB');
  expect(text).toContain('MCPHUB_MAX_UPSTREAM_BYTES');
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ integration: 'postgres', tool: 'run_query', outcome: 'upstream_error', billable: false });
});

it('answers within the limit as before, on a fresh connection after a cut one', async () => {
  const { result, text, events } = await query("SELECT repeat('y', 1000) AS fits, 42 AS answer");
  expect(result.isError).toBeFalsy();
  expect(text).toContain('1 row');
  expect(text).toContain('42');
  expect(events).toMatchObject([{ outcome: 'ok', billable: true }]);
});
