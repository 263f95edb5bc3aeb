/**
 * Issue 13's browser scenario end to end, in Chromium against an
 * `npm start`-style hub process whose GitHub OAuth app points at the
 * provider fake: connect with Approve → "Connected as octo" → a real MCP SDK
 * client (key made on the API keys page) calls a tool with the OAuth access
 * token → the access token expires and the person revokes the app at GitHub
 * → the next call fails with a connect link, and the card says "Needs
 * reconnecting" with "Reconnect with GitHub" → the link, opened signed in,
 * goes to GitHub's authorize page and, approved, to the done page → the SAME
 * client's next call works. A second round reconnects from the card's button
 * instead. When GitHub then refuses the hub's client credentials, the card
 * says the operator must fix the OAuth app and offers no reconnect;
 * Disconnect then revokes the newest grant at the fake. A pasted token GitHub
 * stops accepting is offered the OAuth reconnect as well.
 */
import type { Client } from '@modelcontextprotocol/client';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { createAdminFromSetupLink, createAndCopyKey, goTo, waitFor } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { FAKE_GITHUB_USER, startFakeGitHubOAuth } from '../helpers/fake-oauth/github.ts';
import type { FakeOAuth } from '../helpers/fake-oauth/types.ts';
import { connectClient, textOf, type HubProcess } from '../helpers/hub-process.ts';
import { oauthEnvOf } from '../helpers/oauth-flow.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== null)('OAuth reconnect in the browser', () => {
  let api: FakeGitHub;
  let oauth: FakeOAuth;
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;
  let client: Client | undefined;

  const github = (): Locator => page.getByRole('list', { name: 'Integrations' }).getByRole('listitem', { name: 'GitHub' });
  const connectedAsOcto = () => github().getByText(`Connected as ${FAKE_GITHUB_USER.login}`, { exact: true }).isVisible();
  /** The access tokens the fake issued so far, oldest first (a revoked or expired one leaves the API fake's table). */
  const issued: string[] = [];
  const noteIssued = () => issued.push(...[...api.tokens.keys()].filter((token) => !issued.includes(token)));

  /** get_me through the client: succeeds, and the API fake saw the newest access token. */
  async function callWorks(): Promise<void> {
    const call = await client!.callTool({ name: 'github__get_me', arguments: {} });
    expect(call.isError, textOf(call)).toBeFalsy();
    expect(textOf(call)).toContain(FAKE_GITHUB_USER.login);
    expect(api.requests.at(-1)).toMatchObject({ path: '/user', token: issued.at(-1) });
  }

  /** The person removes the app at GitHub while the access token has expired: get_me fails with a connect link on this hub. */
  async function revokedCallLink(): Promise<string> {
    oauth.expireAccessTokens();
    oauth.revokeRefreshTokens();
    const call = await client!.callTool({ name: 'github__get_me', arguments: {} });
    expect(call.isError).toBe(true);
    const link = new RegExp(`${hub.url.replace(/[.]/g, '\\.')}/connect/github\\?t=[A-Za-z0-9_-]{43}`).exec(textOf(call))?.[0];
    if (!link) throw new Error(`no connect link in: ${textOf(call)}`);
    return link;
  }

  /** On the fake's authorize page: Approve, and wait to be back on the hub at `path`. */
  async function approveBackTo(path: string): Promise<void> {
    await page.waitForURL(`${oauth.url}/**`);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${hub.url}${path}`);
    noteIssued();
  }

  beforeAll(async () => {
    api = startFakeGitHub();
    oauth = startFakeGitHubOAuth({ api: api.tokens });
    let setupLink: string;
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub({ MCPHUB_GITHUB_API_URL: api.url, ...oauthEnvOf('github', oauth) }), launchBrowser()]);
    page = await browser.newPage(hub.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.url });
    await createAdminFromSetupLink(page, hub.url, setupLink);
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await browser?.close();
    await hub?.stop();
    await oauth?.close();
    await api?.close();
  });

  it('reconnects through the tool result’s link and through the card, the same client calling again each time; misconfigured offers no reconnect; Disconnect revokes', async () => {
    await github().getByRole('button', { name: 'Connect with GitHub' }).click();
    await approveBackTo('/integrations?connected=github');
    await waitFor(connectedAsOcto).toBe(true);
    expect(issued).toHaveLength(1);
    // A healthy OAuth connection offers reconnecting too, beside the token form.
    expect(await github().getByRole('button', { name: 'Reconnect with GitHub' }).isVisible()).toBe(true);
    expect(await github().getByRole('button', { name: 'Replace token for GitHub' }).isVisible()).toBe(true);

    client = await connectClient(hub.mcpUrl, await createAndCopyKey(page, 'chat'));
    await callWorks();

    // Round 1: the link from the tool result, opened where the person is signed in.
    const link = await revokedCallLink();
    await goTo(page, 'Integrations');
    await waitFor(() => github().getByText(/^⚠ Needs reconnecting: /).isVisible()).toBe(true);
    await waitFor(() => github().getByRole('button', { name: 'Reconnect with GitHub' }).isVisible()).toBe(true);
    await screenshot(page, 'oauth-reconnect');
    await page.goto(link);
    await approveBackTo('/connect/github/done');
    expect(await page.getByText('You can go back to your chat').isVisible()).toBe(true);
    expect(issued).toHaveLength(2);
    await callWorks();

    // Round 2: the card's button, the same start as Connect.
    await revokedCallLink();
    await page.goto(`${hub.url}/integrations`);
    await waitFor(() => github().getByText(/^⚠ Needs reconnecting: /).isVisible()).toBe(true);
    await github().getByRole('button', { name: 'Reconnect with GitHub' }).click();
    await approveBackTo('/integrations?connected=github');
    await waitFor(connectedAsOcto).toBe(true);
    expect(await github().getByText(/Needs reconnecting/).count()).toBe(0);
    expect(issued).toHaveLength(3);
    await callWorks();

    // GitHub refuses the hub's own client credentials at the next renewal: no reconnect helps, the card says the operator fixes it.
    oauth.expireAccessTokens();
    oauth.answerNextTokenRequest(200, JSON.stringify({ error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.' }));
    const refused = await client!.callTool({ name: 'github__get_me', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/MCPHUB_OAUTH_GITHUB_CLIENT_(ID|SECRET)/);
    await page.goto(`${hub.url}/integrations`);
    await waitFor(() => github().getByText(/^⚠ Misconfigured: /).isVisible()).toBe(true);
    expect(await github().getByText("Its tools fail until the hub's operator fixes its OAuth app settings; reconnecting does not help.").isVisible()).toBe(true);
    expect(await github().getByRole('button', { name: 'Reconnect with GitHub' }).count()).toBe(0);
    expect(await github().getByRole('button', { name: 'Replace token for GitHub' }).isVisible()).toBe(true);

    await github().getByRole('button', { name: 'Disconnect GitHub' }).click();
    await github().getByRole('button', { name: 'Yes, disconnect GitHub' }).click();
    await waitFor(() => github().getByText("GitHub revoked MCP Hub's access").isVisible()).toBe(true);
    expect(oauth.revocations).toEqual([issued[2]]);
    await waitFor(() => github().getByText('Not connected').isVisible()).toBe(true);
  });

  it('offers "Reconnect with GitHub" on a token connection GitHub stopped accepting, which connects it with OAuth instead', async () => {
    api.tokens.set('ghp_pasted_token', FAKE_GITHUB_USER.login);
    await github().getByLabel('GitHub personal access token').fill('ghp_pasted_token');
    await github().getByRole('button', { name: 'Connect GitHub' }).click();
    await waitFor(connectedAsOcto).toBe(true);
    // Healthy and connected with a token: replacing the token is the way, no OAuth reconnect.
    expect(await github().getByRole('button', { name: 'Reconnect with GitHub' }).count()).toBe(0);

    api.tokens.delete('ghp_pasted_token');
    expect((await client!.callTool({ name: 'github__get_me', arguments: {} })).isError).toBe(true);
    await page.goto(`${hub.url}/integrations`);
    await waitFor(() => github().getByText(/^⚠ Needs reconnecting: /).isVisible()).toBe(true);
    await github().getByRole('button', { name: 'Reconnect with GitHub' }).click();
    await approveBackTo('/integrations?connected=github');
    await waitFor(() => github().getByText('Connected with OAuth').isVisible()).toBe(true);
    expect(issued).toHaveLength(4);
    await callWorks();
  });
});
