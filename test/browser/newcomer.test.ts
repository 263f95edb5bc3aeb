/**
 * The whole newcomer path in Chromium, against an `npm start`-style hub
 * process pointed at a GitHub-shaped fake, in order, sharing one hub: open the
 * setup link and create the admin; create a key and copy it; connect GitHub
 * (a bad token is refused with the fake's reason, a good one says whose);
 * copy the Claude Desktop entry, put the key in, and spawn it exactly as
 * printed with the SDK's stdio client (npx installs the bridge from the
 * hub's own tarball, with an empty npm cache); call a tool and see it in Logs
 * and on Usage; rotate the key (the running client is refused) and revoke
 * the new one (refused within a second).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOverStdio, nodeEnv, type Bridge } from '../helpers/bridge-process.ts';
import { alerts, chromiumMissing, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { clipboard, createAdminFromSetupLink, createAndCopyKey, goTo, rowTexts, waitFor } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { textOf, type HubProcess } from '../helpers/hub-process.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const GITHUB_TOKEN = 'ghp_newcomerToken0000000000000000000001';
/** The "refused within a second": the budget of the poll that waits for the refusal. */
const REFUSAL_BUDGET_MS = 1_000;

type Entry = { command: string; args: string[] };

describe.skipIf(missing !== null)('the whole newcomer path in the browser', () => {
  let fake: FakeGitHub;
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;
  let scratch: string;
  let setupLink: string;
  /** The entry as the Connect page printed it, the key still a placeholder. */
  let printed: string;
  let placeholder: string;
  let key: string;
  const bridges: Bridge[] = [];

  /** Spawns the printed entry, with `withKey` put where the placeholder is, as Claude Desktop would: the command and its args, unchanged. */
  const spawnPrinted = async (withKey: string): Promise<Bridge> => {
    const entry = (JSON.parse(printed.replace(placeholder, withKey)) as { mcpServers: { mcphub: Entry } }).mcpServers.mcphub;
    // Real Node first on PATH, and an npm cache of its own (empty at first): npx can only get the bridge from the hub's tarball URL.
    const env = nodeEnv({ npm_config_cache: join(scratch, 'npm-cache'), XDG_CACHE_HOME: join(scratch, 'cache') });
    const bridge = await connectOverStdio({ command: entry.command, args: entry.args, env });
    bridges.push(bridge);
    return bridge;
  };

  /** What a call of github/get_me gives the AI client: the login on success, else the text it was refused with. */
  const getMe = async (bridge: Bridge): Promise<string> => {
    const result = await bridge.client.callTool({ name: 'github__get_me', arguments: {} });
    return result.isError ? `refused: ${textOf(result)}` : String((result.structuredContent as { login?: unknown }).login);
  };

  /** Clicks the button and waits for the API's answer to the request it makes. */
  const clickAndAwait = async (button: ReturnType<Page['getByRole']>, method: string, path: RegExp) => {
    const answered = page.waitForResponse((response) => response.request().method() === method && path.test(new URL(response.url()).pathname));
    await button.click();
    expect((await answered).status()).toBe(200);
  };

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'mcphub-newcomer-'));
    fake = startFakeGitHub();
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub({ MCPHUB_GITHUB_API_URL: fake.url }), launchBrowser()]);
    page = await browser.newPage(hub.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.url });
  }, 240_000);

  afterAll(async () => {
    await Promise.all(bridges.map((bridge) => bridge.close().catch(() => {})));
    await browser?.close();
    await hub?.stop();
    await fake?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('opens the setup link the hub printed and creates the admin, signed in', async () => {
    expect(setupLink).toMatch(new RegExp(`^${hub.url}/setup\\?token=`));
    await createAdminFromSetupLink(page, hub.url, setupLink);
    await waitFor(() => page.getByText('Signed in as admin@example.com').isVisible()).toBe(true);
  });

  it('creates a key on API keys and copies it with the copy button', async () => {
    key = await createAndCopyKey(page, 'laptop');
    expect(await rowTexts(page, 'Your API keys')).toEqual([expect.stringContaining('Name'), expect.stringMatching(/^laptop \| mcp_sk_.* \| Active \| /)]);
  });

  it("connects GitHub: a bad token is refused with the fake's reason, a good one says whose it is", async () => {
    await goTo(page, 'Integrations');
    await page.getByLabel('GitHub personal access token').fill('ghp_not_a_real_token');
    await page.getByRole('button', { name: 'Connect GitHub' }).click();
    await waitFor(() => alerts(page).allTextContents()).toEqual([expect.stringContaining('Bad credentials')]);
    expect(fake.requests.some((request) => request.path === '/user' && request.token === 'ghp_not_a_real_token')).toBe(true);

    fake.tokens.set(GITHUB_TOKEN, 'octo-newcomer');
    await page.getByLabel('GitHub personal access token').fill(GITHUB_TOKEN);
    await page.getByRole('button', { name: 'Connect GitHub' }).click();
    await waitFor(() => page.getByText('Connected as octo-newcomer').isVisible()).toBe(true);
    expect(await alerts(page).allTextContents()).toEqual([]);
  });

  it('copies the Claude Desktop entry, which installs the bridge from this hub; spawned exactly as printed with the key put in, it lists the GitHub tools', async () => {
    await goTo(page, 'Connect your client');
    expect(await page.getByLabel('AI client').inputValue()).toBe('claude');
    const entry = page.getByRole('region', { name: 'Claude Desktop entry' });
    await waitFor(() => entry.isVisible()).toBe(true);
    placeholder = (await entry.locator('p code', { hasText: /^mcp_sk_/ }).textContent())!;
    expect(placeholder).toMatch(/^mcp_sk_/);
    await entry.getByRole('button', { name: 'Copy Claude Desktop JSON' }).click();
    await waitFor(() => entry.getByText('Copied', { exact: true }).isVisible()).toBe(true);
    printed = await clipboard(page);
    expect(printed).toBe(await entry.getByLabel('Claude Desktop JSON', { exact: true }).textContent());
    expect(printed).toContain(placeholder);
    expect(printed).not.toContain(key);

    const mcphub = (JSON.parse(printed) as { mcpServers: { mcphub: Entry } }).mcpServers.mcphub;
    expect(mcphub.command).toBe('npx');
    expect(mcphub.args).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^--package=${hub.url}/client/mcphub-client-[\\d.]+\\.tgz$`)), '--token', placeholder]));

    const bridge = await spawnPrinted(key);
    const { tools } = await bridge.client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('github__get_me');
  }, 120_000);

  it('a tool called through the spawned bridge appears in Logs and on the Usage chart and table', async () => {
    await goTo(page, 'Logs');
    await waitFor(() => page.getByText('No calls yet.').isVisible()).toBe(true);
    await waitFor(() => page.getByRole('status').filter({ hasText: 'Live: new calls appear' }).isVisible()).toBe(true);
    expect(await getMe(bridges[0]!)).toBe('octo-newcomer');
    expect(fake.requests.some((request) => request.path === '/user' && request.token === GITHUB_TOKEN)).toBe(true);

    // Live: the row appears on the open page by itself, with no reload.
    await waitFor(() => rowTexts(page, 'Calls, newest first')).toEqual([expect.stringContaining('Tool |'), expect.stringMatching(/^[^|]+ \| laptop \| [^|]+ \| github\/get_me \| ok \| /)]);

    await goTo(page, 'Usage');
    await waitFor(() => rowTexts(page, 'Calls per tool')).toEqual([expect.stringContaining('Tool |'), expect.stringMatching(/^github\/get_me \| 1 \| 0 \| /)]);
    const chart = page.getByRole('img', { name: /^Calls per day per integration/ });
    expect(await chart.isVisible()).toBe(true);
    // One bar drawn (github, today), and the chart's own table says the same number.
    await waitFor(() => chart.locator('.recharts-bar-rectangle path').count()).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    expect(await rowTexts(page, 'Calls per day per integration')).toContainEqual(`${today} | 0 | 1`);
  });

  it(`rotating the key refuses the running client, which still has the old key; the new key's client is refused within ${REFUSAL_BUDGET_MS} ms of revoking it (polled, budget ${REFUSAL_BUDGET_MS} ms; the time taken is reported as an annotation)`, async ({ annotate }) => {
    await goTo(page, 'API keys');
    await clickAndAwait(page.getByRole('button', { name: 'Rotate laptop' }), 'POST', /\/api\/v1\/keys\/[^/]+\/rotate$/);
    const rotated = await page.getByRole('textbox', { name: 'The new key' }).inputValue();
    expect(rotated).not.toBe(key);
    await waitFor(() => getMe(bridges[0]!)).toContain('rejected the API key');

    const second = await spawnPrinted(rotated);
    expect(await getMe(second)).toBe('octo-newcomer');
    await page.getByRole('button', { name: 'Revoke laptop' }).click();
    await clickAndAwait(page.getByRole('group', { name: 'Confirm revoking laptop' }).getByRole('button', { name: 'Yes, revoke laptop' }), 'DELETE', /\/api\/v1\/keys\/[^/]+$/);
    const revokedAt = performance.now();
    await expect.poll(() => getMe(second), { timeout: REFUSAL_BUDGET_MS }).toContain('rejected the API key');
    await annotate(`the revoked key's client was refused ${Math.round(performance.now() - revokedAt)} ms after the hub answered the revoke`);
    await waitFor(() => rowTexts(page, 'Your API keys')).toEqual([expect.stringContaining('Name'), expect.stringContaining('Revoked'), expect.stringContaining('Revoked')]);
    expect(await alerts(page).allTextContents()).toEqual([]);
  }, 60_000);
});
