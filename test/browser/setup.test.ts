/**
 * The newcomer's first minute, in Chromium against an `npm start`-style hub
 * process: open the setup link the hub prints, create the admin, land on the
 * dashboard signed in; the link works once; the admin signs in again and
 * every page opens. Its screenshots are the README's (test/helpers/browser.ts).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import type { HubProcess } from '../helpers/hub-process.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== null)('setup in the browser', () => {
  let hub: HubProcess;
  let browser: TestBrowser;
  let setupLink: string;

  beforeAll(async () => {
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub(), launchBrowser()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  const fillSetup = async (page: Page, password: string) => {
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Name').fill('Ada Admin');
    await page.getByLabel('Password').fill(password);
  };

  it('the printed setup link creates the admin, who lands on the dashboard signed in', async () => {
    expect(setupLink).toMatch(new RegExp(`^${hub.url}/setup\\?token=`));
    const page = await browser.newPage(hub.url);
    await page.goto(setupLink);
    await expect.poll(() => page.getByRole('heading', { name: 'Set up MCP Hub' }).isVisible()).toBe(true);
    await fillSetup(page, 'correct horse battery staple');
    await screenshot(page, 'setup');
    await page.getByRole('button', { name: 'Create the admin account' }).click();
    await page.waitForURL(`${hub.url}/integrations`);
    await expect.poll(() => page.getByRole('heading', { name: 'Integrations' }).isVisible()).toBe(true);
    const nav = page.getByRole('navigation', { name: 'Dashboard' });
    await expect.poll(() => nav.getByText('Signed in as admin@example.com').isVisible()).toBe(true);
    // The catalog came through the API with the new session: GitHub is there, not connected yet.
    await expect.poll(() => page.getByRole('heading', { name: 'GitHub' }).isVisible()).toBe(true);
    expect(await nav.getByRole('link', { name: 'Integrations' }).getAttribute('aria-current')).toBe('page');
  });

  it('a client without a key is told to create one on this dashboard, at the port the hub really listens on', async () => {
    const response = await fetch(hub.mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(`on the dashboard (${hub.url}/keys)`);
  });

  it('the setup link works once: opened again it says so, and creates nobody', async () => {
    const page = await browser.newPage(hub.url);
    await page.goto(setupLink);
    await fillSetup(page, 'another password here');
    await page.getByRole('button', { name: 'Create the admin account' }).click();
    await expect.poll(() => alerts(page).textContent()).toMatch(/not valid|setup is over/);
    expect(page.url()).toBe(setupLink);
  });

  it('the admin signs in with the password chosen at setup, and every page of the nav opens without an error', async () => {
    const page = await browser.newPage(hub.url);
    await page.goto('/sign-in');
    // A submit before the page's script runs would be the browser's own: never a GET with the password in the address.
    expect(await page.locator('form').filter({ has: page.getByLabel('Password') }).getAttribute('method')).toBe('post');
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await screenshot(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${hub.url}/integrations`);
    const nav = page.getByRole('navigation', { name: 'Dashboard' });
    // The other pages' screenshots are taken where they have data: keys.png by actions.test.ts, integrations.png by
    // integrations.test.ts, connect.png by connect.test.ts, usage.png and logs.png by logs.test.ts.
    for (const [link, shot] of [['Connect your client', null], ['API keys', null], ['Usage', null], ['Logs', null], ['Account', 'account']] as const) {
      await nav.getByRole('link', { name: link }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1, name: link }).isVisible()).toBe(true);
      // Loaded, empty or not, but never failed.
      await expect.poll(() => page.getByRole('status').filter({ hasText: /^Loading/ }).count()).toBe(0);
      expect(await alerts(page).allTextContents(), link).toEqual([]);
      if (shot) await screenshot(page, shot);
    }
    // The account page knows who this is.
    await expect.poll(() => page.getByText('admin@example.com', { exact: true }).first().isVisible()).toBe(true);
  });
});
