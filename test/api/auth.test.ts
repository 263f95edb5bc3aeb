/**
 * /api/v1 sessions and links, in-process: the session cookie (HttpOnly,
 * SameSite=Lax, Secure over https), CSRF refusal on every mutating route of
 * the route table (a new route without the check fails here), sign-in
 * throttling, sign-out, session expiry, admin-only invites, single-use
 * setup, invite and reset links, and the account's sessions and deletion.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../lib/api/index.ts';
import { generateToken, SESSION_TOKEN_PREFIX } from '../../lib/crypto/session-tokens.ts';
import { createLogger } from '../../lib/log.ts';
import { remoteHints } from '../../lib/server/hints.ts';
import { ensureSetupLink, resetLink } from '../../lib/services/accounts.ts';
import { createSignInThrottle } from '../../lib/services/sign-in-throttle.ts';
import { IN_PROCESS_ORIGIN, startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { createServiceDeps } from '../helpers/service-deps.ts';
import { PASSWORD, apiRequest, browserOf, createSignedIn, sessionCookieOf, signIn, type Browser } from './helpers.ts';

let hub: InProcessHub;
let admin: Browser;
let member: Browser;

beforeAll(async () => {
  hub = await startInProcessHub();
  admin = await createSignedIn(hub, 'admin@example.com', 'admin');
  member = await createSignedIn(hub, 'member@example.com', 'member');
});
afterAll(() => hub.close());

const json = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
type ErrorJson = { error: { code: string; message: string } };
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

/** Routes that start from no session: their proof (a password, a link's token) is in the body. */
const PRE_SESSION = new Set(['POST /api/v1/session', 'POST /api/v1/setup', 'POST /api/v1/invites/accept', 'POST /api/v1/password-reset']);

describe('CSRF', () => {
  const { store, ...services } = createServiceDeps();
  const routes = createApi({ services: { store, ...services }, logger: createLogger({ level: 'silent' }), throttle: createSignInThrottle() })
    .routes.filter((route) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method))
    .map((route) => `${route.method} ${route.path}`);
  afterAll(() => store.close());

  it('the route table has mutating routes, and the pre-session ones are all in it', () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const route of PRE_SESSION) expect(routes).toContain(route);
  });

  it.each(routes.filter((route) => !PRE_SESSION.has(route)))('%s without the x-csrf-token of the session is 403, and with a wrong one too', async (route) => {
    const [method, path] = route.split(' ') as [string, string];
    const concrete = path.replace('/api/v1', '').replace(':slug', 'github').replace(':id', 'some_id');
    // A browser of its own, so a route that wrongly acts (signs out, say) fails only its own case.
    const browser = await signIn(hub, 'admin@example.com');
    for (const csrf of [false, 'not-the-token', member.csrf] as const) {
      const refused = await browser.api(concrete, { method, body: {}, csrf });
      expect(refused.status).toBe(403);
      expect((await json<ErrorJson>(refused)).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('x-csrf-token') });
    }
    // Nothing happened: the browser is still signed in and the admin still exists.
    expect((await browser.api('/session')).status).toBe(200);
  });
});

describe('session', () => {
  it('signs in with a cookie that is HttpOnly, SameSite=Lax, Path=/, Secure only over https; GET /session gives user, role and csrf', async () => {
    const response = await apiRequest(hub, '/session', { method: 'POST', body: { email: 'member@example.com', password: PASSWORD } });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('mcphub_session='))!;
    expect(cookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax$/);
    const body = await json<{ user: { email: string; role: string }; csrfToken: string }>(response);
    expect(body).toMatchObject({ user: { email: 'member@example.com', role: 'member' }, csrfToken: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain(cookie.split(';')[0]!.split('=')[1]);
    const https = await hub.request(new Request('https://127.0.0.1:8787/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'member@example.com', password: PASSWORD }) }));
    expect(https.headers.getSetCookie().find((c) => c.startsWith('mcphub_session='))).toMatch(/; Secure$/);
  });

  it('refuses a wrong password without saying whether the email exists, and throttles with 429 and Retry-After', async () => {
    await hub.hub.store.createUser({ email: 'guessed@example.com', passwordHash: await Bun.password.hash(PASSWORD), actor: 'test' });
    const wrong = await json<ErrorJson>(await apiRequest(hub, '/session', { method: 'POST', body: { email: 'guessed@example.com', password: 'wrong password!' } }));
    const unknown = await json<ErrorJson>(await apiRequest(hub, '/session', { method: 'POST', body: { email: 'nobody@example.com', password: 'wrong password!' } }));
    expect(wrong).toEqual(unknown);
    expect(wrong.error.code).toBe('unauthenticated');
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) last = await apiRequest(hub, '/session', { method: 'POST', body: { email: 'guessed@example.com', password: 'wrong password!' } });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    const right = await apiRequest(hub, '/session', { method: 'POST', body: { email: 'guessed@example.com', password: PASSWORD } });
    expect(right.status).toBe(429);
  });

  it('names the field for a malformed sign-in (400) and never echoes the password', async () => {
    const response = await apiRequest(hub, '/session', { method: 'POST', body: { email: 'member@example.com', password: 'x'.repeat(500) } });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect((JSON.parse(text) as ErrorJson).error.message).toContain('"password"');
    expect(text).not.toContain('x'.repeat(50));
  });

  it('signs out: the cookie is cleared and the old one no longer works', async () => {
    const browser = await signIn(hub, 'member@example.com');
    const out = await browser.api('/session', { method: 'DELETE' });
    expect(out.headers.getSetCookie().find((c) => c.startsWith('mcphub_session='))).toContain('Max-Age=0');
    expect((await browser.api('/session')).status).toBe(401);
    expect((await browser.api('/keys')).status).toBe(401);
  });

  it('refuses an expired session with 401 naming the fix', async () => {
    const { token, hash } = generateToken(SESSION_TOKEN_PREFIX);
    await hub.hub.store.createSession({ userId: member.userId, tokenHash: hash, userAgent: null, expiresAt: Date.now() - 1 });
    const refused = await apiRequest(hub, '/keys', { cookie: `mcphub_session=${token}` });
    expect(refused.status).toBe(401);
    expect((await json<ErrorJson>(refused)).error.message).toContain('Sign in again');
  });
});

describe('links', () => {
  it('setup creates the first admin, signed in, once', async () => {
    const fresh = await startInProcessHub();
    try {
      const link = (await ensureSetupLink({ store: fresh.hub.store, hints: remoteHints(), actor: 'test', clerk: false }, IN_PROCESS_ORIGIN))!;
      const body = { token: tokenOf(link.url), email: 'first@example.com', name: 'First', password: PASSWORD };
      const done = await apiRequest(fresh, '/setup', { method: 'POST', body });
      expect(done.status).toBe(200);
      expect(await json(done)).toMatchObject({ user: { email: 'first@example.com', role: 'admin' } });
      expect((await apiRequest(fresh, '/session', { cookie: sessionCookieOf(done)! })).status).toBe(200);
      const again = await apiRequest(fresh, '/setup', { method: 'POST', body: { ...body, email: 'second@example.com' } });
      expect(again.status).toBe(409);
      expect((await fresh.hub.store.listUsers()).map((u) => u.email)).toEqual(['first@example.com']);
    } finally {
      await fresh.close();
    }
  });

  it('only an admin invites (a member gets 403); the invite link works once and gives the role', async () => {
    const email = `invited-${randomBytes(4).toString('hex')}@example.com`;
    const byMember = await member.api('/invites', { method: 'POST', body: { email, role: 'member' } });
    expect(byMember.status).toBe(403);
    const invited = await json<{ url: string }>(await admin.api('/invites', { method: 'POST', body: { email, role: 'member' } }));
    expect(invited.url.startsWith(`${IN_PROCESS_ORIGIN}/invite?token=`)).toBe(true);
    const accepted = await apiRequest(hub, '/invites/accept', { method: 'POST', body: { token: tokenOf(invited.url), name: 'Invited', password: PASSWORD } });
    expect(await json(accepted)).toMatchObject({ user: { email, role: 'member' } });
    const newcomer = await browserOf(hub, sessionCookieOf(accepted)!);
    expect((await json<{ items: unknown[] }>(await newcomer.api('/keys'))).items).toEqual([]);
    const reused = await apiRequest(hub, '/invites/accept', { method: 'POST', body: { token: tokenOf(invited.url), password: PASSWORD } });
    expect(reused.status).toBe(422);
    expect((await json<ErrorJson>(reused)).error.message).toContain('already used');
    expect((await admin.api('/invites', { method: 'POST', body: { email: 'x@example.com', role: 'owner' } })).status).toBe(400);
  });

  it('a reset link sets a new password once and signs out every session of that user', async () => {
    await hub.hub.store.createUser({ email: 'forgot@example.com', passwordHash: await Bun.password.hash(PASSWORD), actor: 'test' });
    const before = await signIn(hub, 'forgot@example.com');
    const link = await resetLink({ store: hub.hub.store, hints: remoteHints(), actor: 'test' }, 'forgot@example.com', IN_PROCESS_ORIGIN);
    const fresh = 'a brand new passphrase';
    const reset = await apiRequest(hub, '/password-reset', { method: 'POST', body: { token: tokenOf(link.url), password: fresh } });
    expect(await json(reset)).toMatchObject({ user: { email: 'forgot@example.com' } });
    expect((await before.api('/session')).status).toBe(401);
    expect((await apiRequest(hub, '/password-reset', { method: 'POST', body: { token: tokenOf(link.url), password: fresh } })).status).toBe(422);
    expect((await signIn(hub, 'forgot@example.com', fresh)).email).toBe('forgot@example.com');
  });
});

describe('account', () => {
  it('shows the profile and the signed-in browsers, and ends one (not another user\'s) or all', async () => {
    const user = await createSignedIn(hub, 'sessions@example.com');
    const second = await signIn(hub, 'sessions@example.com');
    expect(await json(await user.api('/account'))).toMatchObject({ email: 'sessions@example.com', hasPassword: true });
    const list = await json<{ items: Array<{ id: string; current: boolean }> }>(await user.api('/account/sessions'));
    expect(list.items).toHaveLength(2);
    expect(list.items.filter((s) => s.current)).toHaveLength(1);
    const other = list.items.find((s) => !s.current)!;
    expect((await member.api(`/account/sessions/${other.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await second.api('/session')).status).toBe(200);
    expect(await json(await user.api(`/account/sessions/${other.id}`, { method: 'DELETE' }))).toEqual({ ended: 1 });
    expect((await second.api('/session')).status).toBe(401);
    const third = await signIn(hub, 'sessions@example.com');
    expect(await json(await user.api('/account/sessions', { method: 'DELETE' }))).toEqual({ ended: 2 });
    expect((await third.api('/session')).status).toBe(401);
    expect((await user.api('/session')).status).toBe(401);
  });

  it('deletes the account with its keys only after the email is typed, and only the signed-in one', async () => {
    const leaving = await createSignedIn(hub, 'leaving@example.com');
    await leaving.api('/keys', { method: 'POST', body: { name: 'laptop' } });
    const wrong = await leaving.api('/account', { method: 'DELETE', body: { confirmEmail: 'member@example.com' } });
    expect(wrong.status).toBe(422);
    expect((await hub.hub.store.getUser(member.userId))?.email).toBe('member@example.com');
    expect(await json(await leaving.api('/account', { method: 'DELETE', body: { confirmEmail: 'leaving@example.com' } }))).toEqual({ deleted: true });
    expect(await hub.hub.store.getUser(leaving.userId)).toBeNull();
    expect(await hub.hub.store.listApiKeys(leaving.userId)).toEqual([]);
    expect((await leaving.api('/session')).status).toBe(401);
  });
});
