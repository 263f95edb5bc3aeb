/**
 * The Integrations page in Chromium against an `npm start`-style hub process,
 * a GitHub-shaped fake and a real PostgreSQL, with a real MCP SDK client on
 * the hub's /mcp using the admin's key: the search and the category chips
 * narrow the catalog; connecting GitHub checks the token (a refused one shows
 * GitHub's reason) and the account survives a reload; once GitHub refuses
 * the stored token on a tool call the card needs reconnecting with the reason,
 * and replacing the token connects it again; PostgreSQL's allow_writes
 * checkbox lets the client's execute_sql write (a bad timeout is refused in
 * the form); disconnecting asks first, and the client's tools/list loses
 * GitHub's tools through list_changed. Screenshot integrations.png.
 */
import type { Client } from '@modelcontextprotocol/client';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { createAdminFromSetupLink } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, textOf, type HubProcess } from '../helpers/hub-process.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.ts';
import { waitUntil } from '../helpers/wait.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const ADMIN = 'admin@example.com';
const INSERT = "INSERT INTO public.customers (email, name) VALUES ('new@shop.test', 'New Customer')";

describe.skipIf(missing !== null)('the Integrations page in the browser', () => {
  let fake: FakeGitHub;
  let postgres: PostgresServer;
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;
  let client: Client;
  /** The tool counts the client re-listed after each list_changed. */
  const relisted: number[] = [];

  const card = (name: string): Locator => page.getByRole('list', { name: 'Integrations' }).getByRole('listitem', { name });
  const cardNames = () => page.getByRole('list', { name: 'Integrations' }).getByRole('heading').allTextContents();
  const toolNames = async () => (await client.listTools()).tools.map((tool) => tool.name);

  beforeAll(async () => {
    fake = startFakeGitHub();
    let setupLink: string;
    [{ hub, setupLink }, browser, postgres] = await Promise.all([startDashboardHub({ MCPHUB_GITHUB_API_URL: fake.url }), launchBrowser(), startPostgres()]);
    page = await browser.newPage(hub.url);
    await createAdminFromSetupLink(page, hub.url, setupLink, ADMIN);
    const created = await hub.cli(['keys', 'create', '--user', ADMIN, '--name', 'browser-test', '--json']);
    if (created.code !== 0) throw new Error(created.stderr);
    client = await connectClient(hub.mcpUrl, (JSON.parse(created.stdout) as { key: string }).key, 'modern', { onToolsChanged: (count) => relisted.push(count) });
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await browser?.close();
    await hub?.stop();
    await postgres?.stop();
    await fake?.close();
  });

  it('narrows the catalog by search and by category, with counts, and says when nothing matches', async () => {
    const all = (await cardNames()).length;
    expect(all).toBeGreaterThanOrEqual(5);
    await expect.poll(() => page.getByText(`Showing ${all} of ${all} integrations`).isVisible()).toBe(true);

    await page.getByLabel('Search integrations').fill('issues');
    await expect.poll(cardNames).toEqual(['GitHub', 'Linear']);
    expect(await page.getByText(`Showing 2 of ${all} integrations`).isVisible()).toBe(true);
    await page.getByRole('group', { name: 'Category' }).getByRole('button', { name: 'Developer tools (1)' }).click();
    await expect.poll(cardNames).toEqual(['GitHub']);
    expect(await page.getByRole('button', { name: 'Developer tools (1)' }).getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('button', { name: 'Databases (1)' }).click();
    await expect.poll(() => page.getByText('No integration matches “issues” in Databases.').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Clear the search' }).click();
    await expect.poll(async () => (await cardNames()).length).toBe(all);
    expect(await page.getByLabel('Search integrations').inputValue()).toBe('');

    await page.getByRole('button', { name: 'Databases (1)' }).click();
    await expect.poll(cardNames).toEqual(['PostgreSQL']);
    await page.getByRole('button', { name: `All (${all})` }).click();
    await expect.poll(async () => (await cardNames()).length).toBe(all);
  });

  it("connects GitHub only with a token GitHub accepts, and says whose it is, still after a reload", async () => {
    const github = card('GitHub');
    const token = github.getByLabel('GitHub personal access token');
    await token.fill('ghp_not_a_real_token');
    expect(await token.getAttribute('type')).toBe('password');
    await github.getByRole('button', { name: 'Connect GitHub' }).click();
    await expect.poll(() => alerts(page).allTextContents()).toEqual([expect.stringContaining('Bad credentials')]);
    expect(await github.getByText('Not connected').isVisible()).toBe(true);

    fake.tokens.set('ghp_good_token', 'octo-admin');
    await token.fill('ghp_good_token');
    await github.getByRole('button', { name: 'Connect GitHub' }).click();
    await expect.poll(() => github.getByText('Connected as octo-admin', { exact: true }).isVisible()).toBe(true);
    expect(await alerts(page).allTextContents()).toEqual([]);
    await page.reload();
    await expect.poll(() => card('GitHub').getByText('Connected as octo-admin', { exact: true }).isVisible()).toBe(true);
    expect(await card('GitHub').getByRole('link', { name: 'View logs for GitHub' }).getAttribute('href')).toBe('/logs?integration=github');
    await waitUntil(async () => (await toolNames()).includes('github__get_me'), 2_000, 'the client to see GitHub tools');
  });

  it('connects PostgreSQL; allow_writes in Settings lets the client write, and a bad timeout is refused in the form', async () => {
    const pg = card('PostgreSQL');
    await pg.getByLabel('PostgreSQL connection string').fill(postgres.url('writer'));
    await pg.getByRole('button', { name: 'Connect PostgreSQL' }).click();
    await expect.poll(() => pg.getByText(`Connected as hub_writer@127.0.0.1:${postgres.port}/shop`, { exact: true }).isVisible()).toBe(true);
    await waitUntil(async () => (await toolNames()).includes('postgres__execute_sql'), 2_000, 'the client to see PostgreSQL tools');
    const refused = await client.callTool({ name: 'postgres__execute_sql', arguments: { sql: INSERT } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('allow_writes');

    await pg.getByRole('button', { name: 'Settings for PostgreSQL' }).click();
    const settings = pg.getByRole('form', { name: 'PostgreSQL settings' });
    const timeout = settings.getByLabel('Statement timeout (ms)');
    expect(await settings.getByLabel('Allow writes').isChecked()).toBe(false);
    await timeout.fill('5');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => settings.getByRole('alert').textContent()).toContain('statement_timeout_ms');
    expect(await timeout.getAttribute('aria-invalid')).toBe('true');

    await timeout.fill('15000');
    await settings.getByLabel('Allow writes').check();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => pg.getByText('Saved the PostgreSQL settings; calls use them within a second.').isVisible()).toBe(true);
    let written: Awaited<ReturnType<Client['callTool']>> | undefined;
    await waitUntil(async () => !(written = await client.callTool({ name: 'postgres__execute_sql', arguments: { sql: INSERT } })).isError, 2_000, 'execute_sql to be allowed');
    expect(textOf(written!)).toMatch(/1 row/);

    await page.reload();
    await card('PostgreSQL').getByRole('button', { name: 'Settings for PostgreSQL' }).click();
    expect(await card('PostgreSQL').getByLabel('Allow writes').isChecked()).toBe(true);
    expect(await card('PostgreSQL').getByLabel('Statement timeout (ms)').inputValue()).toBe('15000');
  });

  it('needs reconnecting with the reason once GitHub refuses the stored token on a call; replacing the token connects it again', async () => {
    fake.tokens.delete('ghp_good_token');
    const call = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(call.isError).toBe(true);
    // The mark is written after the call's answer: reload until the page shows it.
    await expect
      .poll(async () => {
        await page.reload();
        return card('GitHub').getByText(/^⚠ Needs reconnecting: /).textContent();
      })
      .toMatch(/^⚠ Needs reconnecting: The GitHub token was rejected \(401: Bad credentials\)\. \(since .+\)$/);
    expect(await card('GitHub').getByText('Connected as', { exact: false }).count()).toBe(0);
    await screenshot(page, 'integrations');

    const github = card('GitHub');
    await github.getByRole('button', { name: 'Replace token for GitHub' }).click();
    fake.tokens.set('ghp_second_token', 'octo-second');
    await github.getByLabel('GitHub personal access token').fill('ghp_second_token');
    await github.getByRole('button', { name: 'Save the new GitHub token' }).click();
    await expect.poll(() => card('GitHub').getByText('Connected as octo-second', { exact: true }).isVisible()).toBe(true);
    expect(await card('GitHub').getByText(/Needs reconnecting/).count()).toBe(0);
    expect((await client.callTool({ name: 'github__get_me', arguments: {} })).isError).toBeFalsy();
  });

  it("disconnects GitHub after a confirm step, and the client's tools/list drops GitHub's tools through list_changed", async () => {
    const withoutGitHub = (await toolNames()).filter((name) => !name.startsWith('github__')).length;
    const github = card('GitHub');
    await github.getByRole('button', { name: 'Disconnect GitHub' }).click();
    await github.getByRole('button', { name: 'Cancel' }).click();
    expect(await github.getByText('Connected as octo-second', { exact: true }).isVisible()).toBe(true);

    const before = relisted.length;
    await github.getByRole('button', { name: 'Disconnect GitHub' }).click();
    await github.getByRole('group', { name: 'Confirm disconnecting GitHub' }).getByRole('button', { name: 'Yes, disconnect GitHub' }).click();
    await expect.poll(() => card('GitHub').getByText('Not connected', { exact: true }).isVisible()).toBe(true);
    await waitUntil(() => relisted.slice(before).includes(withoutGitHub), 1_000, 'a list_changed re-listing without GitHub tools');
    const names = await toolNames();
    expect(names.some((name) => name.startsWith('github__'))).toBe(false);
    expect(names).toContain('postgres__execute_sql');
    expect(await alerts(page).allTextContents()).toEqual([]);
  });
});
