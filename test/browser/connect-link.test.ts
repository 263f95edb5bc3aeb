/**
 * A chat's connect link in Chromium, against a hub process serving the
 * dashboard and a GitHub-shaped fake, with a real MCP SDK client: once GitHub
 * refuses the stored token, the tool result carries a /connect/github link.
 * Opened signed out, it asks to sign in and, signed in, comes back to the
 * Integrations page with GitHub's token form open; the next refusal's link,
 * opened in the signed-in browser, lands there too, and the new token makes
 * the same client's next call work (nothing restarted).
 */
import type { Client } from '@modelcontextprotocol/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, textOf, type HubProcess } from '../helpers/hub-process.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const ADMIN = 'admin@example.com';
const PASSWORD = 'correct horse battery staple';

describe.skipIf(missing !== null)('a connect link from a chat, in the browser', () => {
  let fake: FakeGitHub;
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;
  let client: Client;

  const githubCard = (on: Page) => on.getByRole('list', { name: 'Integrations' }).getByRole('listitem', { name: 'GitHub' });

  /** A refused get_me call's connect link, on this hub's origin. */
  async function refusedLink(): Promise<string> {
    const result = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain('The GitHub token was rejected');
    const link = new RegExp(`${hub.url.replace(/[.]/g, '\\.')}/connect/github\\?t=[A-Za-z0-9_-]{43}`).exec(text)?.[0];
    if (!link) throw new Error(`no connect link in: ${text}`);
    return link;
  }

  beforeAll(async () => {
    fake = startFakeGitHub();
    let setupLink: string;
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub({ MCPHUB_GITHUB_API_URL: fake.url }), launchBrowser()]);
    page = await browser.newPage(hub.url);
    await page.goto(setupLink);
    await page.getByLabel('Email').fill(ADMIN);
    await page.getByLabel('Name').fill('Ada Admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create the admin account' }).click();
    await page.waitForURL(`${hub.url}/integrations`);
    const created = await hub.cli(['keys', 'create', '--user', ADMIN, '--name', 'chat', '--json']);
    if (created.code !== 0) throw new Error(created.stderr);
    client = await connectClient(hub.mcpUrl, (JSON.parse(created.stdout) as { key: string }).key, 'modern');
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await browser?.close();
    await hub?.stop();
    await fake?.close();
  });

  it('takes a signed-out person through sign-in to the open token form; the signed-in one replaces the token and the same client calls again', async () => {
    fake.tokens.set('ghp_first_token', 'octo');
    await githubCard(page).getByLabel('GitHub personal access token').fill('ghp_first_token');
    await githubCard(page).getByRole('button', { name: 'Connect GitHub' }).click();
    await expect.poll(() => githubCard(page).getByText('Connected as octo', { exact: true }).isVisible()).toBe(true);
    expect((await client.callTool({ name: 'github__get_me', arguments: {} })).isError).toBeFalsy();

    fake.tokens.delete('ghp_first_token');
    const first = await refusedLink();
    const stranger = await browser.newPage(hub.url);
    await stranger.goto(first);
    expect(await stranger.getByRole('heading', { name: 'Sign in to connect GitHub' }).isVisible()).toBe(true);
    await stranger.getByRole('link', { name: 'Sign in' }).click();
    await stranger.getByLabel('Email').fill(ADMIN);
    await stranger.getByLabel('Password').fill(PASSWORD);
    await stranger.getByRole('button', { name: 'Sign in' }).click();
    await stranger.waitForURL(`${hub.url}/integrations?reconnect=github`);
    await expect.poll(() => githubCard(stranger).getByRole('form', { name: 'Save the new GitHub token' }).isVisible()).toBe(true);

    // That link is spent: the next refusal hands out another, opened where the person is signed in.
    const second = await refusedLink();
    expect(second).not.toBe(first);
    await page.goto(second);
    await page.waitForURL(`${hub.url}/integrations?reconnect=github`);
    const form = githubCard(page).getByRole('form', { name: 'Save the new GitHub token' });
    await expect.poll(() => form.isVisible()).toBe(true);
    await expect.poll(() => form.getByLabel('GitHub personal access token').evaluate((input) => input === document.activeElement)).toBe(true);

    fake.tokens.set('ghp_second_token', 'octo');
    await form.getByLabel('GitHub personal access token').fill('ghp_second_token');
    await form.getByRole('button', { name: 'Save the new GitHub token' }).click();
    await expect.poll(() => githubCard(page).getByText('Connected as octo', { exact: true }).isVisible()).toBe(true);
    expect(await githubCard(page).getByRole('form', { name: 'Save the new GitHub token' }).count()).toBe(0);
    const after = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(after.isError, textOf(after)).toBeFalsy();

    await page.goto(second);
    expect(await page.getByRole('heading', { name: 'This connect link does not work' }).isVisible()).toBe(true);
  });
});
