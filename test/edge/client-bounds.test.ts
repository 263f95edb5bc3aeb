/**
 * Per-address and total bounds at the edge, through the whole in-process hub
 * with MCPHUB_TRUST_PROXY=on, so each request names its client address in
 * X-Forwarded-For: failed authentications are throttled per address (429 +
 * Retry-After, without checking the key), requests and listen streams in
 * flight are bounded per address and in all, and a slot is free again when
 * its request or stream ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessHub, type InProcessAccount, type InProcessHub } from '../helpers/in-process-hub.ts';

let hub: InProcessHub;
let alice: InProcessAccount;

beforeAll(async () => {
  hub = await startInProcessHub({
    env: {
      MCPHUB_TRUST_PROXY: 'on',
      MCPHUB_AUTH_FAILURES_PER_MINUTE: '5',
      MCPHUB_MAX_REQUESTS_PER_IP: '2',
      MCPHUB_MAX_REQUESTS: '3',
      MCPHUB_MAX_STREAMS_PER_IP: '1',
      MCPHUB_MAX_STREAMS: '2',
    },
  });
  alice = await hub.createAccount('alice@example.com');
});

afterAll(async () => {
  await hub?.close();
});

const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
const BAD_KEY = 'mcp_sk_wrongwrongwrongwrongwrongwrongwrongwrongwro';

/** A 2026-07-28 request from `address`; `body` may be a stream the test holds open. */
function post(address: string | null, method: string, options: { key?: string; body?: BodyInit; params?: Record<string, unknown> } = {}) {
  return hub.request('/mcp', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      authorization: `Bearer ${options.key ?? alice.key}`,
      ...(address === null ? {} : { 'x-forwarded-for': address }),
    },
    body: options.body ?? JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { _meta: META, ...options.params } }),
    duplex: 'half',
  } as RequestInit);
}

/** A tools/list whose body arrives only when `release` is called: a request held in flight. */
function heldCall(address: string) {
  const json = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: META } });
  let release!: () => void;
  const rest = new Promise<void>((resolve) => (release = resolve));
  const encoder = new TextEncoder();
  let sent = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        sent += 1;
        if (sent === 1) return controller.enqueue(encoder.encode(json.slice(0, 10)));
        if (sent === 2) {
          await rest;
          return controller.enqueue(encoder.encode(json.slice(10)));
        }
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { response: post(address, 'tools/list', { body }), release };
}

const listen = (address: string) => post(address, 'subscriptions/listen', { params: { notifications: { toolsListChanged: true } } });
const messageOf = async (response: Response) => ((await response.json()) as { error: { message: string } }).error.message;

describe('failed-auth throttle', () => {
  it('gives an address 429 with Retry-After after MCPHUB_AUTH_FAILURES_PER_MINUTE failures, and checks no key from it until then', async () => {
    for (let i = 0; i < 5; i += 1) expect((await post('198.51.100.1', 'tools/list', { key: BAD_KEY })).status).toBe(401);
    const throttled = await post('198.51.100.1', 'tools/list', { key: BAD_KEY });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('connection')).toBe('close');
    const retryAfter = Number(throttled.headers.get('retry-after'));
    // 5 a minute refill one try every 12 s.
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(12);
    expect(await messageOf(throttled)).toContain('MCPHUB_AUTH_FAILURES_PER_MINUTE');
    // Even a valid key is not looked at from that address, and prepending another address does not help…
    expect((await post('198.51.100.1', 'tools/list')).status).toBe(429);
    expect((await post('198.51.100.2, 198.51.100.1', 'tools/list')).status).toBe(429);
    // …while every other address is served as before.
    expect((await post('198.51.100.2', 'tools/list')).status).toBe(200);
  });

  it('counts an IPv6 client by its /64', async () => {
    for (let i = 1; i <= 5; i += 1) expect((await post(`2001:db8::${i}`, 'tools/list', { key: BAD_KEY })).status).toBe(401);
    expect((await post('2001:db8::ffff:1', 'tools/list', { key: BAD_KEY })).status).toBe(429);
    expect((await post('2001:db8:0:1::1', 'tools/list', { key: BAD_KEY })).status).toBe(401);
  });

  it('does not apply without a client address (no socket, no proxy header): the totals are the only bound then', async () => {
    for (let i = 0; i < 8; i += 1) expect((await post(null, 'tools/list', { key: BAD_KEY })).status).toBe(401);
  });
});

describe('requests in flight', () => {
  it('bounds one address by MCPHUB_MAX_REQUESTS_PER_IP (429) and all by MCPHUB_MAX_REQUESTS (503), freeing slots as requests end', async () => {
    const held = [heldCall('192.0.2.1'), heldCall('192.0.2.1')];
    const perAddress = await post('192.0.2.1', 'tools/list');
    expect(perAddress.status).toBe(429);
    expect(perAddress.headers.get('retry-after')).toBe('1');
    expect(await messageOf(perAddress)).toContain('MCPHUB_MAX_REQUESTS_PER_IP');

    held.push(heldCall('192.0.2.2'));
    const total = await post('192.0.2.3', 'tools/list');
    expect(total.status).toBe(503);
    expect(total.headers.get('retry-after')).toBe('1');
    expect(await messageOf(total)).toContain('MCPHUB_MAX_REQUESTS');

    for (const call of held) call.release();
    for (const call of held) expect((await call.response).status).toBe(200);
    expect((await post('192.0.2.1', 'tools/list')).status).toBe(200);
    expect((await post('192.0.2.3', 'tools/list')).status).toBe(200);
  });
});

describe('listen streams', () => {
  it('bounds streams per address (MCPHUB_MAX_STREAMS_PER_IP) and in all (MCPHUB_MAX_STREAMS), and frees one when its client goes away', async () => {
    const first = await listen('203.0.113.1');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/event-stream');

    const second = await listen('203.0.113.1');
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('10');
    expect(await messageOf(second)).toContain('MCPHUB_MAX_STREAMS_PER_IP');
    // The stream holds a request slot too, but calls from the same address still fit beside it.
    expect((await post('203.0.113.1', 'tools/list')).status).toBe(200);

    const other = await listen('203.0.113.2');
    expect(other.status).toBe(200);
    const full = await listen('203.0.113.3');
    expect(full.status).toBe(503);
    expect(await messageOf(full)).toContain('MCPHUB_MAX_STREAMS');

    await first.body!.cancel();
    const again = await listen('203.0.113.1');
    expect(again.status).toBe(200);
    await again.body!.cancel();
    await other.body!.cancel();
  });
});

it('answers 405 without Retry-After when the operator turned listen streams off (MCPHUB_MAX_STREAMS_PER_IP=0): retrying cannot help', async () => {
  const off = await startInProcessHub({ env: { MCPHUB_TRUST_PROXY: 'on', MCPHUB_MAX_STREAMS_PER_IP: '0' } });
  try {
    const account = await off.createAccount('streams-off@example.com');
    const refused = await off.request('/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'subscriptions/listen', authorization: `Bearer ${account.key}`, 'x-forwarded-for': '203.0.113.9' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscriptions/listen', params: { _meta: META, notifications: { toolsListChanged: true } } }),
    });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('retry-after')).toBeNull();
    expect(await messageOf(refused)).toContain('MCPHUB_MAX_STREAMS_PER_IP=0');
  } finally {
    await off.close();
  }
});
