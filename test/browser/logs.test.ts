/**
 * The Logs and Usage pages in Chromium against an `npm start`-style hub
 * process pointed at a GitHub-shaped fake, with real MCP SDK clients making
 * the calls: the admin (setup link) makes two keys on the Keys page and
 * connects GitHub; calls through /mcp (one fine, one GitHub refuses) are
 * listed by key name, client and outcome; an outcome filter goes into the
 * address and to the hub; the drawer shows the error the model saw and
 * closes on Escape with focus back; a call made with the page open appears
 * without a reload (the hub's server-sent events through its own origin);
 * a key's "View logs" link arrives filtered to that key; the call-log
 * settings save and load again. Screenshots logs.png and usage.png.
 */
import type { Client } from '@modelcontextprotocol/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { createAdminFromSetupLink } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, type HubProcess } from '../helpers/hub-process.ts';
// 53 calls in a few seconds, past the free plan's burst: this test is about the log, not plans.
import { NO_PLAN_LIMITS } from '../helpers/plans.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const FORBIDDEN = 'Resource not accessible by personal access token';

describe.skipIf(missing !== null)('the Logs page in the browser', () => {
  let fake: FakeGitHub;
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;
  let laptop: Client;
  let desktop: Client;
  const keyIds = new Map<string, string>();

  const rows = () => page.getByRole('table', { name: 'Calls, newest first' }).locator('tbody tr');
  /** Makes a key on the Keys page and returns it as shown once. */
  const createKey = async (name: string) => {
    await page.getByLabel('Key name').fill(name);
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('heading', { name: `New key “${name}”` }).waitFor();
    const key = await page.getByRole('textbox', { name: 'The new key' }).inputValue();
    await page.getByRole('button', { name: 'I have copied it' }).click();
    return key;
  };

  beforeAll(async () => {
    fake = startFakeGitHub();
    fake.tokens.set('ghp_logs_token', 'octo-logs');
    let setupLink: string;
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub({ MCPHUB_GITHUB_API_URL: fake.url, ...NO_PLAN_LIMITS }), launchBrowser()]);
    page = await browser.newPage(hub.url);
    await createAdminFromSetupLink(page, hub.url, setupLink);
    await page.getByLabel('GitHub personal access token').fill('ghp_logs_token');
    await page.getByRole('button', { name: 'Connect GitHub' }).click();
    await page.getByText('Connected as octo-logs').waitFor();

    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'API keys' }).click();
    const laptopKey = await createKey('laptop');
    const desktopKey = await createKey('desktop');
    const listed = (await page.evaluate(() => fetch('/api/v1/keys').then((r) => r.json()))) as { items: Array<{ id: string; name: string }> };
    for (const key of listed.items) keyIds.set(key.name, key.id);
    [laptop, desktop] = await Promise.all([connectClient(hub.mcpUrl, laptopKey), connectClient(hub.mcpUrl, desktopKey)]);
  }, 240_000);

  afterAll(async () => {
    await laptop?.close();
    await desktop?.close();
    await browser?.close();
    await hub?.stop();
    await fake?.close();
  });

  it('lists each call by key name, client and outcome, and the error text the model saw', async () => {
    expect((await laptop.callTool({ name: 'github__get_me', arguments: {} })).isError).toBeFalsy();
    const refused = await laptop.callTool({ name: 'github__get_repository', arguments: { owner: 'octo', repo: 'forbidden' } });
    expect(refused.isError).toBe(true);
    expect((await desktop.callTool({ name: 'github__get_me', arguments: {} })).isError).toBeFalsy();

    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Logs' }).click();
    await expect.poll(() => rows().count()).toBe(3);
    const failed = rows().filter({ hasText: 'github/get_repository' });
    // The Key column fills in once the key names have loaded.
    await expect.poll(() => failed.textContent()).toContain('laptop');
    expect(await failed.textContent()).toContain('e2e/1.0.0');
    expect(await failed.textContent()).toContain('upstream_error');
    expect(await failed.textContent()).toContain(FORBIDDEN);
    expect(await rows().filter({ hasText: 'desktop' }).count()).toBe(1);
    // Names, not ids, in the Key column.
    expect(await page.getByRole('table').textContent()).not.toContain(keyIds.get('laptop')!);
    expect(await alerts(page).allTextContents()).toEqual([]);
  });

  it('filters by outcome on the hub: the filter goes into the address and the list request, and only errors are listed', async () => {
    const request = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/logs' && new URL(r.url()).searchParams.get('outcome') === 'upstream_error');
    await page.getByLabel('Outcome', { exact: true }).selectOption('upstream_error');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await request;
    await expect.poll(() => new URL(page.url()).searchParams.get('outcome')).toBe('upstream_error');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain('github/get_repository');

    // A filter nothing matches says so, not "no calls yet".
    await page.getByLabel('Tool', { exact: true }).fill('no_such_tool');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.getByText('No calls match these filters.').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expect.poll(() => rows().count()).toBe(3);

    // A preset range stays a preset in the address; the hub gets its start.
    const ranged = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/logs' && Number(new URL(r.url()).searchParams.get('since')) > Date.now() - 3_700_000);
    await page.getByLabel('Time range').selectOption('1h');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await ranged;
    await expect.poll(() => new URL(page.url()).search).toBe('?range=1h');
    await expect.poll(() => rows().count()).toBe(3);
  });

  it('opens a call in a labelled dialog with its error text, closes on Escape and gives focus back to its Details button', async () => {
    const details = rows().filter({ hasText: 'github/get_repository' }).getByRole('button', { name: /^Details of the github\/get_repository call/ });
    await details.click();
    const dialog = page.getByRole('dialog', { name: 'Call details' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => dialog.textContent()).toContain(FORBIDDEN);
    const text = (await dialog.textContent())!;
    expect(text).toContain('Arguments are not stored — turn on in the settings below.');
    expect(text).toContain('laptop');
    expect(text).toContain(keyIds.get('laptop')!);
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Details of the github\/get_repository call/);

    // The row itself opens it too.
    await rows().filter({ hasText: 'desktop' }).getByRole('cell').first().click();
    await expect.poll(() => dialog.textContent()).toContain('None: the call succeeded.');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('shows a call made while the page is open without a reload, and only when it matches the filters', async () => {
    await page.goto('/logs?outcome=upstream_error');
    await expect.poll(() => rows().count()).toBe(1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Live: new calls appear' }).isVisible()).toBe(true);
    await page.evaluate(() => ((window as { sameLoad?: boolean }).sameLoad = true));

    await desktop.callTool({ name: 'github__get_me', arguments: {} });
    await desktop.callTool({ name: 'github__get_repository', arguments: { owner: 'octo', repo: 'forbidden' } });
    await expect.poll(() => rows().count()).toBe(2);
    expect(await rows().first().textContent()).toContain('desktop');
    expect(await rows().filter({ hasText: 'github/get_me' }).count()).toBe(0);
    expect(await page.evaluate(() => (window as { sameLoad?: boolean }).sameLoad)).toBe(true);
    await screenshot(page, 'logs');

    // Switched off, the page says where new calls will show.
    await page.getByRole('switch', { name: 'Live' }).uncheck();
    await expect.poll(() => page.getByText('Paused: new calls show after a reload.').isVisible()).toBe(true);
  });

  it("arrives filtered from a key's View logs link, to that key's calls only", async () => {
    await page.goto('/keys');
    await page.getByRole('link', { name: 'View logs of laptop' }).click();
    await page.waitForURL(`${hub.url}/logs?keyId=${encodeURIComponent(keyIds.get('laptop')!)}`);
    await expect.poll(() => rows().count()).toBe(2);
    expect(await rows().filter({ hasText: 'desktop' }).count()).toBe(0);
    // The key's name once the page has the key list (until then the select shows the id it came with).
    await expect.poll(() => page.getByLabel('Key', { exact: true }).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe('laptop');
  });

  it('saves the call-log settings, loads them again, and then keeps redacted arguments', async () => {
    await page.goto('/logs');
    const settings = page.getByRole('form', { name: 'Call-log settings' });
    await settings.getByLabel('Store arguments').check();
    await settings.getByLabel('Keep arguments for (days)').fill('3');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => settings.getByRole('status').textContent()).toBe('Saved.');
    await page.reload();
    await expect.poll(() => settings.getByLabel('Keep arguments for (days)').inputValue()).toBe('3');
    expect(await settings.getByLabel('Store arguments').isChecked()).toBe(true);

    // The hub applies the change within a second: call until a call keeps its arguments.
    type Newest = { items: Array<{ arguments: string | null }> };
    await expect.poll(async () => {
      await laptop.callTool({ name: 'github__get_repository', arguments: { owner: 'octo-args', repo: 'forbidden' } });
      const newest = (await page.evaluate(() => fetch('/api/v1/logs?limit=1').then((r) => r.json()))) as Newest;
      return newest.items[0]?.arguments ?? '';
    }, { timeout: 10_000 }).toContain('octo-args');
    await page.reload();
    await rows().first().getByRole('button', { name: /^Details/ }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Call details' }).textContent()).toContain('"owner":"octo-args"');
  });

  it('loads the next page with the cursor when there are more calls than one page, until all 53 are listed', async () => {
    for (let i = 0; i < 50; i += 1) await laptop.callTool({ name: 'github__get_me', arguments: {} });
    await page.goto('/logs?tool=get_me');
    await expect.poll(() => rows().count()).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows().count()).toBe(53);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });

  it('shows errors, the error rate and the top tools on the Usage page', async () => {
    await page.goto('/usage');
    const top = page.getByRole('list', { name: 'Top tools by calls' });
    await expect.poll(() => top.isVisible()).toBe(true);
    expect(await top.getByRole('listitem').first().textContent()).toMatch(/^github\/get_repository: \d+ calls, 100\.0% errors$|^github\/get_me: \d+ calls, 0\.0% errors$/);
    expect(await page.getByText(/^Errors in \d{4}-\d{2}$/).isVisible()).toBe(true);
    expect(await page.getByText('Error rate').isVisible()).toBe(true);
    await screenshot(page, 'usage');
  });
});
