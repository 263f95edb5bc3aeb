/**
 * The OAuth state services on a real embedded store and the hub's sealer:
 * start → callback takes the flow once with its PKCE verifier; every refusal
 * (replay, expiry, another user or session, another integration) spends the
 * state; connect links work once, only for their user, for 30 minutes; and
 * neither the state, the link token nor the verifier is kept in the clear.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSealer } from '../../lib/crypto/seal.ts';
import { CONNECT_LINK_TTL_MS, consumeOAuthCallbackState, issueConnectLink, OAUTH_STATE_TTL_MS, redeemConnectLink, startOAuthState, type OAuthStateDeps } from '../../lib/services/oauth-state.ts';
import { openEmbeddedStore, type EmbeddedStore } from '../../lib/store/embedded/index.ts';

const START = Date.UTC(2026, 11, 1, 12);
const REDIRECT = 'https://hub.example.com/oauth/github/callback';
let store: EmbeddedStore | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await store?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  store = dataDir = undefined;
});

/** Services on a store (`:memory:` unless a data dir is asked for) with two users and a clock the test moves. */
async function setup(options: { onDisk?: boolean } = {}) {
  let now = START;
  if (options.onDisk) dataDir = mkdtempSync(join(tmpdir(), 'mcphub-oauth-state-'));
  store = openEmbeddedStore({ dataDir: dataDir ?? ':memory:', now: () => now });
  const deps: OAuthStateDeps = { store, sealer: createSealer(randomBytes(32)), now: () => now };
  const ada = await store.createUser({ email: 'ada@example.com' });
  const bob = await store.createUser({ email: 'bob@example.com' });
  const start = (overrides: Partial<Parameters<typeof startOAuthState>[1]> = {}) =>
    startOAuthState(deps, { userId: ada.id, sessionId: 'ses_ada', slug: 'github', redirectUri: REDIRECT, scopes: ['repo', 'read:user'], ...overrides });
  const callback = (state: string, overrides: Partial<Parameters<typeof consumeOAuthCallbackState>[1]> = {}) =>
    consumeOAuthCallbackState(deps, { state, userId: ada.id, sessionId: 'ses_ada', slug: 'github', ...overrides });
  return { deps, ada, bob, start, callback, advance: (ms: number) => void (now += ms) };
}

describe('OAuth state service', () => {
  it('starts a flow with a 32-byte state and an S256 PKCE pair, and its callback gets the flow and the verifier back', async () => {
    const { start, callback, ada } = await setup();
    const started = await start({ purpose: 'reconnect', returnTo: '/connect/github/done' });
    expect(started.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(started.state, 'base64url')).toHaveLength(32);
    expect(started.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(started.codeChallenge).toBe(createHash('sha256').update(started.codeVerifier).digest('base64url'));
    expect(started.expiresAt).toBe(START + OAUTH_STATE_TTL_MS);
    expect(await callback(started.state)).toEqual({
      ok: true,
      codeVerifier: started.codeVerifier,
      flow: { userId: ada.id, sessionId: 'ses_ada', slug: 'github', redirectUri: REDIRECT, scopes: ['repo', 'read:user'], purpose: 'reconnect', returnTo: '/connect/github/done', createdAt: START, expiresAt: START + OAUTH_STATE_TTL_MS },
    });
  });

  it('refuses a replayed state', async () => {
    const { start, callback } = await setup();
    const { state } = await start();
    expect((await callback(state)).ok).toBe(true);
    expect(await callback(state)).toEqual({ ok: false, reason: 'unknown_or_used' });
  });

  it('refuses an unknown or malformed state without telling it from a used one', async () => {
    const { callback } = await setup();
    expect(await callback(randomBytes(32).toString('base64url'))).toEqual({ ok: false, reason: 'unknown_or_used' });
    expect(await callback('not a state')).toEqual({ ok: false, reason: 'unknown_or_used' });
    expect(await callback('')).toEqual({ ok: false, reason: 'unknown_or_used' });
  });

  it('says a state came back too late, once; a much later one reads as unknown', async () => {
    const { start, callback, advance } = await setup();
    const late = await start();
    const muchLater = await start();
    advance(OAUTH_STATE_TTL_MS);
    expect(await callback(late.state)).toEqual({ ok: false, reason: 'expired' });
    expect(await callback(late.state)).toEqual({ ok: false, reason: 'unknown_or_used' });
    advance(OAUTH_STATE_TTL_MS);
    expect(await callback(muchLater.state)).toEqual({ ok: false, reason: 'unknown_or_used' });
  });

  it('refuses a callback in another user\'s session and spends the state, so its own user cannot finish it either', async () => {
    const { start, callback, bob } = await setup();
    const { state } = await start();
    expect(await callback(state, { userId: bob.id, sessionId: 'ses_bob' })).toEqual({ ok: false, reason: 'other_user' });
    expect(await callback(state)).toEqual({ ok: false, reason: 'unknown_or_used' });
  });

  it('refuses a callback in another session of the same user, or on another integration\'s callback, spending the state', async () => {
    const { start, callback } = await setup();
    const first = await start();
    expect(await callback(first.state, { sessionId: 'ses_other' })).toEqual({ ok: false, reason: 'other_session' });
    expect(await callback(first.state)).toEqual({ ok: false, reason: 'unknown_or_used' });
    const second = await start();
    expect(await callback(second.state, { slug: 'linear' })).toEqual({ ok: false, reason: 'wrong_integration' });
    expect(await callback(second.state)).toEqual({ ok: false, reason: 'unknown_or_used' });
  });

  it('gives a state to exactly one of 20 concurrent callbacks', async () => {
    const { start, callback } = await setup();
    const { state, codeVerifier } = await start();
    const results = await Promise.all(Array.from({ length: 20 }, () => callback(state)));
    expect(results.filter((r) => r.ok)).toEqual([expect.objectContaining({ codeVerifier })]);
    expect(new Set(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason))).toEqual(new Set(['unknown_or_used']));
  });

  it('refuses a start with a redirect URI that is not http(s), a return path off the hub, or a user who is gone, naming the fix', async () => {
    const { start } = await setup();
    await expect(start({ redirectUri: '/oauth/github/callback' })).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('public URL') });
    await expect(start({ redirectUri: 'javascript:alert(1)' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(start({ returnTo: '//evil.example.com/' })).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('returnTo') });
    await expect(start({ userId: 'usr_gone' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('connect links', () => {
  it('issues a 30-minute link that only its own user can redeem, once; another user\'s attempt leaves it for its owner', async () => {
    const { deps, ada, bob } = await setup();
    const link = await issueConnectLink(deps, { userId: ada.id, slug: 'github' });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.expiresAt).toBe(START + CONNECT_LINK_TTL_MS);
    expect(CONNECT_LINK_TTL_MS).toBeLessThanOrEqual(30 * 60_000);
    expect(await redeemConnectLink(deps, { token: link.token, userId: bob.id, slug: 'github' })).toEqual({ ok: false, reason: 'unknown_or_used' });
    expect(await redeemConnectLink(deps, { token: link.token, userId: ada.id, slug: 'github' })).toEqual({ ok: true, link: { userId: ada.id, slug: 'github', createdAt: START, expiresAt: START + CONNECT_LINK_TTL_MS } });
    expect(await redeemConnectLink(deps, { token: link.token, userId: ada.id, slug: 'github' })).toEqual({ ok: false, reason: 'unknown_or_used' });
    expect(await redeemConnectLink(deps, { token: 'garbage', userId: ada.id, slug: 'github' })).toEqual({ ok: false, reason: 'unknown_or_used' });
  });

  it('refuses a link after 30 minutes, and one opened under another integration\'s path (spent)', async () => {
    const { deps, ada, advance } = await setup();
    const late = await issueConnectLink(deps, { userId: ada.id, slug: 'github' });
    const elsewhere = await issueConnectLink(deps, { userId: ada.id, slug: 'github' });
    expect(await redeemConnectLink(deps, { token: elsewhere.token, userId: ada.id, slug: 'linear' })).toEqual({ ok: false, reason: 'wrong_integration' });
    expect(await redeemConnectLink(deps, { token: elsewhere.token, userId: ada.id, slug: 'github' })).toEqual({ ok: false, reason: 'unknown_or_used' });
    advance(CONNECT_LINK_TTL_MS);
    expect(await redeemConnectLink(deps, { token: late.token, userId: ada.id, slug: 'github' })).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a link for a user who is gone', async () => {
    const { deps } = await setup();
    await expect(issueConnectLink(deps, { userId: 'usr_gone', slug: 'github' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('what the data dir keeps', () => {
  it('holds no state, link token or PKCE verifier in the clear', async () => {
    const { start, deps, ada } = await setup({ onDisk: true });
    const flows = await Promise.all([start(), start({ slug: 'linear' })]);
    const link = await issueConnectLink(deps, { userId: ada.id, slug: 'github' });
    await store!.close();
    store = undefined;
    const files = readdirSync(dataDir!).map((name) => readFileSync(join(dataDir!, name)).toString('latin1'));
    const secrets = [...flows.flatMap((f) => [f.state, f.codeVerifier]), link.token];
    expect(files.join('').length).toBeGreaterThan(0);
    for (const secret of secrets) expect(files.some((content) => content.includes(secret))).toBe(false);
    // What is there instead: the state's hash.
    expect(files.some((content) => content.includes(createHash('sha256').update(flows[0]!.state).digest('hex')))).toBe(true);
  });
});
