/**
 * The Connect page in Chromium against a hub process serving the dashboard:
 * for each AI client the steps it shows, from the hub's one generator — the
 * .mcpb download (a real zip with the manifest), the Cursor and VS Code
 * install links (hrefs decoded as the apps decode them, no key inside), the
 * Claude Code command, the HTTP URL and header — each with a working copy
 * button. Screenshot connect.png (the Claude Desktop steps).
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { createAdminFromSetupLink } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import type { HubProcess } from '../helpers/hub-process.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);
const PLACEHOLDER = 'mcp_sk_PASTE_YOUR_KEY_HERE';

describe.skipIf(missing !== null)('the Connect page in the browser', () => {
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    let setupLink: string;
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub(), launchBrowser()]);
    page = await browser.newPage(hub.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.url });
    await createAdminFromSetupLink(page, hub.url, setupLink);
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Connect your client' }).click();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  /** Picks the client and waits for its steps. */
  async function choose(label: string) {
    await page.getByLabel('AI client').selectOption({ label });
    await expect.poll(() => page.getByRole('list', { name: `${label} steps` }).isVisible()).toBe(true);
    expect(await alerts(page).allTextContents()).toEqual([]);
  }

  /** Clicks the copy button for `label` and returns what reached the clipboard, after checking it is the text shown. */
  async function copied(label: string): Promise<string> {
    await page.getByRole('button', { name: `Copy ${label}` }).click();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    const shown = page.getByLabel(label, { exact: true });
    if ((await shown.count()) > 0) expect(await shown.textContent()).toBe(text);
    return text;
  }

  it('Claude Desktop: the extension downloads as a .mcpb zip for this hub, and the JSON copies', async () => {
    await choose('Claude Desktop');
    const link = page.getByRole('link', { name: 'Download the Claude Desktop extension' });
    expect(await link.getAttribute('href')).toBe(`${hub.url}/client/mcphub.mcpb`);
    // The first download packs the bridge on the hub: seconds on a busy machine.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), link.click()]);
    expect(download.suggestedFilename()).toBe('mcphub.mcpb');
    const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { server: { mcp_config: { args: string[] } }; user_config: { api_key: { sensitive: boolean } } };
    expect(manifest.server.mcp_config.args.slice(1)).toStrictEqual(['--url', `${hub.url}/mcp`]);
    expect(manifest.user_config.api_key.sensitive).toBe(true);

    const json = JSON.parse(await copied('Claude Desktop JSON')) as { mcpServers: { mcphub: { args: string[] } } };
    expect(json.mcpServers.mcphub.args).toContain(PLACEHOLDER);
    await screenshot(page, 'connect');
  }, 180_000);

  it('Cursor: "Add to Cursor" carries the bridge for this hub and the key variable, not the key; the variable line and the JSON copy', async () => {
    await choose('Cursor');
    const href = (await page.getByRole('link', { name: 'Add to Cursor' }).getAttribute('href'))!;
    const url = new URL(href);
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('cursor://anysphere.cursor-deeplink/mcp/install');
    const config = JSON.parse(Buffer.from(url.searchParams.get('config')!, 'base64').toString('utf8')) as { args: string[]; env: Record<string, string> };
    expect(config.args).toContain(`${hub.url}/mcp`);
    expect(config.env).toStrictEqual({ MCPHUB_TOKEN: '${env:MCPHUB_API_KEY}' });
    // Neither a key nor the placeholder the pasted JSON carries (a bare "mcp_sk_…" in a description names the format).
    expect(JSON.stringify(config)).not.toMatch(/mcp_sk_[A-Za-z0-9]|--token/);
    expect(await copied('the Cursor install link')).toBe(href);
    expect(await copied('the variable to set')).toBe(`export MCPHUB_API_KEY=${PLACEHOLDER}`);
    expect(JSON.parse(await copied('Cursor JSON'))).toHaveProperty('mcpServers.mcphub.command', 'npx');
  });

  it('VS Code: "Install in VS Code" declares a password prompt for the key and carries none', async () => {
    await choose('VS Code');
    const href = (await page.getByRole('link', { name: 'Install in VS Code' }).getAttribute('href'))!;
    expect(href.startsWith('vscode:mcp/install?')).toBe(true);
    const config = JSON.parse(decodeURIComponent(href.slice('vscode:mcp/install?'.length))) as { env: Record<string, string>; inputs: Array<{ id: string; password: boolean }> };
    expect(config.env).toStrictEqual({ MCPHUB_TOKEN: '${input:mcphub-api-key}' });
    expect(config.inputs).toMatchObject([{ id: 'mcphub-api-key', password: true }]);
    expect(JSON.stringify(config)).not.toMatch(/mcp_sk_[A-Za-z0-9]|--token/);
    expect(JSON.parse(await copied('VS Code JSON'))).toHaveProperty('servers.mcphub.type', 'stdio');
  });

  it('Claude Code: the command; any HTTP client: the URL and the header, each copied on its own', async () => {
    await choose('Claude Code');
    expect(await copied('the Claude Code command')).toMatch(/^claude mcp add --transport stdio mcphub -- npx /);
    await choose('Any HTTP client');
    expect(await copied('the MCP endpoint URL')).toBe(`${hub.url}/mcp`);
    expect(await copied('the Authorization header')).toBe(`Authorization: Bearer ${PLACEHOLDER}`);
  });
});
