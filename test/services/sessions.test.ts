/** Sessions as the management API uses them: password sign-in with its throttle, sliding expiry on an injected clock, sign-out, and CSRF. */
import { afterEach, describe, expect, it } from 'vitest';
import { completeSetup, ensureSetupLink } from '../../lib/services/accounts.ts';
import { checkCsrf, csrfTokenFor, listSessions, resolveSession, revokeSession, SESSION_IDLE_MS, SESSION_MAX_MS, SESSION_TOUCH_MS, signIn, signOut, signOutEverywhere } from '../../lib/services/sessions.ts';
import { createAccountFixture, tokenOf, type AccountFixture } from '../helpers/account-deps.ts';

const PASSWORD = 'correct horse battery';
const DAY = 24 * 3_600_000;
let fixture: AccountFixture;
afterEach(() => fixture?.close());

/** A hub with its first admin, ada@example.com, set up through the setup link. */
async function withAdmin() {
  fixture = createAccountFixture();
  const link = await ensureSetupLink(fixture.deps, 'http://127.0.0.1:8787');
  return completeSetup(fixture.deps, tokenOf(link!.url), { email: 'ada@example.com', name: 'Ada', password: PASSWORD });
}

const attempt = (password: string, address = '10.0.0.1', email = 'ada@example.com') => signIn(fixture.deps, { email, password, userAgent: 'Firefox/140', address });

describe('sessions service', () => {
  it('signs in with the right password: a session whose token resolves to the user, stored only as a hash', async () => {
    const setup = await withAdmin();
    const signedIn = await attempt(PASSWORD);
    expect(signedIn.user.email).toBe('ada@example.com');
    expect(signedIn.token).toMatch(/^mcp_ses_[0-9A-Za-z]{43}$/);
    expect(signedIn.session.userAgent).toBe('Firefox/140');
    expect((await resolveSession(fixture.deps, signedIn.token))?.user.id).toBe(setup.user.id);
    expect(JSON.stringify(await listSessions(fixture.deps, setup.user.id))).not.toContain(signedIn.token);
    expect(await resolveSession(fixture.deps, 'mcp_ses_' + 'x'.repeat(43))).toBeNull();
    expect(await resolveSession(fixture.deps, 'not a token')).toBeNull();
  });

  it('gives a wrong password and an unknown email the same refusal', async () => {
    await withAdmin();
    const wrongPassword = await attempt('wrong password!').catch((e: Error) => e);
    const unknownEmail = await attempt(PASSWORD, '10.0.0.2', 'nobody@example.com').catch((e: Error) => e);
    expect(wrongPassword).toMatchObject({ code: 'unauthenticated', message: 'Wrong email or password.' });
    expect(unknownEmail).toMatchObject({ code: 'unauthenticated', message: 'Wrong email or password.' });
    await expect(attempt('x'.repeat(201))).rejects.toMatchObject({ code: 'invalid' });
  });

  it('throttles an email after 5 failures in 15 minutes, from any address, with the seconds to wait; the window then passes', async () => {
    await withAdmin();
    for (let i = 0; i < 5; i++) await expect(attempt('wrong password!', `10.0.1.${i}`)).rejects.toMatchObject({ code: 'unauthenticated' });
    // Even the right password is refused now, from a new address, before any hashing.
    const limited = await attempt(PASSWORD, '10.0.2.1').catch((e: { code: string; retryAfterSeconds: number }) => e);
    expect(limited).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 15 * 60 });
    fixture.advance(10 * 60_000);
    await expect(attempt(PASSWORD, '10.0.2.1')).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 5 * 60 });
    fixture.advance(5 * 60_000);
    expect((await attempt(PASSWORD, '10.0.2.1')).user.email).toBe('ada@example.com');
  });

  it('throttles an address trying many emails, and a success does not clear the address', async () => {
    await withAdmin();
    for (let i = 0; i < 4; i++) await expect(attempt(PASSWORD, '10.9.9.9', `guess${i}@example.com`)).rejects.toMatchObject({ code: 'unauthenticated' });
    await attempt(PASSWORD, '10.9.9.9');
    await expect(attempt(PASSWORD, '10.9.9.9', 'guess4@example.com')).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(attempt(PASSWORD, '10.9.9.9')).rejects.toMatchObject({ code: 'rate_limited' });
    expect((await attempt(PASSWORD, '10.9.9.10')).user.email).toBe('ada@example.com');
  });

  it('slides expiry with use (30 days idle) but never past 90 days after sign-in', async () => {
    await withAdmin();
    const { token, session } = await attempt(PASSWORD);
    expect(session.expiresAt - session.createdAt).toBe(SESSION_IDLE_MS);
    fixture.advance(SESSION_TOUCH_MS - 1);
    expect((await resolveSession(fixture.deps, token))?.session.lastSeenAt).toBe(session.createdAt);
    // Used every 20 days, it lives on past the first 30 …
    for (let day = 20; day <= 80; day += 20) {
      fixture.advance(20 * DAY - (day === 20 ? SESSION_TOUCH_MS - 1 : 0));
      const resolved = await resolveSession(fixture.deps, token);
      expect(resolved?.session.expiresAt).toBe(Math.min(session.createdAt + day * DAY + SESSION_IDLE_MS, session.createdAt + SESSION_MAX_MS));
    }
    // … until 90 days after sign-in, however much it is used.
    fixture.advance(10 * DAY - 1);
    expect(await resolveSession(fixture.deps, token)).not.toBeNull();
    fixture.advance(1);
    expect(await resolveSession(fixture.deps, token)).toBeNull();
  });

  it('ends a session left unused for 30 days', async () => {
    await withAdmin();
    const { token } = await attempt(PASSWORD);
    fixture.advance(SESSION_IDLE_MS - 1);
    expect(await resolveSession(fixture.deps, token)).not.toBeNull();
    fixture.advance(SESSION_TOUCH_MS);
    // The use just before moved it on; now 30 days without use.
    fixture.advance(SESSION_IDLE_MS);
    expect(await resolveSession(fixture.deps, token)).toBeNull();
  });

  it('signs out one session, revokes one by id only for its own user, and signs out everywhere', async () => {
    const setup = await withAdmin();
    const laptop = await attempt(PASSWORD);
    const phone = await attempt(PASSWORD);
    await signOut(fixture.deps, laptop.token);
    expect(await resolveSession(fixture.deps, laptop.token)).toBeNull();
    expect(await resolveSession(fixture.deps, phone.token)).not.toBeNull();
    await signOut(fixture.deps, laptop.token);
    await expect(revokeSession(fixture.deps, 'usr_someone_else', phone.session.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await resolveSession(fixture.deps, phone.token)).not.toBeNull();
    await revokeSession(fixture.deps, setup.user.id, phone.session.id);
    expect(await resolveSession(fixture.deps, phone.token)).toBeNull();
    await attempt(PASSWORD);
    expect(await signOutEverywhere(fixture.deps, setup.user.id)).toBe(2);
    expect(await listSessions(fixture.deps, setup.user.id)).toEqual([]);
    expect(await resolveSession(fixture.deps, setup.token)).toBeNull();
  });

  it('derives a CSRF token from the session that only that session passes', async () => {
    await withAdmin();
    const one = await attempt(PASSWORD);
    const two = await attempt(PASSWORD);
    expect(one.csrfToken).toBe(csrfTokenFor(one.token));
    expect(one.csrfToken).not.toContain(one.token);
    expect(checkCsrf(one.token, one.csrfToken)).toBe(true);
    expect(checkCsrf(one.token, two.csrfToken)).toBe(false);
    expect(checkCsrf(one.token, one.csrfToken.slice(1))).toBe(false);
    expect(checkCsrf(one.token, '')).toBe(false);
    expect(checkCsrf(one.token, null)).toBe(false);
  });
});
