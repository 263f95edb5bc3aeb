/**
 * The Store contract on the Convex adapter, against the real functions in
 * `convex/` run by convex-test (an in-memory Convex backend under vitest),
 * plus what only the Convex deployment enforces: the hub secret.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../../convex/_generated/api';
import { openConvexStore } from '../../lib/store/convex/index.ts';
import { CONVEX_SECRET as SECRET, convexBackend } from '../helpers/convex-backend.ts';
import { runStoreContract } from './store-contract.ts';

runStoreContract('convex', async (now) => {
  const store = openConvexStore({ caller: convexBackend(), secret: SECRET, now, pollIntervalMs: 50 });
  return { store, cleanup: () => store.close() };
});

describe('convex functions', () => {
  it('refuse a caller without the hub secret', async () => {
    const t = convexBackend();
    await expect(t.query(api.users.list, { secret: 'wrong' })).rejects.toThrow(/hub secret/);
    await expect(t.mutation(api.users.create, { secret: '', email: 'eve@example.com', now: 1 })).rejects.toThrow(/hub secret/);
    expect(await t.query(api.users.list, { secret: SECRET })).toEqual([]);
  });

  it('never let the hub secret out in an error, though a deployment quotes the arguments it refuses', async () => {
    // convex-test does not quote arguments; a real deployment's refusal reads like this.
    const quoting = { query: async (_ref: unknown, args: Record<string, unknown>) => Promise.reject(new Error(`ArgumentValidationError: Object contains extra field \`extra\` that is not in the validator.\n\nObject: ${JSON.stringify(args)}`)), mutation: async () => null };
    const store = openConvexStore({ caller: quoting, secret: SECRET });
    const error = await store.listUsers().catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^ArgumentValidationError: .*"secret":"\[hub secret\]"/s);
    expect((error as Error).message).not.toContain(SECRET);
  });
});
