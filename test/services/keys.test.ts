/** API keys through lib/services/keys.ts: the key works once created, stops once revoked, rotates whole, and never crosses users. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../lib/crypto/api-keys.ts';
import { createKey, listKeys, revokeAnyUsersKey, revokeKey, rotateKey } from '../../lib/services/keys.ts';
import { createUser } from '../../lib/services/users.ts';
import type { Store, User } from '../../lib/store/port.ts';
import { createServiceDeps } from '../helpers/service-deps.ts';
import { noPlanLimits } from '../helpers/plans.ts';

// Keys past the free plan's two: these tests are about keys, not plans (test/services/plan-limits.test.ts is).
const deps = { ...createServiceDeps(), plans: noPlanLimits() };
let ada: User;
let bob: User;
/** Whether the hub would let this key in. */
const works = async (key: string) => (await deps.store.resolveApiKey(hashApiKey(key))) !== null;

beforeAll(async () => {
  ada = await createUser(deps, { email: 'ada@example.com' });
  bob = await createUser(deps, { email: 'bob@example.com' });
});
afterAll(() => deps.store.close());

describe('keys service', () => {
  it('creates a named key that resolves to its user, shown once and stored only as a prefix', async () => {
    const { record, key } = await createKey(deps, { userId: ada.id, name: ' laptop ' });
    expect(record).toMatchObject({ userId: ada.id, name: 'laptop', revokedAt: null });
    expect(key.startsWith(record.prefix)).toBe(true);
    expect((await deps.store.resolveApiKey(hashApiKey(key)))?.user.id).toBe(ada.id);
    expect(JSON.stringify(await listKeys(deps, { userId: ada.id }))).not.toContain(key);
  });

  it('refuses an empty or overlong name, and an unknown user', async () => {
    await expect(createKey(deps, { userId: ada.id, name: '  ' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(createKey(deps, { userId: ada.id, name: 'x'.repeat(101) })).rejects.toMatchObject({ code: 'invalid' });
    await expect(createKey(deps, { userId: 'nobody', name: 'laptop' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists only the user\'s own keys', async () => {
    await createKey(deps, { userId: bob.id, name: 'bob-desktop' });
    expect((await listKeys(deps, { userId: bob.id })).map((k) => k.name)).toEqual(['bob-desktop']);
    expect((await listKeys(deps, { userId: ada.id })).map((k) => k.userId)).not.toContain(bob.id);
  });

  it('revokes the user\'s own key, which then stops working', async () => {
    const { record, key } = await createKey(deps, { userId: ada.id, name: 'old' });
    const revoked = await revokeKey(deps, { userId: ada.id, keyId: record.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await works(key)).toBe(false);
  });

  it('refuses to revoke another user\'s key as not_found, and the key keeps working', async () => {
    const { record, key } = await createKey(deps, { userId: bob.id, name: 'bob-phone' });
    await expect(revokeKey(deps, { userId: ada.id, keyId: record.id })).rejects.toMatchObject({ code: 'not_found', message: `No key with id ${record.id}. List keys with \`npx mcphub keys list --user <email>\`.` });
    expect(await works(key)).toBe(true);
  });

  it('lets the operator revoke any user\'s key by id alone (the CLI\'s keys revoke)', async () => {
    const { record, key } = await createKey(deps, { userId: bob.id, name: 'bob-tablet' });
    expect((await revokeAnyUsersKey(deps, { keyId: record.id })).userId).toBe(bob.id);
    expect(await works(key)).toBe(false);
    await expect(revokeAnyUsersKey(deps, { keyId: 'no-such-key' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('rotates a key: a new key with the same name works, the old one does not', async () => {
    const old = await createKey(deps, { userId: ada.id, name: 'ci' });
    const rotated = await rotateKey(deps, { userId: ada.id, keyId: old.record.id });
    expect(rotated.record).toMatchObject({ name: 'ci', userId: ada.id });
    expect(rotated.record.id).not.toBe(old.record.id);
    expect(rotated.revoked.id).toBe(old.record.id);
    expect(await works(rotated.key)).toBe(true);
    expect(await works(old.key)).toBe(false);
  });

  it('refuses to rotate another user\'s key, leaving both users\' keys as they were', async () => {
    const bobs = await createKey(deps, { userId: bob.id, name: 'bob-ci' });
    const before = [(await listKeys(deps, { userId: ada.id })).length, (await listKeys(deps, { userId: bob.id })).length];
    await expect(rotateKey(deps, { userId: ada.id, keyId: bobs.record.id })).rejects.toMatchObject({ code: 'not_found' });
    expect([(await listKeys(deps, { userId: ada.id })).length, (await listKeys(deps, { userId: bob.id })).length]).toEqual(before);
    expect(await works(bobs.key)).toBe(true);
  });

  it('refuses to rotate a revoked key as conflict', async () => {
    const { record } = await createKey(deps, { userId: ada.id, name: 'gone' });
    await revokeKey(deps, { userId: ada.id, keyId: record.id });
    await expect(rotateKey(deps, { userId: ada.id, keyId: record.id })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('undoes the new key when the old one cannot be revoked, so a failed rotation changes nothing', async () => {
    const old = await createKey(deps, { userId: ada.id, name: 'flaky' });
    // The real store, except that revoking the old key fails as an outage would.
    const failing: Store = new Proxy(deps.store, {
      get(target, property) {
        if (property === 'revokeApiKey') {
          return (input: Parameters<Store['revokeApiKey']>[0]) => (input.id === old.record.id ? Promise.reject(new Error('store unreachable')) : target.revokeApiKey(input));
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await expect(rotateKey({ ...deps, store: failing }, { userId: ada.id, keyId: old.record.id })).rejects.toThrow('store unreachable');
    const flaky = (await listKeys(deps, { userId: ada.id })).filter((k) => k.name === 'flaky');
    expect(flaky.map((k) => [k.id === old.record.id, k.revokedAt === null])).toEqual([[true, true], [false, false]]);
    expect(await works(old.key)).toBe(true);
  });
});
