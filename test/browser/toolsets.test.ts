/**
 * The Toolsets page in Chromium against an `npm start`-style hub process and
 * a GitHub-shaped fake, with a real MCP SDK client on the hub's /mcp: the
 * picker's search narrows the tools and shows their annotations, the
 * whole-integration toggle and the annotation rules decide what the set
 * holds; a key created on the Keys page with the toolset lists exactly that
 * set (and the Keys page shows it), and changing the set on the page, or the
 * key's binding on the Keys page, reaches the open client as list_changed. Screenshots toolsets.png, toolsets-keys.png
 * and toolsets-progressive.png.
 */
import type { Client } from '@modelcontextprotocol/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrations } from '../../integrations/index.ts';
import { alerts, chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { connectGitHub, createAdminFromSetupLink, goTo, rowTexts, waitFor } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, type HubProcess } from '../helpers/hub-process.ts';
import { waitUntil } from '../helpers/wait.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const ADMIN = 'admin@example.com';
const TOKEN = `ghp_${'t'.repeat(36)}`;
const github = integrations.find((i) => i.slug === 'github')!;
const readOnlyGitHub = github.tools.filter((t) => t.annotations.readOnlyHint).map((t) => `github__${t.name}`);

describe.skipIf(missing !== null)('the Toolsets page in the browser', () => {
  let fake: FakeGitHub;
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;
  let client: Client | undefined;
  const relisted: number[] = [];

  beforeAll(async () => {
    fake = startFakeGitHub();
    fake.tokens.set(TOKEN, 'ada');
    let setupLink: string;
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub({ MCPHUB_GITHUB_API_URL: fake.url }), launchBrowser()]);
    page = await browser.newPage(hub.url);
    await createAdminFromSetupLink(page, hub.url, setupLink, ADMIN);
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await browser?.close();
    await hub?.stop();
    await fake?.close();
  });

  it('searches the tools with their annotations, and counts what the rules take in', async () => {
    await connectGitHub(page, TOKEN, 'ada');
    await goTo(page, 'Toolsets');
    const total = github.tools.length;
    await waitFor(() => page.getByText(`This set holds 0 of ${total} tools`).isVisible()).toBe(true);
    await page.getByLabel('Search tools').fill('pull request');
    await waitFor(() => page.getByLabel('github__create_issue', { exact: true }).isVisible()).toBe(false);
    expect(await page.getByLabel('github__get_pull_request', { exact: true }).isVisible()).toBe(true);
    const row = page.getByRole('listitem').filter({ has: page.getByLabel('github__get_pull_request', { exact: true }) });
    expect(await row.getByText('read-only', { exact: true }).isVisible()).toBe(true);
    await page.getByLabel('Search tools').fill('');

    await page.getByLabel('Every GitHub tool').check();
    await waitFor(() => page.getByText(`This set holds ${total} of ${total} tools`).isVisible()).toBe(true);
    expect(await page.getByLabel('github__create_issue', { exact: true }).isDisabled()).toBe(true);
    await page.getByLabel('Every GitHub tool').uncheck();
    await page.getByLabel('All read-only tools').check();
    await waitFor(() => page.getByText(`This set holds ${readOnlyGitHub.length} of ${total} tools`).isVisible()).toBe(true);
    const createRow = page.getByRole('listitem').filter({ has: page.getByLabel('github__create_issue', { exact: true }) });
    expect(await createRow.getByText('writes', { exact: true }).isVisible()).toBe(true);
    expect(await createRow.getByText('left out', { exact: true }).isVisible()).toBe(true);
    await page.getByLabel('github__create_issue', { exact: true }).check();
    await waitFor(() => createRow.getByText('in set', { exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'toolsets');
  });

  it('creates the toolset, a key bound to it on the Keys page, and the key lists exactly that set', async () => {
    await page.getByLabel('Toolset name').fill('Readers');
    await page.getByRole('button', { name: 'Create toolset' }).click();
    await waitFor(async () => (await rowTexts(page, 'Your toolsets')).slice(1).map((r) => r.split(' | ').slice(0, 2).join(' | '))).toEqual(['Readers | flat']);
    expect(await alerts(page).count()).toBe(0);

    await goTo(page, 'API keys');
    await page.getByLabel('Key name').fill('readers-key');
    await page.getByLabel('Toolset').selectOption({ label: 'Readers' });
    await page.getByRole('button', { name: 'Create key' }).click();
    await waitFor(() => page.getByRole('textbox', { name: 'The new key' }).isVisible()).toBe(true);
    const key = await page.getByRole('textbox', { name: 'The new key' }).inputValue();
    const select = page.getByLabel('Toolset of readers-key');
    await waitFor(() => select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('Readers');

    client = await connectClient(hub.mcpUrl, key, 'modern', { onToolsChanged: (count) => relisted.push(count) });
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual([...readOnlyGitHub, 'github__create_issue'].sort());
    await screenshot(page, 'toolsets-keys');
  });

  it('changing the set on the page reaches the open client as list_changed', async () => {
    await goTo(page, 'Toolsets');
    await page.getByRole('button', { name: 'Change Readers' }).click();
    await waitFor(() => page.getByRole('form', { name: 'Change toolset Readers' }).isVisible()).toBe(true);
    await page.getByLabel('github__create_issue', { exact: true }).uncheck();
    await page.getByRole('radio', { name: /^Progressive/ }).check();
    await page.getByRole('button', { name: 'Save toolset' }).click();
    await waitFor(async () => (await rowTexts(page, 'Your toolsets')).slice(1).map((r) => r.split(' | ').slice(0, 2).join(' | '))).toEqual(['Readers | progressive']);
    await waitUntil(() => relisted.includes(4), 5_000, 'the client re-listing the four meta-tools');
    expect((await client!.listTools()).tools.map((t) => t.name)).toEqual(['hub__search_tools', 'hub__describe_tool', 'hub__call_read_tool', 'hub__call_write_tool']);
    await screenshot(page, 'toolsets-progressive');
  });

  it('rebinding the key on the Keys page reaches the open client too', async () => {
    await goTo(page, 'API keys');
    await page.getByLabel('Toolset of readers-key').selectOption({ label: 'All tools' });
    await waitUntil(() => relisted.includes(github.tools.length), 5_000, 'the client re-listing every GitHub tool');
    expect((await client!.listTools()).tools).toHaveLength(github.tools.length);
    expect(await alerts(page).count()).toBe(0);
  });
});
