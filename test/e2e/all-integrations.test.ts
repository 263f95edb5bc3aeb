/**
 * One API key, all five integrations enabled through the CLI, one MCP client
 * session that calls a read tool of each: a real `mcphub serve` process, the
 * GitHub/Linear/Notion/Slack fakes and a real PostgreSQL on 127.0.0.1. In the
 * same session a per-connection setting (postgres allow_writes) changed with
 * the CLI takes effect, usage records every call, and no credential shows up
 * in the hub's output or in any tool result.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startFakeLinear, type FakeLinear } from '../helpers/fake-linear/index.ts';
import { FAKE_NOTION_IDS, startFakeNotion, type FakeNotion } from '../helpers/fake-notion.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack/index.ts';
import { connectClient, createAccount, startHub, textOf, type Account, type HubProcess } from '../helpers/hub-process.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.ts';
import { waitUntil } from '../helpers/wait.ts';
import { NO_PLAN_LIMITS } from '../helpers/plans.ts';

const EMAIL = 'alice@example.com';
const TOKENS = {
  github: 'ghp_allIntegrationsToken000000000000000001',
  linear: 'lin_api_allIntegrationsKey0123456789abcdefghijk',
  notion: 'ntn_allIntegrationsSecret0123456789abcdefghijk',
  slack: 'xoxb-1111-2222-allIntegrationsBot0123456789',
};
const SLUGS = ['github', 'linear', 'notion', 'slack', 'postgres'] as const;
const INSERT = { name: 'postgres__execute_sql', arguments: { sql: "insert into customers (email, name) values ('e2e@shop.test', 'E2E Person') returning id" } };

let github: FakeGitHub;
let linear: FakeLinear;
let notion: FakeNotion;
let slack: FakeSlack;
let postgres: PostgresServer;
let hub: HubProcess;
let account: Account;
let client: Client;
let secrets: string[];
/** Texts of the refused INSERTs: the one before allow_writes=on, and any before the hub saw the change. */
const refusals: string[] = [];
/** Text and structured content of every tool result, and every CLI output, for the leak check. */
const outputs: string[] = [];

type CallResult = Awaited<ReturnType<Client['callTool']>>;
async function call(name: string, args: Record<string, unknown>): Promise<CallResult & { text: string; structured: Record<string, any> }> {
  const result = await client.callTool({ name, arguments: args });
  const text = textOf(result);
  outputs.push(text, JSON.stringify(result.structuredContent ?? null));
  return { ...result, text, structured: result.structuredContent as Record<string, any> };
}

async function cli(args: string[], stdin?: string): Promise<string> {
  const run = await hub.cli(args, stdin);
  outputs.push(run.stdout, run.stderr);
  expect(run.code, `mcphub ${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

beforeAll(async () => {
  [github, linear, notion, slack] = [startFakeGitHub(), startFakeLinear(), startFakeNotion(), startFakeSlack()];
  github.tokens.set(TOKENS.github, 'alice');
  linear.tokens.set(TOKENS.linear, 'alice');
  notion.tokens.set(TOKENS.notion, 'alice-bot');
  slack.tokens.set(TOKENS.slack, { userId: 'U0HUB', scopes: ['channels:read', 'groups:read'] });
  postgres = await startPostgres();
  const connectionString = postgres.url('writer');
  secrets = [...Object.values(TOKENS), connectionString, decodeURIComponent(new URL(connectionString).password)];
  // Five integrations for one user, more than the free plan's three: this test is about the integrations, not plans.
  hub = await startHub({ ...NO_PLAN_LIMITS, MCPHUB_GITHUB_API_URL: github.url, MCPHUB_LINEAR_API_URL: linear.url, MCPHUB_NOTION_API_URL: notion.url, MCPHUB_SLACK_API_URL: slack.url });
  account = await createAccount(hub, EMAIL);
  for (const [slug, token] of Object.entries(TOKENS)) await cli(['integrations', 'enable', slug, '--user', EMAIL, '--token-stdin'], token + '\n');
  await cli(['integrations', 'enable', 'postgres', '--user', EMAIL, '--token-stdin', '--set', 'statement_timeout_ms=5000'], connectionString + '\n');
  client = await connectClient(hub.mcpUrl, account.key);
}, 120_000);

afterAll(async () => {
  await client?.close();
  const code = await hub?.stop();
  await Promise.all([github?.close(), linear?.close(), notion?.close(), slack?.close(), postgres?.stop()]);
  expect(code).toBe(0);
});

describe('one key, five integrations, one session', () => {
  it('lists the tools of all five integrations', async () => {
    const { tools } = await client.listTools();
    for (const slug of SLUGS) expect(tools.filter((t) => t.name.startsWith(`${slug}__`)).length, slug).toBeGreaterThan(0);
    expect(tools.every((t) => SLUGS.some((slug) => t.name.startsWith(`${slug}__`)))).toBe(true);
  });

  it('calls a read tool of each, getting the upstream data', async () => {
    const me = await call('github__get_me', {});
    expect(me.isError).toBeFalsy();
    expect(me.text).toContain('Signed in to GitHub as alice');
    expect(me.structured).toMatchObject({ login: 'alice' });

    const viewer = await call('linear__get_me', {});
    expect(viewer.isError).toBeFalsy();
    expect(viewer.text).toContain('Signed in to Linear as alice');
    expect(viewer.structured).toMatchObject({ displayName: 'alice', email: 'alice@acme.test' });

    const search = await call('notion__search_workspace', { query: 'project' });
    expect(search.isError).toBeFalsy();
    expect(search.text).toContain('Project Plan');
    expect(search.structured.results).toEqual([expect.objectContaining({ object: 'page', id: FAKE_NOTION_IDS.page, title: 'Project Plan' })]);

    const channels = await call('slack__list_channels', { limit: 4 });
    expect(channels.isError).toBeFalsy();
    expect(channels.text).toContain('#general (C0GENERAL)');
    expect(channels.structured.channels.map((c: { id: string }) => c.id)).toEqual(['C0GENERAL', 'C0RANDOM', 'C0PRIVATE', 'C0NOTMEMBER']);

    const count = await call('postgres__run_query', { sql: 'select count(*) as n from orders' });
    expect(count.isError).toBeFalsy();
    expect(count.text).toMatch(/\| n \|\n\| --- \|\n\| 250 \|/);
    expect(count.structured).toMatchObject({ command: 'SELECT', columns: [{ name: 'n' }], rows: [['250']] });
  });

  it('refuses writes by default and allows them once allow_writes is set with the CLI', async () => {
    const refused = await call(INSERT.name, INSERT.arguments);
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('allow_writes');
    refusals.push(refused.text);

    const updated = await cli(['integrations', 'settings', 'postgres', '--user', EMAIL, '--set', 'allow_writes=on']);
    expect(updated).toMatch(/^allow_writes\s+true\s/m);

    // The hub picks the new setting up "within a second": retry the INSERT, one call at a time, until it runs.
    let inserted: Awaited<ReturnType<typeof call>> | undefined;
    let failure: unknown;
    let inFlight = false;
    await waitUntil(
      () => {
        if (!inserted && failure === undefined && !inFlight) {
          inFlight = true;
          void call(INSERT.name, INSERT.arguments)
            .then((r) => (r.isError ? refusals.push(r.text) : (inserted = r)), (error: unknown) => (failure = error))
            .finally(() => (inFlight = false));
        }
        return inserted !== undefined || failure !== undefined;
      },
      10_000,
      'execute_sql to run the INSERT after allow_writes=on',
    );
    if (failure !== undefined) throw failure;
    for (const text of refusals) expect(text).toContain('allow_writes');
    expect(inserted!.structured).toMatchObject({ command: 'INSERT', rowCount: 1, rows: [[expect.any(Number)]] });
    const id = inserted!.structured.rows[0][0] as number;

    const row = await call('postgres__run_query', { sql: 'select name, email from customers where id = $1', params: [id] });
    expect(row.isError).toBeFalsy();
    expect(row.structured.rows).toEqual([['E2E Person', 'e2e@shop.test']]);

    const settings = JSON.parse(await cli(['integrations', 'settings', 'postgres', '--user', EMAIL, '--json'])) as Array<Record<string, unknown>>;
    expect(settings).toEqual([
      expect.objectContaining({ name: 'allow_writes', value: true, default: false, set: true, description: expect.any(String) }),
      expect.objectContaining({ name: 'statement_timeout_ms', value: 5000, default: 15_000, set: true, description: expect.any(String) }),
    ]);
  });

  it('records usage for every integration, the refused write as an error', async () => {
    const usage = JSON.parse(await cli(['usage', '--user', EMAIL, '--json'])) as { byIntegration: Array<{ slug: string; calls: number; errors: number; billable: number }> };
    const bySlug = Object.fromEntries(usage.byIntegration.map((row) => [row.slug, row]));
    for (const slug of ['github', 'linear', 'notion', 'slack']) expect(bySlug[slug], slug).toMatchObject({ calls: 1, errors: 0, billable: 1 });
    // Two run_query calls and the INSERT that ran are ok; each refused INSERT is an error, not billable.
    expect(bySlug.postgres).toMatchObject({ calls: 3 + refusals.length, errors: refusals.length, billable: 3 });
  });

  it('never shows a credential in the hub output, a tool result or the CLI output', () => {
    expect(outputs.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(hub.stdout()).not.toContain(secret);
      expect(hub.stderr()).not.toContain(secret);
      for (const output of outputs) expect(output).not.toContain(secret);
    }
  });
});
