/**
 * /api/v1 signed in through Clerk, offline: a locally signed RS256 session
 * token checked networkless with CLERK_JWT_KEY (DESIGN facts), as a bearer
 * token (no CSRF: a browser never sends it by itself) or Clerk's `__session`
 * cookie (CSRF applies). The hub user is made on first sign-in and linked.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLERK_JWT_KEY, clerkToken } from '../helpers/clerk-token.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { apiRequest } from './helpers.ts';

const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

let hub: InProcessHub;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
type ErrorJson = { error: { code: string; message: string } };

beforeAll(async () => {
  hub = await startInProcessHub({ env: { CLERK_JWT_KEY } });
});
afterAll(() => hub.close());

describe('Clerk session tokens', () => {
  const ada = clerkToken({ sub: 'user_ada', sid: 'sess_ada', email: 'ada@example.com' });

  it('signs in with a bearer token: the first Clerk user becomes the hub admin, linked; no CSRF token needed', async () => {
    const me = await (await apiRequest(hub, '/session', { headers: bearer(ada) })).json();
    expect(me).toMatchObject({ user: { email: 'ada@example.com', role: 'admin' }, session: { id: 'sess_ada' } });
    expect((await hub.hub.store.getUserByClerkId('user_ada'))?.email).toBe('ada@example.com');
    const created = await apiRequest(hub, '/keys', { method: 'POST', body: { name: 'laptop' }, headers: bearer(ada) });
    expect(created.status).toBe(200);
  });

  it("through Clerk's __session cookie a mutating request needs the CSRF token GET /session gives", async () => {
    const cookie = `__session=${ada}`;
    const refused = await apiRequest(hub, '/keys', { method: 'POST', body: { name: 'desk' }, cookie });
    expect(refused.status).toBe(403);
    const { csrfToken } = (await (await apiRequest(hub, '/session', { cookie })).json()) as { csrfToken: string };
    expect((await apiRequest(hub, '/keys', { method: 'POST', body: { name: 'desk' }, cookie, csrf: csrfToken })).status).toBe(200);
  });

  it("keeps a second Clerk user (a member) to their own keys", async () => {
    const bob = clerkToken({ sub: 'user_bob', sid: 'sess_bob', email: 'bob@example.com' });
    const keys = (await (await apiRequest(hub, '/keys', { headers: bearer(bob) })).json()) as { items: unknown[] };
    expect(keys.items).toEqual([]);
    expect((await hub.hub.store.getUserByClerkId('user_bob'))?.role).toBe('member');
    expect((await apiRequest(hub, '/invites', { method: 'POST', body: { email: 'c@example.com', role: 'member' }, headers: bearer(bob) })).status).toBe(403);
  });

  it('refuses invites, which would make password accounts: people join by signing in with Clerk', async () => {
    const refused = await apiRequest(hub, '/invites', { method: 'POST', body: { email: 'c@example.com', role: 'member' }, headers: bearer(ada) });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as ErrorJson).error.message).toMatch(/signs in with Clerk.*\/sign-in/);
  });

  it('refuses a token signed by another key, an expired one, and one without the email claim (naming the fix)', async () => {
    for (const token of [clerkToken({ sub: 'user_x', sid: 's', email: 'x@example.com' }, other.privateKey), clerkToken({ sub: 'user_x', sid: 's', email: 'x@example.com', exp: Math.floor(Date.now() / 1000) - 120 })]) {
      const refused = await apiRequest(hub, '/keys', { headers: bearer(token) });
      expect(refused.status).toBe(401);
    }
    const noEmail = await apiRequest(hub, '/keys', { headers: bearer(clerkToken({ sub: 'user_y', sid: 's' })) });
    expect(noEmail.status).toBe(401);
    expect(((await noEmail.json()) as ErrorJson).error.message).toContain('Customize session token');
    expect(await hub.hub.store.getUserByClerkId('user_x')).toBeNull();
  });

  it('is not accepted by a hub without Clerk keys', async () => {
    const plain = await startInProcessHub();
    try {
      expect((await apiRequest(plain, '/session', { headers: bearer(ada) })).status).toBe(401);
    } finally {
      await plain.close();
    }
  });
});
