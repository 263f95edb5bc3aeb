/**
 * lib/oauth/refresh.ts on its own, over a real store and the GitHub OAuth
 * fake. The invalid_grant race: a replica whose refresh
 * token was rotated by another one after its re-read (its lease had run out)
 * gets `invalid_grant` for the old token. It re-reads before marking anything:
 * a fresh stored record is used as it is, a due one is refreshed once with
 * the stored refresh token — and the connection never shows needs reconnect.
 * And a transient failure inside the margin, before the token expires, lets
 * the call go on with the token it has.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSealer } from '../../lib/crypto/seal.ts';
import { createLogger } from '../../lib/log.ts';
import { refreshTokens } from '../../lib/oauth/client.ts';
import type { OAuthCredential } from '../../lib/oauth/credential.ts';
import { GITHUB_OAUTH } from '../../lib/oauth/providers.ts';
import { createOAuthTokens } from '../../lib/oauth/refresh.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { Connection, Store } from '../../lib/store/port.ts';
import { startFakeGitHubOAuth } from '../helpers/fake-oauth/github.ts';
import type { FakeOAuth } from '../helpers/fake-oauth/types.ts';
import { readOAuthCredential, storeOAuthCredential, type CredentialVault } from '../helpers/oauth-hub.ts';
import { connectThroughFake, fakeConfig, grantOf } from '../helpers/oauth-flow.ts';

let fake: FakeOAuth;
let store: Store;
let vault: CredentialVault;
let userId: string;
beforeEach(async () => {
  fake = startFakeGitHubOAuth();
  store = openEmbeddedStore({ dataDir: ':memory:', pollIntervalMs: 20 });
  vault = { store, encryptionKey: randomBytes(32) };
  userId = (await store.createUser({ email: 'ada@example.com' })).id;
});
afterEach(async () => {
  await store.close();
  await fake.close();
});

/** The grant as stored, already due for a refresh. */
async function grantedRecord(): Promise<OAuthCredential> {
  const grant = grantOf(await connectThroughFake(GITHUB_OAUTH, fake, fakeConfig(fake)));
  return { kind: 'oauth', accessToken: grant.accessToken, refreshToken: grant.refreshToken!, expiresAt: Date.now() - 1_000, scopes: grant.scopes ?? [], account: grant.account, metadata: {}, updatedAt: Date.now() };
}

/** Another replica's refresh of `record`, stored; `due` keeps the stored record within the margin. */
async function rotateElsewhere(record: OAuthCredential, due: boolean): Promise<OAuthCredential> {
  const answer = await refreshTokens(GITHUB_OAUTH, fakeConfig(fake), { refreshToken: record.refreshToken! });
  if (!answer.ok) throw new Error(answer.message);
  const rotated = { ...record, accessToken: answer.tokens.accessToken, refreshToken: answer.tokens.refreshToken!, expiresAt: due ? Date.now() - 1_000 : answer.tokens.expiresAt!, updatedAt: Date.now() };
  await storeOAuthCredential(vault, userId, 'github', rotated);
  return rotated;
}

/** The store as this replica saw it: its first read (right after the lease) is from before the other replica's write. */
function staleOnce(snapshot: Connection[]): Store {
  let stale = true;
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'listConnections') {
        return async (id: string) => {
          if (!stale) return target.listConnections(id);
          stale = false;
          return snapshot;
        };
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const tokensOver = (over: Store) => createOAuthTokens({ store: over, sealer: createSealer(vault.encryptionKey), configs: { github: fakeConfig(fake) }, logger: createLogger({ level: 'silent' }) });

describe('invalid_grant after another replica rotated the refresh token', () => {
  it('uses the stored record when it is fresh, without another request', async () => {
    const granted = await grantedRecord();
    await storeOAuthCredential(vault, userId, 'github', granted);
    const snapshot = await store.listConnections(userId);
    const rotated = await rotateElsewhere(granted, false);
    const result = await tokensOver(staleOnce(snapshot)).fresh(userId, 'github', granted);
    expect(result).toEqual({ ok: true, credential: rotated });
    expect(fake.tokenRequests()).toBe(3); // exchange, the other replica's refresh, ours refused
    expect((await store.listConnections(userId))[0]?.attention).toBeNull();
  });

  it('refreshes once with the stored refresh token when the stored record is due as well', async () => {
    const granted = await grantedRecord();
    await storeOAuthCredential(vault, userId, 'github', granted);
    const snapshot = await store.listConnections(userId);
    const rotated = await rotateElsewhere(granted, true);
    const result = await tokensOver(staleOnce(snapshot)).fresh(userId, 'github', granted);
    expect(result.ok).toBe(true);
    const stored = await readOAuthCredential(vault, userId, 'github');
    expect(result).toEqual({ ok: true, credential: stored });
    expect(stored.refreshToken).not.toBe(rotated.refreshToken);
    expect(fake.tokenRequests()).toBe(4); // …and one retry with the stored refresh token
    expect((await store.listConnections(userId))[0]?.attention).toBeNull();
  });

  it('marks needs_reconnect when the stored refresh token is the one refused', async () => {
    const granted = await grantedRecord();
    await storeOAuthCredential(vault, userId, 'github', granted);
    fake.revokeRefreshTokens();
    const result = await tokensOver(store).fresh(userId, 'github', granted);
    expect(result).toMatchObject({ ok: false, kind: 'needs_reconnect' });
    expect(fake.tokenRequests()).toBe(2);
    expect((await store.listConnections(userId))[0]?.attention?.kind).toBe('needs_reconnect');
  });
});

describe('a transient failure inside the refresh margin', () => {
  it('lets the call use the token it has while it has not expired, with no status change', async () => {
    const granted = { ...(await grantedRecord()), expiresAt: Date.now() + 5 * 60_000 };
    await storeOAuthCredential(vault, userId, 'github', granted);
    fake.failNextTokenRequests(1, 503);
    expect(await tokensOver(store).fresh(userId, 'github', granted)).toEqual({ ok: true, credential: granted });
    expect(fake.tokenRequests()).toBe(2);
    expect((await store.listConnections(userId))[0]?.attention).toBeNull();
    // Forced (the service refused the token), the same failure is the call's. A new refresher: this one is backing off.
    fake.failNextTokenRequests(1, 503);
    const forced = await tokensOver(store).fresh(userId, 'github', granted, { force: true });
    expect(forced).toMatchObject({ ok: false, kind: 'transient', message: expect.stringMatching(/Try again in \d+ s/) });
  });
});
