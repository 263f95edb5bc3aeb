/**
 * GET /api/v1/users, in-process: an admin pages through every user with
 * their role; a member gets 403 and no stranger gets in (401); a listed user
 * is only id, email, name, role, plan and creation time — never a password hash,
 * an API key or a connected service's credential.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { apiRequest, createSignedIn, type Browser } from './helpers.ts';

let hub: InProcessHub;
let admin: Browser;
let member: Browser;
let withKey: { email: string; key: string };
const credential = `ghp_${randomBytes(18).toString('hex')}`;

beforeAll(async () => {
  hub = await startInProcessHub();
  admin = await createSignedIn(hub, 'admin@example.com', 'admin');
  member = await createSignedIn(hub, 'member@example.com', 'member');
  withKey = await hub.createAccount('keyholder@example.com');
  await hub.enable((await hub.hub.store.getUserByEmail('keyholder@example.com'))!.id, 'github', credential);
});
afterAll(() => hub.close());

type UserPage = { items: Array<Record<string, unknown>>; nextCursor: string | null };
type ErrorJson = { error: { code: string; message: string } };
const json = async <T>(response: Response) => (await response.json()) as T;

describe('GET /users', () => {
  it('an admin sees every user with their role, oldest first, and only their public fields', async () => {
    const response = await admin.api('/users');
    expect(response.status).toBe(200);
    const page = await json<UserPage>(response);
    expect(page.items.map((u) => [u.email, u.role])).toEqual([
      ['admin@example.com', 'admin'],
      ['member@example.com', 'member'],
      ['keyholder@example.com', 'member'],
    ]);
    expect(page.nextCursor).toBeNull();
    for (const user of page.items) expect(Object.keys(user).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'plan', 'role']);
  });

  it('never carries a password hash, an API key or a credential', async () => {
    const text = await (await admin.api('/users')).text();
    const hash = (await hub.hub.store.getSignInUser('admin@example.com'))!.passwordHash;
    expect(hash).toMatch(/^\$argon2/);
    for (const secret of [hash, '$argon2', withKey.key, withKey.key.slice(0, 16), credential, 'passwordHash', 'hasPassword']) expect(text).not.toContain(secret);
  });

  it('pages with limit and nextCursor, never repeating or skipping a user', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: UserPage = await json<UserPage>(await admin.api(`/users?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      expect(page.items).toHaveLength(1);
      seen.push(String(page.items[0]!.email));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(['admin@example.com', 'member@example.com', 'keyholder@example.com']);
    const tooMany = await admin.api('/users?limit=1000');
    expect(tooMany.status).toBe(400);
    expect((await json<ErrorJson>(tooMany)).error.message).toContain('limit');
  });

  it('a member gets 403 that says only an admin may; nobody signed in gets 401', async () => {
    const refused = await member.api('/users');
    expect(refused.status).toBe(403);
    const body = await json<ErrorJson>(refused);
    expect(body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('Only an admin') });
    expect(JSON.stringify(body)).not.toContain('admin@example.com');
    // Bad input from a member is still 403, not a 400 that describes the route.
    expect((await member.api('/users?limit=abc')).status).toBe(403);
    const stranger = await apiRequest(hub, '/users');
    expect(stranger.status).toBe(401);
  });
});
