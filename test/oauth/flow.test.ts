/**
 * OAuth connect through the whole hub, in this process: the Integrations
 * page's start (POST /api/v1/integrations/<slug>/oauth with the session's
 * CSRF header, or the GET /oauth/<slug>/start link) → the provider fake's Approve → the hub's callback with the
 * browser's cookie → one sealed connection. Then every refusal the callback
 * page explains, and disconnect revoking at the provider.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSealer, credentialContext } from '../../lib/crypto/seal.ts';
import { decodeCredential, type OAuthCredential } from '../../lib/oauth/credential.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import { createSignedIn, type Browser } from '../api/helpers.ts';
import { startFakeGitHubOAuth, FAKE_GITHUB_USER } from '../helpers/fake-oauth/github.ts';
import { FAKE_LINEAR_ACCOUNT, startFakeLinearOAuth } from '../helpers/fake-oauth/linear.ts';
import { FAKE_NOTION_ACCOUNT, startFakeNotionOAuth } from '../helpers/fake-oauth/notion.ts';
import { FAKE_SLACK_ACCOUNT, startFakeSlackOAuth } from '../helpers/fake-oauth/slack.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { NO_PLAN_LIMITS } from '../helpers/plans.ts';
import { oauthEnvOf } from '../helpers/oauth-flow.ts';

const fakes = { github: startFakeGitHubOAuth(), linear: startFakeLinearOAuth(), notion: startFakeNotionOAuth(), slack: startFakeSlackOAuth() };
type Slug = keyof typeof fakes;
const LABELS: Record<Slug, string> = {
  github: FAKE_GITHUB_USER.login,
  linear: `${FAKE_LINEAR_ACCOUNT.viewer.name} in ${FAKE_LINEAR_ACCOUNT.organization.name}`,
  notion: `${FAKE_NOTION_ACCOUNT.owner.name} in ${FAKE_NOTION_ACCOUNT.workspaceName}`,
  slack: FAKE_SLACK_ACCOUNT.team.name,
};

const storeDir = mkdtempSync(join(tmpdir(), 'mcphub-oauth-flow-'));
let hub: InProcessHub;
let alice: Browser;
let bob: Browser;

beforeAll(async () => {
  const env = Object.assign({}, ...Object.entries(fakes).map(([slug, fake]) => oauthEnvOf(slug, fake)));
  // Alice connects all four providers, more than the free plan's three: these tests are about OAuth, not plans.
  hub = await startInProcessHub({ env: { ...env, ...NO_PLAN_LIMITS }, store: openEmbeddedStore({ dataDir: storeDir, pollIntervalMs: 20 }), logLevel: 'warn' });
  alice = await createSignedIn(hub, 'alice@example.com');
  bob = await createSignedIn(hub, 'bob@example.com');
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await hub.close();
  await Promise.all(Object.values(fakes).map((fake) => fake.close()));
  rmSync(storeDir, { recursive: true, force: true });
});

async function start(browser: Browser, slug: string, body: unknown = {}): Promise<URL> {
  const response = await browser.api(`/integrations/${slug}/oauth`, { method: 'POST', body });
  expect(response.status, await response.clone().text()).toBe(200);
  return new URL(((await response.json()) as { url: string }).url);
}
const callback = (location: string, browser: Browser | null) => hub.request(new Request(location, { headers: browser ? { cookie: browser.cookie } : {}, redirect: 'manual' }));
const integrationOf = async (browser: Browser, slug: string) =>
  ((await (await browser.api('/integrations?limit=100')).json()) as { items: { slug: string; status: string; account: string | null; via: string | null; oauth: { available: boolean; missing?: string } }[] }).items.find((i) => i.slug === slug)!;
async function storedRecord(userId: string, slug: string): Promise<OAuthCredential> {
  const connection = (await hub.hub.store.listConnections(userId)).find((c) => c.slug === slug && c.enabled)!;
  const record = decodeCredential(createSealer(hub.config.encryptionKey).open(connection.sealedCredential, credentialContext(userId, slug)));
  if (record.kind !== 'oauth') throw new Error('not an OAuth record');
  return record;
}
async function expectPage(response: Response, status: number, text: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('text/html');
  const page = await response.text();
  expect(page).toMatch(text);
  expect(page).toContain('href="/integrations"');
  return page;
}

describe.each(Object.keys(fakes) as Slug[])('%s', (slug) => {
  it('connects: Approve lands back on Integrations, one sealed OAuth record names the account, and no token is in the data dir in clear', async () => {
    const url = await start(alice, slug);
    expect(url.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:8787/oauth/${slug}/callback`);
    // PKCE S256 wherever the provider has it (Notion documents none).
    expect(url.searchParams.get('code_challenge_method')).toBe(slug === 'notion' ? null : 'S256');
    const answer = await callback(await fakes[slug].approve(url.href), alice);
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(`/integrations?connected=${slug}`);
    expect(await integrationOf(alice, slug)).toMatchObject({ status: 'connected', account: LABELS[slug], via: 'oauth', oauth: { available: true } });
    const record = await storedRecord(alice.userId, slug);
    expect(record.account.label).toBe(LABELS[slug]);
    const secrets = [record.accessToken, ...(record.refreshToken ? [record.refreshToken] : [])];
    const files = readdirSync(storeDir).map((name) => readFileSync(join(storeDir, name)).toString('latin1'));
    expect(files.length).toBeGreaterThan(0);
    for (const secret of secrets) for (const file of files) expect(file.includes(secret)).toBe(false);
    expect(hub.logs.some((line) => secrets.some((secret) => JSON.stringify(line).includes(secret)))).toBe(false);
  });
});

describe('refusals', () => {
  it('a replayed callback is refused with a page, and the connection from the first one stands', async () => {
    const location = await fakes.github.approve((await start(alice, 'github')).href);
    expect((await callback(location, alice)).status).toBe(302);
    const page = await expectPage(await callback(location, alice), 400, /already used or was never issued/);
    expect(page).not.toContain(new URL(location).searchParams.get('code')!);
    expect((await integrationOf(alice, 'github')).status).toBe('connected');
  });

  it('an expired flow is refused', async () => {
    const location = await fakes.linear.approve((await start(bob, 'linear')).href);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 11 * 60_000);
    await expectPage(await callback(location, bob), 400, /expired/);
  });

  it("another person's browser cannot finish someone's connect, and nothing is stored for them", async () => {
    const location = await fakes.slack.approve((await start(bob, 'slack')).href);
    await expectPage(await callback(location, alice), 400, /started by another account/);
    expect((await integrationOf(bob, 'slack')).status).toBe('not_connected');
  });

  it('signed out, the callback says to sign in and start again', async () => {
    const location = await fakes.github.approve((await start(bob, 'github')).href);
    await expectPage(await callback(location, null), 400, /Sign in first/);
  });

  it("Deny comes back as the provider's refusal in words", async () => {
    const location = await fakes.github.deny((await start(bob, 'github')).href);
    await expectPage(await callback(location, bob), 400, /GitHub access was not granted/);
    expect((await integrationOf(bob, 'github')).status).toBe('not_connected');
  });

  it("the fake checks the PKCE verifier: a code delivered with another flow's state (so its verifier) is refused", async () => {
    const first = new URL(await fakes.github.approve((await start(bob, 'github')).href));
    const other = await start(bob, 'github');
    first.searchParams.set('state', other.searchParams.get('state')!);
    await expectPage(await callback(first.href, bob), 400, /GitHub was not connected/);
    expect((await integrationOf(bob, 'github')).status).toBe('not_connected');
  });

  it('returnTo must be a path on the hub', async () => {
    const response = await bob.api('/integrations/github/oauth', { method: 'POST', body: { returnTo: '//evil.example/' } });
    expect(response.status).toBe(422);
    expect((await response.json()) as unknown).toMatchObject({ error: { message: expect.stringContaining('path on this hub') } });
  });

  it('starting needs the CSRF header', async () => {
    expect((await bob.api('/integrations/github/oauth', { method: 'POST', body: {}, csrf: false })).status).toBe(403);
  });
});

describe('GET /oauth/<slug>/start, a plain link', () => {
  const startLink = (headers: Record<string, string>, query = '') => hub.request(new Request(`http://127.0.0.1:8787/oauth/github/start${query}`, { headers, redirect: 'manual' }));

  it("from this hub's own page it goes to the provider, and the flow it starts connects and returns where asked", async () => {
    const started = await startLink({ cookie: bob.cookie, 'sec-fetch-site': 'same-origin' }, '?returnTo=%2Fintegrations%3Fvia%3Dlink');
    expect(started.status).toBe(302);
    const authorize = new URL(started.headers.get('location')!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const answer = await callback(await fakes.github.approve(authorize.href), bob);
    expect(answer.headers.get('location')).toBe('/integrations?via=link');
    expect(await integrationOf(bob, 'github')).toMatchObject({ status: 'connected', via: 'oauth' });
  });

  it('a navigation from another site is refused with a page, and starts nothing', async () => {
    await expectPage(await startLink({ cookie: bob.cookie, 'sec-fetch-site': 'cross-site' }), 403, /Another site sent you here/);
  });

  it('signed out, it says to sign in first', async () => {
    await expectPage(await startLink({ 'sec-fetch-site': 'same-origin' }), 401, /not signed in/);
  });

  it('a returnTo off the hub is refused', async () => {
    await expectPage(await startLink({ cookie: bob.cookie, 'sec-fetch-site': 'same-origin' }, '?returnTo=%2F%2Fevil.example.com'), 400, /returnTo must be a path/);
  });
});

describe('disconnect', () => {
  it('revokes at the provider, then deletes', async () => {
    await callback(await fakes.notion.approve((await start(bob, 'notion')).href), bob);
    const { accessToken } = await storedRecord(bob.userId, 'notion');
    const response = await bob.api('/integrations/notion', { method: 'DELETE' });
    expect(await response.json()).toEqual({ disabled: true, revoke: { status: 'revoked' } });
    expect(fakes.notion.revocations).toContain(accessToken);
    expect((await integrationOf(bob, 'notion')).status).toBe('not_connected');
  });

  it('a failed revoke still deletes locally, says so and is in the audit log', async () => {
    const fake = startFakeGitHubOAuth({ clientId: fakes.github.clientId, clientSecret: fakes.github.clientSecret });
    const own = await startInProcessHub({ env: oauthEnvOf('github', fake), logLevel: 'warn' });
    try {
      const carol = await createSignedIn(own, 'carol@example.com');
      const url = new URL((await (await carol.api('/integrations/github/oauth', { method: 'POST', body: {} })).json() as { url: string }).url);
      expect((await own.request(new Request(await fake.approve(url.href), { headers: { cookie: carol.cookie }, redirect: 'manual' }))).status).toBe(302);
      await fake.close();
      const answer = (await (await carol.api('/integrations/github', { method: 'DELETE' })).json()) as { disabled: boolean; revoke: { status: string; message?: string } };
      expect(answer).toMatchObject({ disabled: true, revoke: { status: 'failed', message: expect.stringMatching(/^Disconnected in MCP Hub, but the grant is not revoked at GitHub: /) } });
      expect((await own.hub.store.listConnections(carol.userId)).some((c) => c.enabled)).toBe(false);
      expect((await own.hub.store.listAudit(carol.userId))[0]).toMatchObject({ action: 'integration.disable.revoke_failed', target: 'github' });
    } finally {
      await own.close();
    }
  });
});

describe('the public URL', () => {
  it('MCPHUB_PUBLIC_URL is where callbacks live, and returnTo is kept', async () => {
    const behind = await startInProcessHub({ env: { ...oauthEnvOf('github', fakes.github), MCPHUB_PUBLIC_URL: 'https://hub.example.com/' }, logLevel: 'warn' });
    try {
      const erin = await createSignedIn(behind, 'erin@example.com');
      const started = (await (await erin.api('/integrations/github/oauth', { method: 'POST', body: { returnTo: '/connect/done' } })).json()) as { url: string };
      const url = new URL(started.url);
      expect(url.searchParams.get('redirect_uri')).toBe('https://hub.example.com/oauth/github/callback');
      // The browser comes back to the public URL; the hub behind it sees the same path and query.
      const back = new URL(await fakes.github.approve(url.href));
      const answer = await behind.request(new Request(`http://127.0.0.1:8787${back.pathname}${back.search}`, { headers: { cookie: erin.cookie }, redirect: 'manual' }));
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe('/connect/done');
    } finally {
      await behind.close();
    }
  });
});

describe('a provider without configuration', () => {
  it('offers token connect only: the list and the start name what the operator sets', async () => {
    const bare = await startInProcessHub({ env: oauthEnvOf('github', fakes.github), logLevel: 'warn' });
    try {
      const dave = await createSignedIn(bare, 'dave@example.com');
      const items = ((await (await dave.api('/integrations?limit=100')).json()) as { items: { slug: string; oauth: unknown }[] }).items;
      expect(items.find((i) => i.slug === 'notion')!.oauth).toEqual({ available: false, missing: 'MCPHUB_OAUTH_NOTION_CLIENT_ID and MCPHUB_OAUTH_NOTION_CLIENT_SECRET' });
      expect(items.find((i) => i.slug === 'github')!.oauth).toEqual({ available: true });
      const refused = await dave.api('/integrations/notion/oauth', { method: 'POST', body: {} });
      expect(refused.status).toBe(422);
      expect(JSON.stringify(await refused.json())).toContain('the operator sets MCPHUB_OAUTH_NOTION_CLIENT_ID and MCPHUB_OAUTH_NOTION_CLIENT_SECRET');
    } finally {
      await bare.close();
    }
  });
});
