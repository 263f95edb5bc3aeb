/**
 * The Billing page in Chromium against an `npm start`-style hub process
 * whose free plan allows 5 calls a month, with a real MCP SDK client making
 * the calls: at 4 of 5 the dashboard shows the 80% banner and the Billing
 * page the plan, used/limit and the reset date; at 5 the banner says the
 * limit is reached; the next call is refused with QUOTA_EXCEEDED, whose link
 * opens the Billing page; the admin moves the user to Pro on People, and the
 * next tool call works and the Billing page says Pro. Screenshot billing.png.
 */
import type { Client } from '@modelcontextprotocol/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { createAdminFromSetupLink, goTo, waitFor } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, textOf, type HubProcess } from '../helpers/hub-process.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const GET_ME = { name: 'github__get_me', arguments: {} };
const ADMIN = 'admin@example.com';

describe.skipIf(missing !== null)('the Billing page in the browser', () => {
  let fake: FakeGitHub;
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;
  let client: Client;

  const banner = () => page.getByLabel('Plan usage');

  beforeAll(async () => {
    fake = startFakeGitHub();
    fake.tokens.set('ghp_billing_token', 'octo-billing');
    let setupLink: string;
    const env = { MCPHUB_GITHUB_API_URL: fake.url, MCPHUB_PLANS: JSON.stringify([{ id: 'free', callsPerMonth: 5, callsPerMinute: 1_000, burst: 1_000 }]) };
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub(env), launchBrowser()]);
    page = await browser.newPage(hub.url);
    await createAdminFromSetupLink(page, hub.url, setupLink, ADMIN);
    await page.getByLabel('GitHub personal access token').fill('ghp_billing_token');
    await page.getByRole('button', { name: 'Connect GitHub' }).click();
    await page.getByText('Connected as octo-billing').waitFor();
    const key = await hub.cli(['keys', 'create', '--user', ADMIN, '--name', 'billing', '--json']);
    expect(key.code, key.stderr).toBe(0);
    client = await connectClient(hub.mcpUrl, (JSON.parse(key.stdout) as { key: string }).key);
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await browser?.close();
    await hub?.stop();
    await fake?.close();
  });

  it('shows the plan, used of limit and the reset date, and the banner from 80%', async () => {
    await goTo(page, 'Billing');
    await waitFor(() => page.getByRole('heading', { name: 'Your plan: Free' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Calls this month', { exact: true }).textContent()).toMatch(/^0 of 5 calls in \d{4}-\d\d on the Free plan\. Resets on 1 \w+ \d{4} \(UTC\)\. Calls are refused past the limit\.$/);
    expect(await page.getByText('No billable calls yet this month.').isVisible()).toBe(true);
    expect(await banner().count()).toBe(0);

    for (let i = 0; i < 4; i++) expect((await client.callTool(GET_ME)).isError).toBeFalsy();
    await page.reload();
    await waitFor(() => banner().textContent()).toMatch(/^You have used 4 of 5 calls of the Free plan this month\. The quota resets on 1 \w+ \d{4}\. See plans and billing$/);
    expect(await banner().getAttribute('role')).toBe('status');
    expect(await page.getByRole('meter', { name: /Billable calls this month/ }).getAttribute('aria-valuenow')).toBe('4');
    await waitFor(() => page.getByRole('img', { name: /Billable calls per day this month, with the running total against the limit of 5/ }).isVisible()).toBe(true);
    const plans = page.getByRole('table', { name: 'Plans on this hub' });
    expect(await plans.locator('tbody tr').count()).toBe(4);
    expect(await plans.locator('tbody tr').first().textContent()).toContain('Free (yours)');
    expect(await page.getByLabel('Changing plan').textContent()).toContain('Billing is off on this hub: plans are set by an admin.');
  });

  it('says the limit is reached at 100%; the QUOTA_EXCEEDED link lands on this page', async () => {
    expect((await client.callTool(GET_ME)).isError).toBeFalsy();
    const refused = await client.callTool(GET_ME);
    expect(refused.isError).toBe(true);
    const text = textOf(refused);
    expect(text).toMatch(/^QUOTA_EXCEEDED: You have used 5 of the 5 tool calls the Free plan includes/);
    const link = /Upgrade your plan at (\S+)\.$/.exec(text)?.[1];
    expect(link).toBe(`${hub.url}/billing`);
    await page.goto(link!);
    await waitFor(() => banner().textContent()).toMatch(/^You have used 5 of 5 calls of the Free plan this month: the limit is reached\. Tool calls are refused until the quota resets on 1 \w+ \d{4}\. See plans and billing$/);
    expect(await banner().getAttribute('role')).toBe('alert');
    expect(await page.getByRole('heading', { level: 1, name: 'Billing' }).isVisible()).toBe(true);
    await screenshot(page, 'billing');
  });

  it('lets the admin move the user to Pro on People; the next tool call works and Billing says Pro', async () => {
    await goTo(page, 'People');
    const select = page.getByLabel(`Plan for ${ADMIN}`, { exact: true });
    await waitFor(() => select.isVisible()).toBe(true);
    await select.selectOption('pro');
    await page.getByRole('button', { name: `Set plan for ${ADMIN}` }).click();
    await waitFor(() => page.getByRole('status').filter({ hasText: 'Now on Pro.' }).isVisible()).toBe(true);
    await expect.poll(async () => (await client.callTool(GET_ME)).isError ?? false, { timeout: 2_000 }).toBe(false);
    await goTo(page, 'Billing');
    await waitFor(() => page.getByRole('heading', { name: 'Your plan: Pro' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Calls this month', { exact: true }).textContent()).toMatch(/^6 of 50,000 calls .* Calls past the limit are billed as overage\.$/);
    expect(await banner().count()).toBe(0);
    expect(await alerts(page).allTextContents()).toEqual([]);
  });
});
