/**
 * The Store contract on the Convex adapter, against the real functions in
 * `convex/` run by convex-test (an in-memory Convex backend under vitest),
 * plus what only the Convex deployment enforces: the hub secret.
 */
import { describe, expect, it, vi } from 'vitest';
import { api, internal } from '../../convex/_generated/api';
import { PRUNE_BATCH } from '../../convex/model/nonces.ts';
import { openConvexStore } from '../../lib/store/convex/index.ts';
import { CONVEX_SECRET as SECRET, convexBackend } from '../helpers/convex-backend.ts';
import { runStoreContract } from './store-contract.ts';

runStoreContract('convex', async (now) => {
  const store = openConvexStore({ caller: convexBackend(), secret: SECRET, now, pollIntervalMs: 50, archiveSettleMs: 0 });
  return { store, cleanup: () => store.close() };
});

describe('convex functions', () => {
  it('refuse a caller without the hub secret', async () => {
    const t = convexBackend();
    await expect(t.query(api.users.list, { secret: 'wrong' })).rejects.toThrow(/hub secret/);
    await expect(t.mutation(api.users.create, { secret: '', email: 'eve@example.com', now: 1 })).rejects.toThrow(/hub secret/);
    expect(await t.query(api.users.list, { secret: SECRET })).toEqual([]);
  });

  it('read a connection written before account and attention existed as having neither', async () => {
    const t = convexBackend();
    const store = openConvexStore({ caller: t, secret: SECRET });
    try {
      const user = await store.createUser({ email: 'ada@example.com' });
      await t.run(async (ctx) => {
        await ctx.db.insert('connections', { userId: user.id, slug: 'github', enabled: true, sealedCredential: 'v1.old', settings: {}, createdAt: 1, updatedAt: 1 });
      });
      expect(await store.listConnections(user.id)).toEqual([expect.objectContaining({ slug: 'github', account: null, attention: null })]);
    } finally {
      await store.close();
    }
  });

  it('prune expired replay nonces on schedule, in batches, keeping live ones', async () => {
    const t = convexBackend();
    const now = Date.now();
    await t.run(async (ctx) => {
      for (let i = 0; i < PRUNE_BATCH + 5; i++) await ctx.db.insert('nonces', { nonce: `old-${i}`, expiresAt: now - 1_000 });
      await ctx.db.insert('nonces', { nonce: 'live', expiresAt: now + 60_000 });
    });
    vi.useFakeTimers();
    try {
      await t.mutation(internal.nonces.prune, {});
      await t.finishAllScheduledFunctions(vi.runAllTimers);
    } finally {
      vi.useRealTimers();
    }
    // The first run deleted a full batch and scheduled the rest.
    expect((await t.run((ctx) => ctx.db.system.query('_scheduled_functions').collect())).map((run) => run.state.kind)).toEqual(['success']);
    expect((await t.run((ctx) => ctx.db.query('nonces').collect())).map((doc) => doc.nonce)).toEqual(['live']);
  });

  it('never let the hub secret out in an error, though a deployment quotes the arguments it refuses', async () => {
    // convex-test does not quote arguments; a real deployment's refusal reads like this.
    const quoting = { query: async (_ref: unknown, args: Record<string, unknown>) => Promise.reject(new Error(`ArgumentValidationError: Object contains extra field \`extra\` that is not in the validator.\n\nObject: ${JSON.stringify(args)}`)), mutation: async () => null };
    const store = openConvexStore({ caller: quoting, secret: SECRET });
    const error = await store.listUsers().catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^ArgumentValidationError: .*"secret":"\[hub secret\]"/s);
    expect((error as Error).message).not.toContain(SECRET);
    expect((error as Error).stack).not.toContain(SECRET);
  });

  it('never let the hub secret out in the stack of an error whose stack was already read', async () => {
    // A stack is formatted with the message at the time it is first read; whatever read it (a client's retry log, say) fixed the secret into it.
    const quoting = {
      query: async (_ref: unknown, args: Record<string, unknown>) => {
        const error = new Error(`ArgumentValidationError: Object: ${JSON.stringify(args)}`);
        void error.stack;
        throw error;
      },
      mutation: async () => null,
    };
    const error = await openConvexStore({ caller: quoting, secret: SECRET }).listUsers().catch((e: Error) => e);
    expect((error as Error).message).toContain('[hub secret]');
    expect((error as Error).stack).not.toContain(SECRET);
  });
});
