/**
 * Accounts as the dashboard and the CLI use them: the setup link (single-use,
 * expiring, only while no admin can sign in), invites and resets (single-use),
 * admin vs member, Clerk users, and deleting an account with everything in it
 * while another user's data stays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import {
  acceptInvite, completeSetup, deleteAccount, ensureSetupLink, invite, listAccounts, resetLink, resetPassword, SETUP_LINK_MS, userForClerk,
} from '../../lib/services/accounts.ts';
import { listSessions, resolveSession, signIn } from '../../lib/services/sessions.ts';
import { createAccountFixture, tokenOf, type AccountFixture } from '../helpers/account-deps.ts';

const BASE = 'http://127.0.0.1:8787';
const PASSWORD = 'correct horse battery';
let fixture: AccountFixture;
afterEach(() => fixture?.close());

async function setUp() {
  fixture = createAccountFixture();
  const link = await ensureSetupLink(fixture.deps, BASE);
  const admin = await completeSetup(fixture.deps, tokenOf(link!.url), { email: 'ada@example.com', name: 'Ada', password: PASSWORD });
  return admin;
}

async function inviteMember(admin: Awaited<ReturnType<typeof setUp>>, email = 'bob@example.com') {
  const link = await invite(fixture.deps, admin.user, { email, role: 'member', baseUrl: BASE });
  return acceptInvite(fixture.deps, tokenOf(link.url), { name: 'Bob', password: 'bobs password 1' });
}

describe('accounts service: setup', () => {
  it('prints a setup link while no admin can sign in; it creates the first admin, signed in, once', async () => {
    fixture = createAccountFixture();
    const link = await ensureSetupLink(fixture.deps, BASE);
    expect(link?.url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/setup\?token=mcp_ott_[0-9A-Za-z]{43}$/);
    expect(link?.expiresAt).toBe((fixture.deps.now!)() + SETUP_LINK_MS);
    const admin = await completeSetup(fixture.deps, tokenOf(link!.url), { email: 'Ada@Example.com', name: 'Ada', password: PASSWORD, userAgent: 'Firefox/140' });
    expect(admin.user).toMatchObject({ email: 'ada@example.com', name: 'Ada', role: 'admin', hasPassword: true });
    expect((await resolveSession(fixture.deps, admin.token))?.user.id).toBe(admin.user.id);
    expect(await ensureSetupLink(fixture.deps, BASE)).toBeNull();
    await expect(completeSetup(fixture.deps, tokenOf(link!.url), { email: 'eve@example.com', password: PASSWORD })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('uses a setup link once: a second link made before is refused once an admin exists; a used one is invalid', async () => {
    fixture = createAccountFixture();
    const first = await ensureSetupLink(fixture.deps, BASE);
    const second = await ensureSetupLink(fixture.deps, BASE);
    await completeSetup(fixture.deps, tokenOf(first!.url), { email: 'ada@example.com', password: PASSWORD });
    await expect(completeSetup(fixture.deps, tokenOf(second!.url), { email: 'eve@example.com', password: PASSWORD })).rejects.toMatchObject({ code: 'conflict' });
    expect((await fixture.deps.store.listUsers()).map((u) => u.email)).toEqual(['ada@example.com']);
  });

  it('refuses an expired, mistyped or reused setup link, and checks the input before burning the link', async () => {
    fixture = createAccountFixture();
    const link = await ensureSetupLink(fixture.deps, BASE);
    const token = tokenOf(link!.url);
    await expect(completeSetup(fixture.deps, token, { email: 'ada@example.com', password: 'short' })).rejects.toMatchObject({ code: 'invalid', message: 'A password is 10 to 200 characters; this one has 5.' });
    await expect(completeSetup(fixture.deps, token, { email: 'not-an-email', password: PASSWORD })).rejects.toMatchObject({ code: 'invalid' });
    await expect(completeSetup(fixture.deps, token.slice(0, -1) + 'x', { email: 'ada@example.com', password: PASSWORD })).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('Restart the hub') });
    fixture.advance(SETUP_LINK_MS);
    await expect(completeSetup(fixture.deps, token, { email: 'ada@example.com', password: PASSWORD })).rejects.toMatchObject({ code: 'invalid' });
    expect(await fixture.deps.store.listUsers()).toEqual([]);
  });

  it('makes no setup link when Clerk signs people in', async () => {
    fixture = createAccountFixture({ clerk: true });
    expect(await ensureSetupLink(fixture.deps, BASE)).toBeNull();
  });

  it('still makes one for a hub whose only users came from the CLI (no password), and will not take over their email', async () => {
    fixture = createAccountFixture();
    await fixture.deps.store.createUser({ email: 'ops@example.com' });
    const link = await ensureSetupLink(fixture.deps, BASE);
    expect(link).not.toBeNull();
    await expect(completeSetup(fixture.deps, tokenOf(link!.url), { email: 'ops@example.com', password: PASSWORD })).rejects.toMatchObject({
      code: 'conflict',
      message: 'A user with email ops@example.com already exists. Print a link to set their password with `npx mcphub users link --email ops@example.com --reset`.',
    });
    expect((await completeSetup(fixture.deps, tokenOf(link!.url), { email: 'ada@example.com', password: PASSWORD })).user.role).toBe('admin');
  });
});

describe('accounts service: invites, roles and resets', () => {
  it('lets an admin invite a member, once; the member signs in and sees no list of users', async () => {
    const admin = await setUp();
    const link = await invite(fixture.deps, admin.user, { email: 'Bob@example.com', role: 'member', baseUrl: BASE });
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/invite\?token=mcp_ott_/);
    const bob = await acceptInvite(fixture.deps, tokenOf(link.url), { name: 'Bob', password: 'bobs password 1' });
    expect(bob.user).toMatchObject({ email: 'bob@example.com', role: 'member', hasPassword: true });
    await expect(acceptInvite(fixture.deps, tokenOf(link.url), { password: 'another password' })).rejects.toMatchObject({ code: 'invalid' });
    expect((await listAccounts(fixture.deps, admin.user)).map((u) => u.email)).toEqual(['ada@example.com', 'bob@example.com']);
    await expect(listAccounts(fixture.deps, bob.user)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(invite(fixture.deps, bob.user, { email: 'cy@example.com', role: 'admin', baseUrl: BASE })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(invite(fixture.deps, admin.user, { email: 'bob@example.com', role: 'member', baseUrl: BASE })).rejects.toMatchObject({ code: 'conflict' });
    const signedIn = await signIn(fixture.deps, { email: 'bob@example.com', password: 'bobs password 1', userAgent: null, address: null });
    expect(signedIn.user.id).toBe(bob.user.id);
  });

  it('gives exactly one of two concurrent acceptances of one invite an account', async () => {
    const admin = await setUp();
    const link = await invite(fixture.deps, admin.user, { email: 'bob@example.com', role: 'admin', baseUrl: BASE });
    const results = await Promise.allSettled([0, 1].map(() => acceptInvite(fixture.deps, tokenOf(link.url), { password: 'bobs password 1' })));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await fixture.deps.store.listUsers()).filter((u) => u.email === 'bob@example.com')).toHaveLength(1);
  });

  it('resets a password by a single-use link, ending every session of that user', async () => {
    const admin = await setUp();
    const link = await resetLink(fixture.deps, 'ADA@example.com', BASE);
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/reset\?token=mcp_ott_/);
    expect((await resetPassword(fixture.deps, tokenOf(link.url), 'a brand new password')).id).toBe(admin.user.id);
    expect(await resolveSession(fixture.deps, admin.token)).toBeNull();
    await expect(resetPassword(fixture.deps, tokenOf(link.url), 'yet another password')).rejects.toMatchObject({ code: 'invalid' });
    await expect(signIn(fixture.deps, { email: 'ada@example.com', password: PASSWORD, userAgent: null, address: null })).rejects.toMatchObject({ code: 'unauthenticated' });
    expect((await signIn(fixture.deps, { email: 'ada@example.com', password: 'a brand new password', userAgent: null, address: null })).user.id).toBe(admin.user.id);
    await expect(resetLink(fixture.deps, 'nobody@example.com', BASE)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('does not take an invite token as a reset token', async () => {
    const admin = await setUp();
    const link = await invite(fixture.deps, admin.user, { email: 'bob@example.com', role: 'member', baseUrl: BASE });
    await expect(resetPassword(fixture.deps, tokenOf(link.url), 'a brand new password')).rejects.toMatchObject({ code: 'invalid' });
    expect((await acceptInvite(fixture.deps, tokenOf(link.url), { password: 'bobs password 1' })).user.email).toBe('bob@example.com');
  });
});

describe('accounts service: Clerk users', () => {
  it('creates the hub user on first sign-in (admin when first, member after), finds it again, and links an existing email', async () => {
    fixture = createAccountFixture({ clerk: true });
    const first = await userForClerk(fixture.deps, 'user_1', 'Ada@example.com');
    expect(first).toMatchObject({ email: 'ada@example.com', role: 'admin', clerkUserId: 'user_1', hasPassword: false });
    expect((await userForClerk(fixture.deps, 'user_1', 'ada@example.com')).id).toBe(first.id);
    const cli = await fixture.deps.store.createUser({ email: 'bob@example.com' });
    expect(await userForClerk(fixture.deps, 'user_2', 'bob@example.com')).toMatchObject({ id: cli.id, role: 'member', clerkUserId: 'user_2' });
    await expect(userForClerk(fixture.deps, 'user_3', 'bob@example.com')).rejects.toMatchObject({ code: 'conflict' });
    await expect(userForClerk(fixture.deps, 'bad id!', 'cy@example.com')).rejects.toMatchObject({ code: 'invalid' });
    const [a, b] = await Promise.all([userForClerk(fixture.deps, 'user_4', 'cy@example.com'), userForClerk(fixture.deps, 'user_4', 'cy@example.com')]);
    expect(a.id).toBe(b.id);
  });
});

describe('accounts service: deleting an account', () => {
  it('removes the account with its keys, connections, sessions and usage; another user\'s data stays', async () => {
    const admin = await setUp();
    const bob = await inviteMember(admin);
    const { store } = fixture.deps;
    for (const user of [admin.user, bob.user]) {
      const key = generateApiKey();
      await store.createApiKey({ userId: user.id, name: 'laptop', hash: key.hash, prefix: key.prefix });
      await store.upsertConnection({ userId: user.id, slug: 'github', sealedCredential: 'v1.x' });
      await store.recordUsage({ id: `evt_${user.id}`, userId: user.id, keyId: 'key_x', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 1, upstreamMs: 1, bytesIn: 1, bytesOut: 1, at: 1 });
    }
    await expect(deleteAccount(fixture.deps, bob.user, bob.user.id, 'wrong@example.com')).rejects.toMatchObject({ code: 'invalid', message: 'To confirm, type the account\'s email (bob@example.com) exactly.' });
    await deleteAccount(fixture.deps, bob.user, bob.user.id, ' Bob@Example.com ');
    expect(await store.getUser(bob.user.id)).toBeNull();
    expect(await store.listApiKeys(bob.user.id)).toEqual([]);
    expect(await store.listConnections(bob.user.id)).toEqual([]);
    expect(await store.listUsage({ userId: bob.user.id })).toEqual([]);
    expect(await resolveSession(fixture.deps, bob.token)).toBeNull();
    expect(await store.listApiKeys(admin.user.id)).toHaveLength(1);
    expect(await store.listConnections(admin.user.id)).toHaveLength(1);
    expect(await store.listUsage({ userId: admin.user.id })).toHaveLength(1);
    expect(await listSessions(fixture.deps, admin.user.id)).toHaveLength(1);
  });

  it('lets a member delete only themselves, and keeps the last admin while others remain', async () => {
    const admin = await setUp();
    const bob = await inviteMember(admin);
    const cy = await inviteMember(admin, 'cy@example.com');
    await expect(deleteAccount(fixture.deps, bob.user, admin.user.id, 'ada@example.com')).rejects.toMatchObject({ code: 'not_found' });
    await expect(deleteAccount(fixture.deps, bob.user, cy.user.id, 'cy@example.com')).rejects.toMatchObject({ code: 'not_found' });
    await expect(deleteAccount(fixture.deps, admin.user, admin.user.id, 'ada@example.com')).rejects.toMatchObject({ code: 'conflict' });
    await deleteAccount(fixture.deps, admin.user, cy.user.id, 'cy@example.com');
    expect((await fixture.deps.store.listUsers()).map((u) => u.email)).toEqual(['ada@example.com', 'bob@example.com']);
    await deleteAccount(fixture.deps, bob.user, bob.user.id, 'bob@example.com');
    await deleteAccount(fixture.deps, admin.user, admin.user.id, 'ada@example.com');
    expect(await fixture.deps.store.listUsers()).toEqual([]);
  });
});
