/**
 * Paying for a plan in Chromium, against an `npm start`-style hub process
 * whose billing points at the Stripe-shaped fake (in this test process; its
 * webhooks go to the hub's /webhooks/stripe over HTTP): a free user's AI
 * client hits the quota, the QUOTA_EXCEEDED message's link lands on the
 * Billing page, "Upgrade to Pro" goes to the fake's Checkout, "Subscribe"
 * returns to Billing, which shows the new plan and the paid invoice — and
 * the same running MCP session's next call works; the portal's cancel puts
 * the user back on Free; and this month's export, downloaded from the Usage
 * page, holds exactly the calls of this flow as the hub recorded them.
 * Screenshot billing.png.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, chromiumMissing, launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.ts';
import { connectGitHub, createAdminFromSetupLink, createAndCopyKey, downloadFrom, goTo, waitFor } from '../helpers/dashboard-flows.ts';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startFakeStripe, type FakeStripe } from '../helpers/fake-stripe.ts';
import { connectClient, type HubProcess } from '../helpers/hub-process.ts';
import { stripeEnv } from '../billing/stripe-hub.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const ROOMY = { callsPerMinute: 100_000, burst: 100_000 };
const GET_ME = { name: 'github__get_me', arguments: {} };
const textOf = (result: { content?: unknown }) => ((result.content as Array<{ text?: string }>)[0]?.text ?? '');

describe.skipIf(missing !== null)('Stripe billing in the browser', () => {
  let hub: HubProcess;
  let browser: TestBrowser;
  let page: Page;
  let stripe: FakeStripe;
  let github: FakeGitHub;
  let client: Client | undefined;
  const token = `ghp_${randomBytes(18).toString('hex')}`;

  beforeAll(async () => {
    stripe = startFakeStripe({ prices: { price_pro: { unitAmount: 1_900 }, price_team: { unitAmount: 9_900 }, price_overage: { unitAmount: 0, metered: true } } });
    github = startFakeGitHub();
    github.tokens.set(token, 'alice');
    let setupLink: string;
    [{ hub, setupLink }, browser] = await Promise.all([
      startDashboardHub({ ...stripeEnv(stripe), MCPHUB_GITHUB_API_URL: github.url, MCPHUB_PLANS: JSON.stringify([{ id: 'free', callsPerMonth: 1, ...ROOMY }, { id: 'pro', ...ROOMY }]) }),
      launchBrowser(),
    ]);
    stripe.setWebhookTarget(`${hub.url}/webhooks/stripe`);
    page = await browser.newPage(hub.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.url });
    await createAdminFromSetupLink(page, hub.url, setupLink);
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await browser?.close();
    await hub?.stop();
    await stripe?.close();
    await github?.close();
  });

  it('a free user over the quota follows the link, upgrades through Checkout, and the running session\'s next call works', async () => {
    await connectGitHub(page, token, 'alice');
    const key = await createAndCopyKey(page, 'laptop');
    client = await connectClient(hub.mcpUrl, key);
    expect((await client.callTool(GET_ME)).isError).toBeFalsy();
    const refused = await client.callTool(GET_ME);
    expect(refused.isError).toBe(true);
    const link = /Upgrade your plan at (\S+?)\.?$/.exec(textOf(refused))?.[1];
    expect(textOf(refused)).toMatch(/^QUOTA_EXCEEDED/);
    expect(link).toBe(`${hub.url}/billing`);

    await page.goto(link!);
    await waitFor(() => page.getByRole('heading', { level: 2, name: 'Subscription' }).isVisible()).toBe(true);
    await waitFor(() => page.getByText('No paid subscription.').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Upgrade to Pro' }).click();
    await page.waitForURL(`${stripe.url}/checkout/**`);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(`${hub.url}/billing?checkout=done**`);
    await waitFor(() => page.getByText('Payment received.', { exact: false }).isVisible()).toBe(true);
    await waitFor(() => page.getByText(/Stripe subscription: Pro, active/).isVisible()).toBe(true);
    await waitFor(() => page.getByRole('table', { name: 'Invoices' }).getByRole('row').filter({ hasText: '$19.00' }).filter({ hasText: 'paid' }).count()).toBe(1);
    await screenshot(page, 'billing');

    // The same session, no reconnect: within a second of the webhooks the plan is Pro.
    await expect.poll(async () => (await client!.callTool(GET_ME)).isError ?? false, { timeout: 2_000, interval: 100 }).toBe(false);
    expect(stripe.webhooks.deliveries.map((d) => [d.type, d.status])).toEqual([['checkout.session.completed', 200], ['customer.subscription.created', 200], ['invoice.paid', 200]]);
    expect(await alerts(page).allTextContents()).toEqual([]);
  });

  it('"Manage billing" opens the portal, whose "Cancel plan" puts the user back on Free', async () => {
    await page.getByRole('button', { name: 'Manage billing' }).click();
    await page.waitForURL(`${stripe.url}/portal/**`);
    await page.getByRole('button', { name: 'Cancel plan' }).click();
    await waitFor(() => page.getByText(/canceled/).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Return to MCP Hub' }).click();
    await page.waitForURL(`${hub.url}/billing`);
    await waitFor(() => page.getByText(/Stripe subscription: Pro, canceled/).isVisible()).toBe(true);
    await expect.poll(async () => textOf(await client!.callTool(GET_ME)), { timeout: 2_000, interval: 100 }).toMatch(/^QUOTA_EXCEEDED/);
    // Ended: Upgrade is offered again.
    expect(await page.getByRole('button', { name: 'Upgrade to Pro' }).isVisible()).toBe(true);
  });

  it("this month's export, downloaded from Usage, holds exactly the calls of this flow", async () => {
    await goTo(page, 'Usage');
    const month = new Date().toISOString().slice(0, 7);
    const file = await downloadFrom(page, `Download JSONL of ${month}`);
    const rows = file.text.trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string; tool: string; outcome: string; billable: boolean });
    // What the hub recorded, read from its data dir as the CLI would.
    const { user } = (await page.evaluate(() => fetch('/api/v1/session').then((r) => r.json()))) as { user: { id: string } };
    const store = openEmbeddedStore({ dataDir: hub.dataDir });
    const recorded = await store.listUsage({ userId: user.id, limit: 1_000 });
    await store.close();
    expect(rows.map((r) => r.id).sort()).toEqual(recorded.map((e) => e.id).sort());
    // The first call, the refusals that sent the user to Billing, and the calls that worked once on Pro.
    expect(rows.filter((r) => r.outcome === 'quota_exceeded').length).toBeGreaterThanOrEqual(2);
    expect(rows.filter((r) => r.outcome === 'ok' && r.billable).length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.tool === 'get_me')).toBe(true);
  });
});
