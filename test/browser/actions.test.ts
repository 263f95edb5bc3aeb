/**
 * The dashboard's actions in Chromium against an `npm start`-style hub
 * process: the admin (made by the setup link) creates a key that works on
 * /mcp, rotates it (the old one is refused) and revokes the new one (refused
 * too). Screenshot keys.png (test/helpers/browser.ts). The Integrations page
 * has its own file, integrations.test.ts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { createAdminFromSetupLink } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { mcpStatus, type HubProcess } from '../helpers/hub-process.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== null)('dashboard actions in the browser', () => {
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    let setupLink: string;
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub(), launchBrowser()]);
    page = await browser.newPage(hub.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.url });
    await createAdminFromSetupLink(page, hub.url, setupLink);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('creates a key shown once that works on /mcp, rotates it (the old key is refused) and revokes the new one (refused too)', async () => {
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'API keys' }).click();
    await expect.poll(() => page.getByText('No keys yet.').isVisible()).toBe(true);
    await page.getByLabel('Key name').fill('laptop');
    await page.getByRole('button', { name: 'Create key' }).click();

    const shown = page.getByRole('textbox', { name: 'The new key' });
    await expect.poll(() => shown.isVisible()).toBe(true);
    const first = await shown.inputValue();
    expect(first).toMatch(/^mcp_sk_/);
    await expect.poll(() => page.getByText('Copy it now: it is shown only once').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Copy the new key' }).click();
    await expect.poll(() => page.getByText('Copied', { exact: true }).isVisible()).toBe(true);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);
    // The list loaded again and holds the key, by its prefix only.
    const rows = page.getByRole('table', { name: 'Your API keys' }).getByRole('row');
    await expect.poll(() => rows.filter({ hasText: 'laptop' }).filter({ hasText: 'Active' }).count()).toBe(1);
    expect(await page.getByRole('table').textContent()).not.toContain(first);
    expect(await mcpStatus(hub.mcpUrl, first)).toBe(200);
    await screenshot(page, 'keys');

    await page.getByRole('button', { name: 'Rotate laptop' }).click();
    await expect.poll(() => shown.inputValue()).not.toBe(first);
    const second = await shown.inputValue();
    expect(second).toMatch(/^mcp_sk_/);
    await expect.poll(() => mcpStatus(hub.mcpUrl, first), { timeout: 5_000 }).toBe(401);
    expect(await mcpStatus(hub.mcpUrl, second)).toBe(200);
    await expect.poll(() => rows.filter({ hasText: 'Revoked' }).count()).toBe(1);

    // Revoking asks first; cancelling keeps the key.
    await page.getByRole('button', { name: 'Revoke laptop' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await mcpStatus(hub.mcpUrl, second)).toBe(200);
    await page.getByRole('button', { name: 'Revoke laptop' }).click();
    await page.getByRole('group', { name: 'Confirm revoking laptop' }).getByRole('button', { name: 'Yes, revoke laptop' }).click();
    await expect.poll(() => rows.filter({ hasText: 'Revoked' }).count()).toBe(2);
    await expect.poll(() => mcpStatus(hub.mcpUrl, second), { timeout: 5_000 }).toBe(401);
    expect(await page.getByRole('button', { name: /^Rotate|^Revoke/ }).count()).toBe(0);
    expect(await alerts(page).allTextContents()).toEqual([]);
  });

  it('an empty key name is refused with the API message, and nothing is created', async () => {
    await page.getByLabel('Key name').fill('   ');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => alerts(page).allTextContents()).toEqual([expect.stringMatching(/name/i)]);
    expect(await page.getByRole('table', { name: 'Your API keys' }).getByRole('row').count()).toBe(3);
  });
});
