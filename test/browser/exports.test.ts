/**
 * Usage exports in Chromium against an `npm start`-style hub process: the
 * admin connects GitHub (a GitHub-shaped fake) and makes a key; a real MCP
 * SDK client makes calls this month, and last month's calls are in the
 * store (recorded on the same data dir, as a hub running then would have).
 * On the Usage page's Exports section the admin downloads last month as CSV
 * and this month as JSONL, and each file holds exactly that month's calls.
 * Screenshot usage-exports.png.
 */
import type { Client } from '@modelcontextprotocol/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { UsageEvent } from '../../lib/store/port.ts';
import { alerts, chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { csvRecords } from '../helpers/csv.ts';
import { createAdminFromSetupLink, downloadFrom, goTo, waitFor } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, type HubProcess } from '../helpers/hub-process.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const now = new Date();
const thisMonth = now.toISOString().slice(0, 7);
const lastMonthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
const lastMonth = new Date(lastMonthStart).toISOString().slice(0, 7);

describe.skipIf(missing !== null)('usage exports in the browser', () => {
  let fake: FakeGitHub;
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;
  let client: Client;
  let lastMonthCalls: UsageEvent[];

  const download = (button: string) => downloadFrom(page, button);

  beforeAll(async () => {
    fake = startFakeGitHub();
    fake.tokens.set('ghp_exports_token', 'octo-exports');
    let setupLink: string;
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub({ MCPHUB_GITHUB_API_URL: fake.url }), launchBrowser()]);
    page = await browser.newPage(hub.url);
    await createAdminFromSetupLink(page, hub.url, setupLink);
    // Playwright's own waits: expect.poll (the flows' helpers) works only inside a test.
    await page.getByLabel('GitHub personal access token').fill('ghp_exports_token');
    await page.getByRole('button', { name: 'Connect GitHub' }).click();
    await page.getByText('Connected as octo-exports').waitFor();
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('laptop');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByRole('textbox', { name: 'The new key' }).inputValue();
    client = await connectClient(hub.mcpUrl, key);

    const { user } = (await page.evaluate(() => fetch('/api/v1/session').then((r) => r.json()))) as { user: { id: string } };
    lastMonthCalls = [1, 15, 28].map((day, i) => ({
      id: `evt_browser_export_${i}`, userId: user.id, keyId: 'key_then', integration: 'github', tool: i === 1 ? 'create_issue' : 'get_me',
      outcome: i === 2 ? 'upstream_error' : 'ok', billable: i !== 2, totalMs: 10 + i, upstreamMs: 8, bytesIn: 2, bytesOut: 40,
      at: lastMonthStart + (day - 1) * 86_400_000 + 3_600_000, client: 'claude-ai/1.0', ...(i === 2 && { error: 'GitHub said: "Bad credentials", try again' }),
    }));
    // Another process on the same data dir, as the CLI is: the running hub reads the same file.
    const store = openEmbeddedStore({ dataDir: hub.dataDir });
    for (const call of lastMonthCalls) await store.recordUsage(call);
    await store.close();
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await browser?.close();
    await hub?.stop();
    await fake?.close();
  });

  it('downloads last month as CSV, holding exactly the calls made then', async () => {
    await goTo(page, 'Usage');
    await waitFor(() => page.getByRole('table', { name: 'Monthly usage exports' }).isVisible()).toBe(true);
    const file = await download(`Download CSV of ${lastMonth}`);
    expect(file.name).toBe(`mcphub-usage-${lastMonth}.csv`);
    const rows = csvRecords(file.text);
    expect(rows.map((r) => r.id)).toEqual(lastMonthCalls.toReversed().map((c) => c.id));
    expect(rows[0]).toMatchObject({ tool: 'get_me', outcome: 'upstream_error', billable: 'false', error: 'GitHub said: "Bad credentials", try again', client: 'claude-ai/1.0', at: new Date(lastMonthCalls[2]!.at).toISOString() });
    await waitFor(() => page.getByRole('status').filter({ hasText: `Downloading 3 calls of ${lastMonth} as CSV.` }).isVisible()).toBe(true);
    // The list now says when it was exported.
    await waitFor(() => page.getByRole('row', { name: new RegExp(`^${lastMonth} CSV`) }).isVisible()).toBe(true);
    expect(await alerts(page).allTextContents()).toEqual([]);
  });

  it('downloads this month as JSONL, holding the calls the MCP client made', async () => {
    expect((await client.callTool({ name: 'github__get_me', arguments: {} })).isError).toBeFalsy();
    expect((await client.callTool({ name: 'github__get_repository', arguments: { owner: 'octo', repo: 'forbidden' } })).isError).toBe(true);
    const file = await download(`Download JSONL of ${thisMonth}`);
    expect(file.name).toBe(`mcphub-usage-${thisMonth}.jsonl`);
    const rows = file.text.trimEnd().split('\n').map((line) => JSON.parse(line) as { tool: string; outcome: string; client: string });
    expect(rows.map((r) => [r.tool, r.outcome])).toEqual([['get_repository', 'upstream_error'], ['get_me', 'ok']]);
    expect(rows.every((r) => r.client === 'e2e/1.0.0')).toBe(true);
    await screenshot(page, 'usage-exports');
  });
});
