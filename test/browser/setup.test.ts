/**
 * The newcomer's first minute, in Chromium against an `npm start`-style hub
 * process: open the setup link the hub prints, create the admin, land on the
 * dashboard signed in. The link works once. Screenshots go to
 * docs/screenshots for the README.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
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
    await screenshot(page, 'integrations');
  });

  it('the setup link works once: opened again it says so, and creates nobody', async () => {
    const page = await browser.newPage(hub.url);
    await page.goto(setupLink);
    await fillSetup(page, 'another password here');
    await page.getByRole('button', { name: 'Create the admin account' }).click();
    // The form's own alert (Next.js also keeps an empty route announcer with that role).
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /\S/ }).textContent()).toMatch(/not valid|setup is over/);
    expect(page.url()).toBe(setupLink);
  });
});
