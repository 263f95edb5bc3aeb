/**
 * Members see only their own things, in Chromium against an `npm start`-style
 * hub process and a GitHub-shaped fake: the admin (from the setup link) has a
 * key, GitHub and a call; invites a member on People (the single-use link
 * shown once, copied); the member opens it in a fresh browser, sets a
 * password, signs in, creates a key and connects GitHub. Neither sees the
 * other's keys, integrations, logs or usage; the member has no People page
 * and GET /api/v1/users answers them 403; the link does not work twice.
 */
import type { Client } from '@modelcontextprotocol/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { clipboard, connectGitHub, createAdminFromSetupLink, createAndCopyKey, goTo, nav, rowTexts, waitFor } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, textOf, type HubProcess } from '../helpers/hub-process.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const ADMIN_TOKEN = 'ghp_adminToken00000000000000000000000001';
const MEMBER_TOKEN = 'ghp_memberToken0000000000000000000000001';
const MEMBER_EMAIL = 'member@example.com';
const MEMBER_PASSWORD = 'member passphrase of mine';

describe.skipIf(missing !== null)('members see only their own things, in the browser', () => {
  let fake: FakeGitHub;
  let hub: HubProcess;
  let browser: TestBrowser;
  let admin: Page;
  let member: Page;
  let inviteLink: string;
  let adminKey: string;
  let memberKey: string;
  const clients: Client[] = [];

  /** A tool call over /mcp with `key`, as any MCP client makes it; answers what the model would read. */
  const call = async (key: string, name: string, args: Record<string, unknown>): Promise<string> => {
    const client = await connectClient(hub.mcpUrl, key);
    clients.push(client);
    const result = await client.callTool({ name, arguments: args });
    expect(result.isError, textOf(result)).toBeFalsy();
    return JSON.stringify(result.structuredContent);
  };

  const freshPage = async () => {
    const page = await browser.newPage(hub.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.url });
    return page;
  };

  beforeAll(async () => {
    fake = startFakeGitHub();
    fake.tokens.set(ADMIN_TOKEN, 'octo-admin');
    fake.tokens.set(MEMBER_TOKEN, 'octo-member');
    let setupLink: string;
    [{ hub, setupLink }, browser] = await Promise.all([startDashboardHub({ MCPHUB_GITHUB_API_URL: fake.url }), launchBrowser()]);
    admin = await freshPage();
    await createAdminFromSetupLink(admin, hub.url, setupLink);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => {})));
    await browser?.close();
    await hub?.stop();
    await fake?.close();
  });

  it('the admin has a key, GitHub connected and a call of their own', async () => {
    adminKey = await createAndCopyKey(admin, 'admin-laptop');
    await connectGitHub(admin, ADMIN_TOKEN, 'octo-admin');
    expect(await call(adminKey, 'github__get_me', {})).toContain('"login":"octo-admin"');
  });

  it('the admin invites a member on People: the single-use link is shown once, with a copy button and its expiry; the list shows each user with their role', async () => {
    await goTo(admin, 'People');
    await waitFor(() => rowTexts(admin, 'People on this hub')).toEqual([expect.stringContaining('Email |'), expect.stringMatching(/^admin@example\.com \| Ada Admin \| admin \| /)]);
    await admin.getByLabel('Email to invite').fill(MEMBER_EMAIL);
    await admin.getByLabel('Role').selectOption('member');
    await admin.getByRole('button', { name: 'Create invite link' }).click();

    const shown = admin.getByRole('textbox', { name: 'The invite link' });
    await waitFor(() => shown.isVisible()).toBe(true);
    inviteLink = await shown.inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${hub.url}/invite\\?token=`));
    const notice = admin.getByRole('region', { name: `Invite for ${MEMBER_EMAIL} (member)` });
    expect(await notice.textContent()).toMatch(/It works once, until .+, and is shown only now\./);
    await admin.getByRole('button', { name: 'Copy the invite link' }).click();
    await waitFor(() => admin.getByText('Copied', { exact: true }).isVisible()).toBe(true);
    expect(await clipboard(admin)).toBe(inviteLink);
    expect(await alerts(admin).allTextContents()).toEqual([]);
    expect(await admin.getByLabel('Email to invite').inputValue()).toBe('');
    await screenshot(admin, 'people');

    // Someone who already has an account is refused with the API's reason, and the link shown stays.
    await admin.getByLabel('Email to invite').fill('admin@example.com');
    await admin.getByRole('button', { name: 'Create invite link' }).click();
    await waitFor(() => alerts(admin).allTextContents()).toEqual(['admin@example.com already has an account here.']);
    expect(await shown.inputValue()).toBe(inviteLink);

    // Shown once: the hub keeps only the link's hash, so the page cannot show it again.
    await admin.reload();
    await waitFor(() => admin.getByRole('table', { name: 'People on this hub' }).isVisible()).toBe(true);
    expect(await shown.count()).toBe(0);
  });

  it('the member opens the link in a fresh browser, sets a password and signs in; they have no People page, and GET /api/v1/users answers 403', async () => {
    member = await freshPage();
    await member.goto(inviteLink);
    await waitFor(() => member.getByRole('heading', { name: 'You are invited' }).isVisible()).toBe(true);
    await member.getByLabel('Name').fill('Mo Member');
    await member.getByLabel('Password').fill(MEMBER_PASSWORD);
    await member.getByRole('button', { name: 'Accept the invite' }).click();
    await member.waitForURL(`${hub.url}/integrations`);

    // Signing out and in again with the password just set.
    await nav(member).getByRole('button', { name: 'Sign out' }).click();
    await member.waitForURL(`${hub.url}/sign-in`);
    await member.getByLabel('Email').fill(MEMBER_EMAIL);
    await member.getByLabel('Password').fill(MEMBER_PASSWORD);
    await member.getByRole('button', { name: 'Sign in' }).click();
    await member.waitForURL(`${hub.url}/integrations`);
    await waitFor(() => nav(member).getByText(`Signed in as ${MEMBER_EMAIL}`).isVisible()).toBe(true);

    // The nav has read the role by now (the same answer that names who is signed in): no People for a member, People for the admin.
    expect(await nav(member).getByRole('link').allTextContents()).toEqual(['Integrations', 'MCP servers', 'Connect your client', 'API keys', 'Toolsets', 'Usage', 'Billing', 'Logs', 'Account']);
    expect(await nav(admin).getByRole('link', { name: 'People' }).count()).toBe(1);
    await member.goto(`${hub.url}/people`);
    await waitFor(() => alerts(member).allTextContents()).toEqual([expect.stringContaining('Only an admin')]);
    expect(await member.getByLabel('Email to invite').count()).toBe(0);
    expect(await member.getByRole('table').count()).toBe(0);
    const users = await member.evaluate(async () => {
      const response = await fetch('/api/v1/users');
      return { status: response.status, body: await response.text() };
    });
    expect(users.status).toBe(403);
    expect(users.body).not.toContain('admin@example.com');
  });

  it("the member creates a key and connects GitHub, starting from nothing: none of the admin's key, connection, calls or usage", async () => {
    await goTo(member, 'Integrations');
    const github = member.getByRole('listitem').filter({ has: member.getByRole('heading', { name: 'GitHub' }) });
    await waitFor(() => github.getByRole('status').textContent()).toBe('Not connected');
    await goTo(member, 'API keys');
    await waitFor(() => member.getByText('No keys yet.').isVisible()).toBe(true);
    await goTo(member, 'Logs');
    await waitFor(() => member.getByText('No calls yet.').isVisible()).toBe(true);
    await goTo(member, 'Usage');
    await waitFor(() => member.getByText('No calls yet.').isVisible()).toBe(true);

    memberKey = await createAndCopyKey(member, 'member-phone');
    expect(await rowTexts(member, 'Your API keys')).toEqual([expect.stringContaining('Name |'), expect.stringMatching(/^member-phone \| /)]);
    await connectGitHub(member, MEMBER_TOKEN, 'octo-member');
    expect(await call(memberKey, 'github__get_repository', { owner: 'octo', repo: 'hello' })).toContain('"fullName":"octo/hello"');
    // The member's call went to GitHub with the member's token, never the admin's.
    expect(fake.requests.filter((request) => request.path === '/repos/octo/hello').map((request) => request.token)).toEqual([MEMBER_TOKEN]);

    await goTo(member, 'Logs');
    await waitFor(() => rowTexts(member, 'Calls, newest first')).toEqual([expect.stringContaining('Tool |'), expect.stringMatching(/^[^|]+ \| [^|]+ \| [^|]+ \| github\/get_repository \| /)]);
    await goTo(member, 'Usage');
    await waitFor(() => rowTexts(member, 'Calls per tool')).toEqual([expect.stringContaining('Tool |'), expect.stringMatching(/^github\/get_repository \| 1 \| /)]);
    expect(await member.locator('main').textContent()).not.toContain('get_me');
  });

  it("the admin sees none of the member's things, and their own GitHub still answers as the admin; People lists the member", async () => {
    await goTo(admin, 'API keys');
    await waitFor(() => rowTexts(admin, 'Your API keys')).toEqual([expect.stringContaining('Name |'), expect.stringMatching(/^admin-laptop \| /)]);
    await goTo(admin, 'Logs');
    await waitFor(() => rowTexts(admin, 'Calls, newest first')).toEqual([expect.stringContaining('Tool |'), expect.stringMatching(/^[^|]+ \| [^|]+ \| [^|]+ \| github\/get_me \| /)]);
    await goTo(admin, 'Usage');
    await waitFor(() => rowTexts(admin, 'Calls per tool')).toEqual([expect.stringContaining('Tool |'), expect.stringMatching(/^github\/get_me \| 1 \| /)]);
    expect(await admin.locator('main').textContent()).not.toContain('get_repository');
    await goTo(admin, 'Integrations');
    const github = admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: 'GitHub' }) });
    await waitFor(() => github.getByRole('status').textContent()).toBe('Connected as octo-admin');
    expect(await admin.locator('main').textContent()).not.toContain('octo-member');
    expect(await call(adminKey, 'github__get_me', {})).toContain('"login":"octo-admin"');

    await goTo(admin, 'People');
    await waitFor(() => rowTexts(admin, 'People on this hub')).toEqual([
      expect.stringContaining('Email |'),
      expect.stringMatching(/^admin@example\.com \| Ada Admin \| admin \| /),
      expect.stringMatching(/^member@example\.com \| Mo Member \| member \| /),
    ]);
  });

  it('the invite link works once: opened again, accepting says it was used, and creates nobody', async () => {
    const again = await freshPage();
    await again.goto(inviteLink);
    await again.getByLabel('Password').fill('someone else entirely');
    await again.getByRole('button', { name: 'Accept the invite' }).click();
    await waitFor(() => alerts(again).allTextContents()).toEqual([expect.stringContaining('already used')]);
    expect(again.url()).toBe(inviteLink);
    // The member's password still signs in, and nobody new appeared.
    const signIn = await again.evaluate(
      async ([email, password]) => (await fetch('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).status,
      [MEMBER_EMAIL, MEMBER_PASSWORD] as const,
    );
    expect(signIn).toBe(200);
    await admin.reload();
    await waitFor(() => rowTexts(admin, 'People on this hub').then((rows) => rows.length)).toBe(3);
  });
});
