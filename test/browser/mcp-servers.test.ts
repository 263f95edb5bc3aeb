/**
 * The MCP servers page in Chromium against an `npm start`-style hub process
 * and a remote MCP server on 127.0.0.1 that wants a bearer token: an empty
 * list says how to start; a wrong token is refused in the form with the
 * server's words and nothing is added; the right one adds the server, whose
 * tools show with the names the client sees beside the server's own where
 * the hub renamed them; a real MCP client of the hub calls a renamed tool and
 * the server gets its own name; Remove (after a confirm) takes the tools away
 * from the client; replacing the credential checks it first; a server with its own OAuth is added by signing in
 * (the browser goes to the authorization server and comes back signed in).
 * Screenshot mcp-servers.png.
 */
import type { Client } from '@modelcontextprotocol/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { createAdminFromSetupLink } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startFakeAuthorizationServer, type FakeAuthorizationServer } from '../helpers/fake-authorization-server.ts';
import { bearerTokens, startFakeRemoteMcp, type FakeRemoteMcp } from '../helpers/fake-remote-mcp.ts';
import { connectClient, textOf, type HubProcess } from '../helpers/hub-process.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const ADMIN = 'admin@example.com';

describe.skipIf(missing !== null)('the MCP servers page in the browser', () => {
  let fake: FakeRemoteMcp;
  let as: FakeAuthorizationServer;
  let protectedServer: FakeRemoteMcp;
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;
  let client: Client;
  const toolNames = async () => (await client.listTools()).tools.map((tool) => tool.name);

  beforeAll(async () => {
    fake = startFakeRemoteMcp({ identify: bearerTokens({ 'tok-admin': 'admin', 'tok-rotated': 'admin-rotated' }) });
    as = startFakeAuthorizationServer('admin');
    protectedServer = startFakeRemoteMcp({
      identify: (headers) => as.ownerOf(/^Bearer (.+)$/.exec(headers.get('authorization') ?? '')?.[1] ?? ''),
      routes: (request, origin) => (new URL(request.url).pathname.startsWith('/.well-known/oauth-protected-resource') ? Response.json({ resource: `${origin}/mcp`, authorization_servers: [as.url] }) : null),
      challenge: (origin) => `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`,
    });
    let setupLink: string;
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub(), launchBrowser()]);
    page = await browser.newPage(hub.url);
    await createAdminFromSetupLink(page, hub.url, setupLink, ADMIN);
    const created = await hub.cli(['keys', 'create', '--user', ADMIN, '--name', 'browser-test', '--json']);
    if (created.code !== 0) throw new Error(created.stderr);
    client = await connectClient(hub.mcpUrl, (JSON.parse(created.stdout) as { key: string }).key, 'modern');
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'MCP servers' }).click();
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await browser?.close();
    await hub?.stop();
    await fake?.close();
    await protectedServer?.close();
    await as?.close();
  });

  it('refuses a wrong token in the form, then adds the server and shows its tools with the name mapping', async () => {
    await expect.poll(() => page.getByText('No MCP servers yet. Add one above with its URL.').isVisible()).toBe(true);
    const form = page.getByRole('form', { name: 'Add MCP server' });
    await form.getByLabel('Server URL').fill(fake.url);
    await form.getByLabel('Slug').fill('acme');
    await form.getByRole('radio', { name: 'Bearer token' }).check();
    await form.getByLabel('Token', { exact: true }).fill('wrong');
    await form.getByRole('button', { name: 'Add server' }).click();
    await expect.poll(() => alerts(page).allTextContents()).toEqual([expect.stringMatching(/refused the credential/)]);
    expect(await page.getByText('No MCP servers yet. Add one above with its URL.').isVisible()).toBe(true);

    await form.getByLabel('Token', { exact: true }).fill('tok-admin');
    await form.getByRole('button', { name: 'Add server' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Added acme with 11 tools' }).isVisible()).toBe(true);
    const tools = page.getByRole('table', { name: 'Tools of acme' });
    const row = tools.getByRole('row').filter({ hasText: 'search.docs' });
    expect(await row.getByRole('cell').first().textContent()).toMatch(/^acme__search_docs_[0-9a-f]{6}$/);
    expect(await tools.getByRole('row').filter({ hasText: 'acme__echo' }).getByRole('cell').nth(1).textContent()).toBe('same');
    expect(await page.getByRole('listitem', { name: 'acme' }).getByText('Working').isVisible()).toBe(true);
    await screenshot(page, 'mcp-servers');

    const wire = (await row.getByRole('cell').first().textContent())!;
    await expect.poll(toolNames).toContain(wire);
    expect(textOf(await client.callTool({ name: wire, arguments: { q: 'x' } }))).toBe('called search.docs');
    expect(fake.calls.map((call) => [call.caller, call.tool])).toEqual([['admin', 'search.docs']]);
  });

  it('replaces the credential: a token the server refuses is not stored, the next one is used from then on', async () => {
    await page.getByRole('button', { name: 'Replace the credential of acme' }).click();
    const form = page.getByRole('form', { name: 'New credential for acme' });
    await form.getByLabel('New token').fill('nope');
    await form.getByRole('button', { name: 'Save the new credential' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/refused the credential/);
    await form.getByLabel('New token').fill('tok-rotated');
    await form.getByRole('button', { name: 'Save the new credential' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved the new credential of acme' }).isVisible()).toBe(true);
    await expect.poll(async () => textOf(await client.callTool({ name: 'acme__echo', arguments: { message: 'now' } }))).toBe('now (for admin-rotated)');
  });

  it('removes the server after a confirm, and its tools leave the client', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Remove acme' }).click();
    await expect.poll(() => page.getByText('No MCP servers yet. Add one above with its URL.').isVisible()).toBe(true);
    await expect.poll(async () => (await toolNames()).some((name) => name.startsWith('acme__'))).toBe(false);
  });

  it('adds a server with its own OAuth by signing in at its authorization server', async () => {
    const form = page.getByRole('form', { name: 'Add MCP server' });
    await form.getByLabel('Server URL').fill(protectedServer.url);
    await form.getByLabel('Slug').fill('signed');
    await form.getByRole('radio', { name: 'Sign in with the server (OAuth)' }).check();
    await form.getByRole('button', { name: 'Sign in and add' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Signed in to signed' }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/mcp-servers');
    const card = page.getByRole('listitem', { name: 'signed' });
    // The notice comes from the address at once; the list loads after it.
    await expect.poll(() => card.getByText('Working').isVisible()).toBe(true);
    expect(await card.getByText(/credential: OAuth sign-in/).isVisible()).toBe(true);
    await expect.poll(toolNames).toContain('signed__echo');
    expect(textOf(await client.callTool({ name: 'signed__echo', arguments: { message: 'hi' } }))).toBe('hi (for admin)');
  });
});
