/**
 * The dashboard's typed client (lib/api/client.ts) against the in-process
 * hub: Eden's treaty over `HubApi`, with a fetcher that calls `app.handle`.
 * tsc compiles this file, so a route whose schema changes breaks it here —
 * the types are proven end to end, not only at run time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../lib/api/client.ts';
import { IN_PROCESS_ORIGIN, startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { createSignedIn, type Browser } from './helpers.ts';

let hub: InProcessHub;
let ada: Browser;

beforeAll(async () => {
  hub = await startInProcessHub();
  ada = await createSignedIn(hub, 'ada@example.com');
});
afterAll(() => hub.close());

const clientFor = (browser: Browser | null) =>
  createApiClient(IN_PROCESS_ORIGIN, {
    fetcher: ((input: RequestInfo | URL, init?: RequestInit) => hub.request(new Request(input, init))) as typeof fetch,
    headers: browser ? { cookie: browser.cookie, 'x-csrf-token': browser.csrf } : {},
  });

describe('createApiClient', () => {
  it('creates, lists, rotates and revokes a key with typed data', async () => {
    const api = clientFor(ada).api.v1;
    const created = await api.keys.post({ name: 'typed' });
    if (created.error) throw new Error(created.error.value.error.message);
    const key: string = created.data.key;
    expect(key.startsWith(created.data.record.prefix)).toBe(true);

    const page = await api.keys.get({ query: { limit: 10 } });
    const names: string[] | undefined = page.data?.items.map((k) => k.name);
    expect(names).toContain('typed');
    expect(page.data?.nextCursor).toBeNull();

    const rotated = await api.keys({ id: created.data.record.id }).rotate.post();
    expect(rotated.data?.revoked.revokedAt).toEqual(expect.any(Number));
    const revoked = await api.keys({ id: rotated.data!.record.id }).delete();
    expect(revoked.data?.revokedAt).toEqual(expect.any(Number));
  });

  it('reads the catalog, usage and a client entry with typed data', async () => {
    const api = clientFor(ada).api.v1;
    const catalog = await api.integrations.get({ query: { q: 'github' } });
    const status: 'not_connected' | 'connected' | 'needs_reconnect' | 'misconfigured' | undefined = catalog.data?.items[0]?.status;
    const account: string | null | undefined = catalog.data?.items[0]?.account;
    const reason: string | undefined = catalog.data?.items[0]?.attention?.reason;
    expect([status, account, reason]).toEqual(['not_connected', null, undefined]);
    const usage = await api.usage.get({ query: { days: 7 } });
    const calls: number | undefined = usage.data?.month.calls;
    expect(calls).toBe(0);
    expect(usage.data?.days).toHaveLength(7);
    // Strings the schema types as strings stay strings (Eden would make a Date of "2026-12-02" by default).
    expect(typeof usage.data?.days[0]?.day).toBe('string');
    expect(usage.data?.days[0]?.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(typeof usage.data?.month.period).toBe('string');
    const config = await api['client-config'].get({ query: { client: 'cursor' } });
    expect(config.data?.url).toBe(`${IN_PROCESS_ORIGIN}/mcp`);
  });

  it('types refusals: no session is a 401 error body', async () => {
    const refused = await clientFor(null).api.v1.keys.get({ query: {} });
    expect(refused.data).toBeNull();
    expect(refused.error?.status).toBe(401);
    const code: string | undefined = refused.error?.value.error.code;
    expect(code).toBe('unauthenticated');
  });
});
