/**
 * The Store contract on the Convex adapter over the real wire: a real
 * `ConvexHttpClient` talking HTTP to test/helpers/convex-backend.ts, which
 * runs the functions in `convex/` on convex-test. Then the backend's own
 * behaviour that later tests (hub processes against a Convex URL) rely on:
 * refusals keep their codes across the wire, only public functions answer,
 * and the fault controls do what they say.
 */
import { ConvexHttpClient } from 'convex/browser';
import { makeFunctionReference } from 'convex/server';
import { ConvexError } from 'convex/values';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, internal } from '../../convex/_generated/api';
import { convexHttpCaller, openConvexStore, type ConvexStore } from '../../lib/store/convex/index.ts';
import { StoreError } from '../../lib/store/port.ts';
import { CONVEX_SECRET, startConvexBackend, type ConvexHttpBackend } from '../helpers/convex-backend.ts';
import { waitUntil } from '../helpers/wait.ts';
import { runStoreContract } from './store-contract.ts';


/** 127.0.0.1 passes the client's deployment-URL check as it is, so no `skipConvexDeploymentUrlCheck`. */
function clientFor(backend: ConvexHttpBackend): ConvexHttpClient {
  return new ConvexHttpClient(backend.url, { logger: false });
}

runStoreContract('convex over HTTP', async (now) => {
  const backend = await startConvexBackend();
  const store = openConvexStore({ caller: convexHttpCaller(backend.url), secret: CONVEX_SECRET, now, pollIntervalMs: 50, archiveSettleMs: 0 });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await backend.close();
    },
  };
});

/** The code of a failed connection, wherever the runtime's fetch puts it (Bun: on the error; Node: on its cause). */
function connectionErrorCode(error: unknown): string | undefined {
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown } };
  const found = typeof code === 'string' ? code : cause?.code;
  return typeof found === 'string' ? found : undefined;
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('convex backend over HTTP', () => {
  let backend: ConvexHttpBackend;
  let client: ConvexHttpClient;
  let store: ConvexStore;

  beforeEach(async () => {
    backend = await startConvexBackend();
    client = clientFor(backend);
    store = openConvexStore({ caller: convexHttpCaller(backend.url), secret: CONVEX_SECRET });
  });
  afterEach(async () => {
    await store.close();
    await backend.close();
  });

  it('delivers a refusal from a function as the StoreError it stands for', async () => {
    await store.createUser({ email: 'ada@example.com' });
    const error = await failure(store.createUser({ email: 'ada@example.com' }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'EMAIL_TAKEN' });
    expect(backend.calls.mutation['users:create']).toBe(2);
  });

  it('refuses a caller without the hub secret, with the ConvexError data intact', async () => {
    const stranger = openConvexStore({ caller: convexHttpCaller(backend.url), secret: 'not-the-hub-secret-0123456789abcdef' });
    const error = await failure(stranger.listUsers());
    expect(error).toBeInstanceOf(ConvexError);
    expect(error).toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    await expect(client.query(api.users.list, { secret: '' })).rejects.toThrow(/hub secret/);
    expect(await store.listUsers()).toEqual([]);
  });

  it('labels bad arguments as the real backend does', async () => {
    const badArgs = makeFunctionReference<'query'>('users:list');
    await expect(client.query(badArgs, { secret: CONVEX_SECRET, extra: 1 })).rejects.toThrow(/^ArgumentValidationError: /);
  });

  it('is unreachable after stop() and answers again after start(), at the same URL with its data', async () => {
    const ada = await store.createUser({ email: 'ada@example.com' });
    await backend.stop();
    const error = await failure(store.listUsers());
    expect(error).not.toBeInstanceOf(StoreError);
    expect(connectionErrorCode(error)).toBe('ECONNREFUSED');

    await backend.start();
    expect(backend.url).toBe(`http://127.0.0.1:${backend.port}`);
    expect(await store.listUsers()).toEqual([ada]);
  });

  it('drops a call in flight when stopped, without running it', async () => {
    backend.setDelay(5_000);
    const held = failure(store.createUser({ email: 'ada@example.com' }));
    await waitUntil(() => backend.inFlight === 1, 2_000, 'the create call to reach the backend');
    const stopping = Date.now();
    await backend.stop();
    // stop() ends the delay rather than waiting it out.
    expect(Date.now() - stopping).toBeLessThan(1_000);
    expect(await held).not.toBeInstanceOf(StoreError);

    backend.setDelay(0);
    await backend.start();
    expect(await store.listUsers()).toEqual([]);
    expect(backend.calls.mutation['users:create']).toBeUndefined();
  });

  it("gives up on a call the deployment does not answer within the caller's timeout, and the next call works", async () => {
    const impatient = openConvexStore({ caller: convexHttpCaller(backend.url, 300), secret: CONVEX_SECRET });
    backend.setDelay(5_000);
    try {
      const error = await failure(impatient.listUsers());
      expect(String((error as Error).message ?? error)).toMatch(/timed out|abort/i);
    } finally {
      backend.setDelay(0);
    }
    expect(await impatient.listUsers()).toEqual(await store.listUsers());
    await impatient.close();
  });

  it('holds every response back by the delay set', async () => {
    backend.setDelay(200);
    const started = performance.now();
    await store.listUsers();
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(() => backend.setDelay(-1)).toThrow(/delay/);
  });

  it('refuses internal and unknown functions by name, as a deployment does', async () => {
    const foldScheduled = makeFunctionReference<'mutation'>('usage:foldScheduled');
    await expect(client.mutation(foldScheduled, {}, { skipQueue: true })).rejects.toThrow(/Could not find public function for 'usage:foldScheduled'/);
    await expect(client.query(makeFunctionReference<'query'>('users:nope'), {})).rejects.toThrow(/'users:nope'/);
    await expect(client.query(makeFunctionReference<'query'>('nowhere:list'), {})).rejects.toThrow(/'nowhere:list'/);
    expect(backend.calls.mutation['usage:foldScheduled']).toBeUndefined();
    // The function exists: the refusal is the wire's, not a missing module's.
    expect(await backend.t.mutation(internal.usage.foldScheduled, {})).toBeNull();
  });

  it('answers a malformed request with 400 and an unknown route with 404', async () => {
    const post = (path: string, body: string) => fetch(`${backend.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('/api/query', '{not json')).status).toBe(400);
    expect((await post('/api/query', JSON.stringify({ path: 'users:list', args: { secret: CONVEX_SECRET } }))).status).toBe(400);
    expect((await post('/api/query', JSON.stringify({ args: [{}] }))).status).toBe(400);
    expect((await post('/api/query_ts', '{}')).status).toBe(404);
    expect(Object.keys(backend.calls.query)).toEqual([]);
  });
});
