/**
 * OAuth connect in Chromium against an `npm start`-style hub process with
 * GitHub's OAuth app pointed at the provider fake: the admin clicks "Connect
 * with GitHub", approves on the fake's page and lands back on Integrations
 * "Connected as octo"; a real MCP SDK client (key made through the API) calls
 * a GitHub tool, which reaches the GitHub API fake with the OAuth access
 * token; Disconnect revokes the grant at the fake. Screenshot oauth.png.
 */
import type { Client } from '@modelcontextprotocol/client';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { createAdminFromSetupLink, waitFor } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { FAKE_GITHUB_USER, startFakeGitHubOAuth } from '../helpers/fake-oauth/github.ts';
import type { FakeOAuth } from '../helpers/fake-oauth/types.ts';
import { connectClient, textOf, type HubProcess } from '../helpers/hub-process.ts';
import { oauthEnvOf } from '../helpers/oauth-flow.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== null)('OAuth connect in the browser', () => {
  let api: FakeGitHub;
  let oauth: FakeOAuth;
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;
  let client: Client | undefined;

  const card = (name: string): Locator => page.getByRole('list', { name: 'Integrations' }).getByRole('listitem', { name });

  beforeAll(async () => {
    api = startFakeGitHub();
    oauth = startFakeGitHubOAuth({ api: api.tokens });
    let setupLink: string;
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub({ MCPHUB_GITHUB_API_URL: api.url, ...oauthEnvOf('github', oauth) }), launchBrowser()]);
    page = await browser.newPage(hub.url);
    await createAdminFromSetupLink(page, hub.url, setupLink);
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await browser?.close();
    await hub?.stop();
    await oauth?.close();
    await api?.close();
  });

  it('connects GitHub with OAuth, calls a tool with the access token, and Disconnect revokes the grant', async () => {
    const github = card('GitHub');
    // Where OAuth is off, the card says what the operator sets; the token form stays either way.
    await waitFor(() => card('Notion').getByText('OAuth connect is off: the operator sets MCPHUB_OAUTH_NOTION_CLIENT_ID and MCPHUB_OAUTH_NOTION_CLIENT_SECRET').isVisible()).toBe(true);
    expect(await github.getByLabel('GitHub personal access token').isVisible()).toBe(true);

    await github.getByRole('button', { name: 'Connect with GitHub' }).click();
    await page.waitForURL(`${oauth.url}/**`);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${hub.url}/integrations?connected=github`);
    await waitFor(() => github.getByText(`Connected as ${FAKE_GITHUB_USER.login}`).isVisible()).toBe(true);
    await waitFor(() => github.getByText('Connected with OAuth').isVisible()).toBe(true);
    await screenshot(page, 'oauth');
    const issued = [...api.tokens.keys()];
    expect(issued).toHaveLength(1);

    // A key made through the API, as the Keys page makes it.
    const key = await page.evaluate(async () => {
      const session = (await (await fetch('/api/v1/session')).json()) as { csrfToken: string };
      const created = await fetch('/api/v1/keys', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify({ name: 'oauth-test' }) });
      return ((await created.json()) as { key: string }).key;
    });
    client = await connectClient(hub.mcpUrl, key);
    const call = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(call.isError, textOf(call)).toBeFalsy();
    expect(textOf(call)).toContain(FAKE_GITHUB_USER.login);
    expect(api.requests.filter((request) => request.path === '/user').map((request) => request.token)).toContain(issued[0]);

    await github.getByRole('button', { name: 'Disconnect GitHub' }).click();
    await github.getByRole('button', { name: 'Yes, disconnect GitHub' }).click();
    await waitFor(() => github.getByText("GitHub revoked MCP Hub's access").isVisible()).toBe(true);
    expect(oauth.revocations).toEqual(issued);
    await waitFor(() => github.getByText('Not connected').isVisible()).toBe(true);
  });
});
