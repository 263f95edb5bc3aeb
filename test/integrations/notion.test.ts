/**
 * Every Notion tool through the real executor and the real @notionhq/client,
 * against a Notion-shaped fake on 127.0.0.1 (MCPHUB_NOTION_API_URL's job).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import notion from '../../integrations/notion/index.ts';
import { FAKE_NOTION_IDS as IDS, startFakeNotion, type FakeNotion } from '../helpers/fake-notion.ts';
import { captureLogger } from '../helpers/logs.ts';
import { createToolRunner } from '../helpers/run-tool.ts';
import { runIntegrationContract } from '../contract/integration-contract.ts';
import { runPathSafetyContract } from '../contract/path-safety.ts';

const TOKEN = 'ntn_aliceSecret0123456789abcdefghijklmnopqrstuv';
let fake: FakeNotion;
const { logger, lines } = captureLogger();
const outputs: string[] = [];

beforeAll(() => {
  fake = startFakeNotion({ slowMs: 1_500 });
  fake.tokens.set(TOKEN, 'alice-bot');
});
afterAll(() => fake.close());

const call = createToolRunner(notion, { apiUrl: () => fake.url, credential: TOKEN, logger, onRun: (run) => outputs.push(run.text, JSON.stringify(run.structured ?? null)) });
const { registry } = call;

describe('notion tools', () => {
  it('lists its tools with all annotations', () => {
    expect(notion.tools.map((t) => t.name)).toEqual(['search_workspace', 'get_page', 'read_page', 'create_page', 'append_blocks', 'get_database', 'query_database']);
    for (const tool of notion.tools) expect(tool.annotations.readOnlyHint).toBe(!['create_page', 'append_blocks'].includes(tool.name));
  });

  it('search_workspace finds pages and databases, filters and paginates', async () => {
    const all = await call('search_workspace', { query: 'project' });
    expect(all.outcome).toBe('ok');
    expect(all.structured?.results).toEqual([expect.objectContaining({ object: 'page', id: IDS.page, title: 'Project Plan' })]);
    expect(all.upstreamMs).toBeGreaterThan(0);
    const databases = await call('search_workspace', { filter: 'database' });
    expect(databases.structured?.results).toEqual([expect.objectContaining({ object: 'data_source', id: IDS.dataSource, databaseId: IDS.database, title: 'Tasks' })]);
    expect(fake.requests.at(-1)?.body).toMatchObject({ filter: { property: 'object', value: 'data_source' } });
    const first = await call('search_workspace', { page_size: 1 });
    expect(first.structured?.hasMore).toBe(true);
    expect(first.text).toContain(`start_cursor "${first.structured?.nextCursor}"`);
    const second = await call('search_workspace', { page_size: 1, start_cursor: first.structured?.nextCursor });
    expect(second.structured?.results[0].id).not.toBe(first.structured?.results[0].id);
  });

  it('get_page renders properties as plain values, from an ID or a URL', async () => {
    const taskTwo = '000000f0-0000-4000-8000-000000000002';
    const row = await call('get_page', { page_id: `https://www.notion.so/acme/Task-2-${taskTwo.replaceAll('-', '')}?pvs=4` });
    expect(row.structured).toMatchObject({ title: 'Task 2', properties: { Name: 'Task 2', Status: 'Doing', Tags: ['api'], Points: 2, Due: '2026-12-02', Done: false } });
    expect(row.text).toContain('- Status: Doing');
    expect(row.structured?.parent).toEqual({ type: 'data_source', id: IDS.dataSource });
  });

  it('read_page turns blocks into Markdown with nesting, tables and links, and paginates', async () => {
    const first = await call('read_page', { page_id: IDS.page, page_size: 20 });
    const md = first.structured?.markdown as string;
    expect(md).toContain('# Plan');
    expect(md).toContain('Ship **fast** and *safe*, see [docs](https://example.com/docs) and `npm test`');
    expect(md).toContain('- First bullet\n  - Nested bullet\n- Second bullet');
    expect(md).toContain('1. Step one\n2. Step two');
    expect(md).toContain('- [x] Write tests\n- [ ] Release');
    expect(md).toContain('```typescript\nconst x = 1;\nconsole.log(x);\n```');
    expect(md).toContain('> Less is more');
    expect(md).toContain('> ⚠️ Heads up');
    expect(md).toContain('---');
    expect(md).toMatch(/\[Meeting notes\]\(https:\/\/www\.notion\.so\/\w{32}\) \(child page/);
    expect(md).toContain('[Tasks](');
    expect(md).toContain('| Name | Role |\n| --- | --- |\n| Ada | Lead |');
    expect(first.structured?.hasMore).toBe(true);
    expect(first.text).toContain('call again with start_cursor');
    const rest = await call('read_page', { page_id: IDS.page, page_size: 20, start_cursor: first.structured?.nextCursor });
    expect(rest.structured?.markdown).toContain('Filler paragraph 15');
    expect(rest.structured?.hasMore).toBe(false);
  });

  it('read_page spends a bounded number of nested reads and names what it left', async () => {
    const r = await call('read_page', { page_id: IDS.deepPage });
    expect(r.structured?.markdown).toContain('- Toggle 1\n  Inside 1');
    expect(r.structured?.unreadBlockIds).toHaveLength(5);
    expect(r.text).toContain(`read_page with block id ${r.structured?.unreadBlockIds[0]}`);
  });

  it('create_page under a page with Markdown content, more than 100 blocks, then read it back', async () => {
    const content = ['# Notes', 'Some **bold** text with a [link](https://example.com).', '- a', '- [ ] todo', '1. one', '> quoted', '---', '```js', 'let y = 2;', '```', 'z'.repeat(4_500), ...Array.from({ length: 120 }, (_, i) => `- item ${i}`)].join('\n');
    const created = await call('create_page', { parent_page_id: IDS.page, title: 'Weekly sync', content });
    expect(created.outcome).toBe('ok');
    expect(created.structured).toMatchObject({ title: 'Weekly sync', blocks: 129, parent: { type: 'page', id: IDS.page } });
    const append = fake.requests.filter((r) => r.method === 'PATCH' && r.path.includes(created.structured?.id));
    expect(append).toHaveLength(1);
    const read = await call('read_page', { page_id: created.structured?.id, page_size: 12 });
    const md = read.structured?.markdown as string;
    expect(md).toContain('# Notes\n\nSome **bold** text with a [link](https://example.com).\n\n- a\n- [ ] todo\n1. one\n\n> quoted\n\n---\n\n```javascript\nlet y = 2;\n```');
    expect(md).toContain('z'.repeat(4_500));
  });

  it('create_page as a database row sets the title property and passes properties through', async () => {
    const created = await call('create_page', { database_id: IDS.database, title: 'New task', properties: { Status: { status: { name: 'Doing' } }, Points: { number: 5 } } });
    expect(created.structured).toMatchObject({ title: 'New task', parent: { type: 'data_source', id: IDS.dataSource } });
    const row = await call('get_page', { page_id: created.structured?.id });
    expect(row.structured?.properties).toMatchObject({ Name: 'New task', Status: 'Doing', Points: 5 });
  });

  it('append_blocks adds Markdown-ish content to the end of a page', async () => {
    const created = await call('create_page', { parent_page_id: IDS.page, title: 'Log' });
    const r = await call('append_blocks', { page_id: created.structured?.id, content: '## Update\nAll green.\n- [x] deployed' });
    expect(r.structured).toMatchObject({ blocks: 3, types: ['heading_2', 'paragraph', 'to_do'], requests: 1 });
    const read = await call('read_page', { page_id: created.structured?.id });
    expect(read.structured?.markdown).toBe('## Update\n\nAll green.\n\n- [x] deployed');
  });

  it('get_database shows data sources, property types and options', async () => {
    const r = await call('get_database', { database_id: IDS.database });
    expect(r.structured?.database).toMatchObject({ id: IDS.database, title: 'Tasks' });
    const props = r.structured?.dataSources[0].properties as Array<{ name: string; type: string; options?: string[] }>;
    expect(props).toContainEqual({ name: 'Status', type: 'status', options: ['Not started', 'Doing', 'Done'], groups: ['To-do', 'Complete'] });
    expect(props).toContainEqual({ name: 'Tags', type: 'multi_select', options: ['api', 'ui'] });
    expect(r.text).toContain('- Points (number) (number)');
    const bySource = await call('get_database', { data_source_id: IDS.dataSource });
    expect(bySource.structured?.dataSources[0].id).toBe(IDS.dataSource);
  });

  it('query_database passes filters and sorts through and paginates', async () => {
    const done = await call('query_database', { database_id: IDS.database, filter: { property: 'Status', status: { equals: 'Done' } }, sorts: [{ property: 'Points', direction: 'descending' }], page_size: 3 });
    expect(done.structured?.rows.map((r: { title: string }) => r.title)).toEqual(['Task 30', 'Task 27', 'Task 24']);
    expect(done.structured?.hasMore).toBe(true);
    expect(done.text).toContain('Status: Done');
    const next = await call('query_database', { data_source_id: IDS.dataSource, filter: { property: 'Status', status: { equals: 'Done' } }, sorts: [{ property: 'Points', direction: 'descending' }], page_size: 100, start_cursor: done.structured?.nextCursor });
    expect(next.structured?.rows[0].title).toBe('Task 21');
    expect(next.structured?.hasMore).toBe(false);
  });

  it('a database with several data sources asks which one', async () => {
    const r = await call('query_database', { database_id: IDS.multiDatabase });
    expect(r.outcome).toBe('invalid_arguments');
    expect(r.text).toMatch(/2 data sources: "Q1" \(.+\), "Q2" \(.+\)\. Call again with data_source_id/);
  });

  it('sends the SDK default Notion-Version and the caller\'s own secret on every request', () => {
    expect(new Set(fake.requests.map((r) => r.notionVersion))).toEqual(new Set(['2025-09-03']));
    expect(fake.requests.every((r) => r.token === TOKEN)).toBe(true);
  });
});

describe('notion error mapping', () => {
  it('401 unauthorized: secret rejected, with how to reconnect', async () => {
    const r = await call('get_page', { page_id: IDS.page }, { token: 'ntn_revokedSecret0123456789abcdefghijklmnopq' });
    expect(r.result.isError).toBe(true);
    expect(r.outcome).toBe('upstream_error');
    expect(r.text).toMatch(/Notion integration secret was rejected \(401: API token is invalid\.\)/);
    expect(r.text).toMatch(/mcphub integrations enable notion --user <you> --token-stdin/);
  });

  it('403 restricted_resource: names the capabilities', async () => {
    const r = await call('get_page', { page_id: IDS.forbidden });
    expect(r.text).toMatch(/refused this request \(403: Insufficient permissions.*capability \(read, insert or update content/);
  });

  it('404 object_not_found: hints that the page must be shared', async () => {
    const r = await call('read_page', { page_id: IDS.missing });
    expect(r.text).toMatch(/found nothing there \(404: Could not find block.*not shared with the integration/);
  });

  it('429 rate_limited: says when to retry, from Retry-After', async () => {
    const r = await call('get_page', { page_id: IDS.rateLimited });
    expect(r.outcome).toBe('upstream_error');
    expect(r.text).toMatch(/rate limit reached .* try again in 17 s/);
  });

  it('400 validation_error: Notion\'s explanation is passed on', async () => {
    const r = await call('query_database', { data_source_id: IDS.dataSource, filter: { property: 'Owner', people: { contains: 'x' } } });
    expect(r.text).toMatch(/rejected the request \(validation_error: Could not find property with name or id: Owner\)/);
    const bad = await call('create_page', { data_source_id: IDS.dataSource, title: 'x', properties: { Nope: { number: 1 } } });
    expect(bad.text).toMatch(/validation_error: Nope is not a property that exists/);
  });

  it('5xx: service_unavailable JSON and a proxy\'s HTML 502', async () => {
    expect((await call('get_page', { page_id: IDS.unavailable })).text).toMatch(/Notion is having trouble \(HTTP 503 service_unavailable\)/);
    expect((await call('get_page', { page_id: IDS.badGateway })).text).toMatch(/Notion is having trouble \(HTTP 502\)/);
  });

  it('timeout: stops waiting and says so', async () => {
    const started = Date.now();
    const r = await call('get_page', { page_id: IDS.slow }, { timeoutMs: 300 });
    expect(r.outcome).toBe('timeout');
    expect(r.text).toMatch(/Notion did not answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(1_200);
  });

  it('network failure: cannot reach Notion', async () => {
    const r = await call('get_page', { page_id: IDS.page }, { apiUrl: 'http://127.0.0.1:9' });
    expect(r.outcome).toBe('upstream_error');
    expect(r.text).toMatch(/Could not reach Notion \(network error\)/);
  });

  it('bad IDs are refused before any request; only a bare ID or a URL is read for one', () => {
    const input = registry.resolve('notion__get_page')!.tool.input;
    expect(() => input.parse({ page_id: '../../users' })).toThrow(/not a Notion page ID or URL/);
    // extractNotionId alone would find the 32 hex digits in here and ignore the rest.
    expect(() => input.parse({ page_id: `../../users/${IDS.page.replaceAll('-', '')}` })).toThrow(/not a Notion page ID or URL/);
    expect(input.parse({ page_id: ` ${IDS.page.replaceAll('-', '').toUpperCase()} ` })).toEqual({ page_id: IDS.page });
    expect(input.parse({ page_id: `https://acme.notion.site/Plan-${IDS.page.replaceAll('-', '')}` })).toEqual({ page_id: IDS.page });
  });

  it('never writes the secret to a result or a log line', () => {
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(outputs.join('\n')).not.toContain(TOKEN);
  });
});


runPathSafetyContract('notion', () => ({
  integration: notion,
  credential: TOKEN,
  env: { MCPHUB_NOTION_API_URL: fake.url },
  upstreamRequests: () => fake.requests.length,
  refused: [
    { tool: 'get_page', args: { page_id: '..' }, field: 'page_id' },
    { tool: 'get_page', args: { page_id: `${IDS.page.replaceAll('-', '')}/../../users` }, field: 'page_id' },
    { tool: 'read_page', args: { page_id: 'a/../b' }, field: 'page_id' },
    { tool: 'append_blocks', args: { page_id: '%2e%2e', content: 'Where does this land?' }, field: 'page_id' },
    { tool: 'create_page', args: { parent_page_id: '.', title: 'x' }, field: 'parent_page_id' },
    { tool: 'query_database', args: { data_source_id: '../../users' }, field: 'data_source_id' },
    { tool: 'get_database', args: { database_id: `..%2F..%2F${IDS.database}` }, field: 'database_id' },
  ],
  accepted: [
    { tool: 'get_page', args: { page_id: IDS.page.replaceAll('-', '') } },
    { tool: 'get_page', args: { page_id: `https://www.notion.so/acme/Project-Plan-${IDS.page.replaceAll('-', '')}?pvs=4` } },
    { tool: 'get_database', args: { data_source_id: IDS.dataSource } },
  ],
}));

runIntegrationContract('notion', () => ({
  integration: notion,
  credential: TOKEN,
  apiUrl: fake.url,
  calls: [
    { tool: 'search_workspace', args: { query: 'plan' } },
    { tool: 'read_page', args: { page_id: IDS.page } },
    { tool: 'query_database', args: { database_id: IDS.database, page_size: 5 } },
  ],
  errors: {
    UPSTREAM_AUTH_REJECTED: { tool: 'get_page', args: { page_id: IDS.page }, credential: 'ntn_revokedSecret000000000000000000000000099' },
    UPSTREAM_FORBIDDEN: { tool: 'get_page', args: { page_id: IDS.forbidden } },
    UPSTREAM_NOT_FOUND: { tool: 'get_database', args: { database_id: IDS.missing } },
    UPSTREAM_BAD_REQUEST: { tool: 'query_database', args: { data_source_id: IDS.dataSource, filter: { property: 'Owner', people: { contains: 'x' } } } },
    UPSTREAM_RATE_LIMITED: { tool: 'get_page', args: { page_id: IDS.rateLimited } },
    UPSTREAM_UNAVAILABLE: { tool: 'read_page', args: { page_id: IDS.unavailable } },
  },
  slow: { tool: 'get_page', args: { page_id: IDS.slow }, timeoutMs: 300 },
}));
