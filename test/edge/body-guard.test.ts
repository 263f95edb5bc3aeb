/**
 * The body guard (lib/server/edge/body.ts) on its own: a declared-length body
 * keeps the deadline however a route reads it — through a Body method, or as
 * a stream (the dashboard's proxy reads `request.body`).
 */
import { describe, expect, it } from 'vitest';
import { guardBody } from '../../lib/server/edge/body.ts';

const LIMITS = { maxBodyBytes: 1_000, bodyTimeoutMs: 100 };

/** A POST declaring `length` bytes whose body sends `sent` and then stops (a client dripping its body). */
function stalledRequest(length: number, sent: string): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(sent));
    },
  });
  const init: RequestInit & { duplex: 'half' } = { method: 'POST', headers: { 'content-length': String(length) }, body, duplex: 'half' };
  return new Request('http://127.0.0.1/x', init);
}

describe('a declared-length body', () => {
  it('looked at as request.body and then read with a method (as Elysia parses JSON) is read whole', async () => {
    const guarded = guardBody(new Request('http://127.0.0.1/x', { method: 'POST', headers: { 'content-length': '8', 'content-type': 'application/json' }, body: '{"a":1}\n' }), LIMITS);
    expect(guarded.request.body).not.toBeNull();
    expect(await guarded.request.json()).toEqual({ a: 1 });
    expect(guarded.complete()).toBe(true);
  });

  it('read with text() that stops arriving is refused as too slow at the deadline', async () => {
    const guarded = guardBody(stalledRequest(10, 'abc'), LIMITS);
    await expect(guarded.request.text()).rejects.toThrow(/not received within 100 ms/);
    expect(guarded.refusal()).toBe('too_slow');
    expect(guarded.complete()).toBe(false);
  });

  it('read as a stream that stops arriving is refused as too slow at the deadline', async () => {
    const guarded = guardBody(stalledRequest(10, 'abc'), LIMITS);
    await expect(new Response(guarded.request.body).text()).rejects.toThrow(/not received within 100 ms/);
    expect(guarded.refusal()).toBe('too_slow');
  });

  it('read whole, by a method or as a stream, is complete and unchanged', async () => {
    const byMethod = guardBody(new Request('http://127.0.0.1/x', { method: 'POST', headers: { 'content-length': '5' }, body: 'hello' }), LIMITS);
    expect(await byMethod.request.json().catch(() => null)).toBeNull(); // not JSON, but read to its end
    expect(byMethod.complete()).toBe(true);
    const byStream = guardBody(new Request('http://127.0.0.1/x', { method: 'POST', headers: { 'content-length': '5' }, body: 'hello' }), LIMITS);
    expect(await new Response(byStream.request.body).text()).toBe('hello');
    expect(byStream.complete()).toBe(true);
    expect(byStream.refusal()).toBeNull();
  });

  it('of zero bytes, or no body at all, is complete without a read, so the connection stays open', () => {
    expect(guardBody(new Request('http://127.0.0.1/x', { method: 'POST', headers: { 'content-length': '0' } }), LIMITS).complete()).toBe(true);
    expect(guardBody(new Request('http://127.0.0.1/x'), LIMITS).complete()).toBe(true);
  });
});
