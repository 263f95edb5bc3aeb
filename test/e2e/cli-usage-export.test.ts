/**
 * `mcphub usage export` as a person runs it, a real CLI process on a data
 * dir: to standard output the export's bytes and nothing else (messages go
 * to stderr), to a file the same rows with a line saying where; the export
 * is stored in the data dir too; a bad month is a usage error (exit 2) and
 * an unknown user a refusal (exit 1).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import { EXPORT_COLUMNS } from '../../lib/usage/export-rows.ts';
import { csvRecords } from '../helpers/csv.ts';
import { runCli } from '../helpers/hub-process.ts';

let dataDir: string;
let userId: string;
const cli = (...args: string[]) => runCli(args, { MCPHUB_DATA_DIR: dataDir, HOME: dataDir });
const made = ['get_me', 'create_issue', 'list_repos'].map((tool, i) => ({ id: `evt_cli_${i}`, tool, at: Date.UTC(2026, 10, 10 + i, 8) }));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mcphub-cli-export-'));
  expect((await cli('users', 'create', '--email', 'ada@example.com')).code).toBe(0);
  const store = openEmbeddedStore({ dataDir });
  userId = (await store.getUserByEmail('ada@example.com'))!.id;
  for (const call of made) await store.recordUsage({ ...call, userId, keyId: 'key_a', integration: 'github', outcome: 'ok', billable: true, totalMs: 4, upstreamMs: 3, bytesIn: 1, bytesOut: 9 });
  // Another month's call stays out of November's export.
  await store.recordUsage({ id: 'evt_cli_dec', tool: 'get_me', at: Date.UTC(2026, 11, 1), userId, keyId: 'key_a', integration: 'github', outcome: 'ok', billable: true, totalMs: 4, upstreamMs: 3, bytesIn: 1, bytesOut: 9 });
  await store.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('mcphub usage export', () => {
  it('writes the month as CSV to standard output and nothing else there', async () => {
    const result = await cli('usage', 'export', '--user', 'ada@example.com', '--month', '2026-11', '--out', '-');
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`${EXPORT_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(csvRecords(result.stdout).map((r) => [r.id, r.tool, r.at])).toEqual(made.toReversed().map((c) => [c.id, c.tool, new Date(c.at).toISOString()]));
    expect(result.stderr).toContain('Exported 3 calls of ada@example.com for 2026-11 (csv).');
    // Stored in the data dir too, as the dashboard would list it.
    expect(statSync(join(dataDir, 'archives', 'exports', userId, '2026-11.csv')).mode & 0o777).toBe(0o600);
  });

  it('writes JSONL to a file and says where', async () => {
    const out = join(dataDir, 'november.jsonl');
    const result = await cli('usage', 'export', '--user', 'ada@example.com', '--month', '2026-11', '--format', 'jsonl', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Exported 3 calls of ada@example.com for 2026-11 to ${out} (jsonl).\n`);
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string; arguments: unknown });
    expect(rows.map((r) => r.id)).toEqual(made.toReversed().map((c) => c.id));
    expect(rows[0]!.arguments).toBeNull();
  });

  it('refuses a bad month with the usage (exit 2) and an unknown user (exit 1)', async () => {
    const bad = await cli('usage', 'export', '--user', 'ada@example.com', '--month', 'November');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('The month must be written YYYY-MM');
    expect(bad.stderr).toContain('mcphub usage export --user E --month YYYY-MM');
    const future = await cli('usage', 'export', '--user', 'ada@example.com', '--month', '2999-01', '--out', '-');
    expect(future.code).toBe(2);
    expect(future.stdout).toBe('');
    expect((await cli('usage', 'export', '--user', 'nobody@example.com', '--month', '2026-11')).code).toBe(1);
    expect((await cli('usage', 'export', '--user', 'ada@example.com')).stderr).toContain('Missing --month.');
  });
});
