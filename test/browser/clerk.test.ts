/**
 * The dashboard signed in through Clerk, offline, in Chromium: a hub process
 * with Clerk's keys (a fake development instance's publishable key, the JWT
 * key of a local key pair) and a locally signed session token as Clerk's
 * `__session` cookie, which Clerk's middleware (proxy.ts) and the hub's
 * /api/v1 both check networkless. clerk-js cannot load here, so Clerk's own
 * UI never renders: the tests assert the pages' content, not Clerk's widgets.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, chromiumMissing, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { CLERK_JWT_KEY, CLERK_PUBLISHABLE_KEY, clerkToken } from '../helpers/clerk-token.ts';
import { startDashboardProcess } from '../helpers/dashboard-hub.ts';
import { mcpStatus, type HubProcess } from '../helpers/hub-process.ts';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== null)('the dashboard signed in through Clerk', () => {
  let hub: HubProcess;
  let browser: TestBrowser;

  /**
   * A fresh browser context that has met Clerk: a development instance first
   * sends a new browser to Clerk for its dev browser token (`__clerk_db_jwt`;
   * a redirect that cannot resolve offline), so every context starts with one.
   */
  const clerkPage = async (): Promise<Page> => {
    const page = await browser.newPage(hub.url);
    await page.context().addCookies([{ name: '__clerk_db_jwt', value: 'dvb_test', url: hub.url }]);
    return page;
  };
  /** `clerkPage` holding the cookies Clerk's sign-in leaves for `sub`: the session token and when the client last changed. */
  const signedInPage = async (sub: string, email: string): Promise<Page> => {
    const page = await clerkPage();
    const now = Math.floor(Date.now() / 1000);
    const session = clerkToken({ sub, sid: `sess_${sub}`, email, azp: hub.url, iat: now, exp: now + 600 });
    await page.context().addCookies([
      { name: '__session', value: session, url: hub.url },
      { name: '__client_uat', value: String(now), url: hub.url },
    ]);
    return page;
  };
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Dashboard' });
  /** Opens `path` and waits until its heading shows and nothing is loading; no alert may be left. */
  const open = async (page: Page, path: string, heading: string) => {
    await page.goto(path);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: heading }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Loading/ }).count()).toBe(0);
    expect(await alerts(page).allTextContents(), path).toEqual([]);
  };
  beforeAll(async () => {
    [hub, browser] = await Promise.all([
      startDashboardProcess({ CLERK_JWT_KEY, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY: 'sk_test_offline' }),
      launchBrowser(),
    ]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('prints no setup link: the first Clerk sign-in makes the admin', () => {
    expect(hub.stdout()).not.toContain('/setup?token=');
  });

  it("the first Clerk user's pages show their own data, and a key made on the keys page (the CSRF path) works on /mcp", async () => {
    const page = await signedInPage('user_ada', 'ada@example.com');
    await open(page, '/integrations', 'Integrations');
    await expect.poll(() => nav(page).getByText('Signed in as ada@example.com').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('heading', { name: 'GitHub' }).isVisible()).toBe(true);

    await open(page, '/keys', 'API keys');
    await expect.poll(() => page.getByText('No keys yet.').isVisible()).toBe(true);
    await page.getByLabel('Key name').fill('laptop');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByRole('textbox', { name: 'The new key' });
    await expect.poll(() => shown.isVisible()).toBe(true);
    const key = await shown.inputValue();
    expect(key).toMatch(/^mcp_sk_/);
    await expect.poll(() => page.getByRole('table', { name: 'Your API keys' }).getByRole('row').filter({ hasText: 'laptop' }).count()).toBe(1);
    expect(await mcpStatus(hub.mcpUrl, key)).toBe(200);

    await open(page, '/usage', 'Usage');
    await open(page, '/logs', 'Logs');
    await open(page, '/account', 'Account');
    const profile = page.getByRole('region', { name: 'Profile' });
    await expect.poll(() => profile.getByText('ada@example.com', { exact: true }).isVisible()).toBe(true);
    expect(await profile.getByText('admin', { exact: true }).isVisible()).toBe(true);
    // Clerk keeps the sessions: the hub's list of them (empty here) and its Sign out everywhere are not offered.
    expect(await page.getByRole('region', { name: 'Signed-in browsers' }).textContent()).toContain('You sign in with Clerk');
    expect(await page.getByRole('button', { name: 'Sign out everywhere' }).count()).toBe(0);
  });

  it("a second Clerk user is a member and sees none of the first user's keys", async () => {
    const page = await signedInPage('user_bob', 'bob@example.com');
    await open(page, '/keys', 'API keys');
    await expect.poll(() => nav(page).getByText('Signed in as bob@example.com').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('No keys yet.').isVisible()).toBe(true);
    await open(page, '/account', 'Account');
    await expect.poll(() => page.getByRole('region', { name: 'Profile' }).getByText('member', { exact: true }).isVisible()).toBe(true);
  });

  it("without a Clerk session, Clerk's middleware sends a dashboard page to the sign-in page, and the local-account links point there", async () => {
    // The server's answer, not the page's own redirect once /api/v1 says 401: a token signed by another key counts as none.
    // Its client changed before the token was made (a token older than `__client_uat` would send Clerk's middleware to Clerk for a fresh one).
    const now = Math.floor(Date.now() / 1000);
    const stranger = clerkToken({ sub: 'user_eve', sid: 'sess_eve', email: 'eve@example.com', iat: now }, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    for (const cookie of ['__clerk_db_jwt=dvb_test', `__clerk_db_jwt=dvb_test; __session=${stranger}; __client_uat=${now - 60}`]) {
      const answer = await fetch(`${hub.url}/integrations`, { redirect: 'manual', headers: { cookie, accept: 'text/html', 'sec-fetch-dest': 'document' } });
      await answer.body?.cancel();
      const why = `${answer.headers.get('x-clerk-auth-status')}: ${answer.headers.get('x-clerk-auth-reason')}`;
      expect(answer.status, why).toBe(307);
      expect(new URL(answer.headers.get('location')!, hub.url).pathname, why).toBe('/sign-in');
    }
    const page = await clerkPage();
    await page.goto('/integrations');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Sign in' }).isVisible()).toBe(true);
    // Clerk's sign-in, not the local form (whose fields need clerk-js to appear in Clerk's case).
    expect(await page.getByRole('region', { name: 'Sign in with Clerk' }).count()).toBe(1);
    expect(await page.getByLabel('Password').count()).toBe(0);

    await page.goto('/setup?token=anything');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: "Sign-in is Clerk's" }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
  });
});
