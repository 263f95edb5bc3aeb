/**
 * The per-message cap under remote MCP servers (lib/remote/message-cap.ts):
 * an event stream passes whole events however the bytes are split across
 * chunks (progress arrives before the result), an event past the cap is
 * replaced by a JSON-RPC error for the request's id and the upstream body
 * cancelled, and a JSON body is capped whole the same way.
 */
import { describe, expect, it } from 'vitest';
import { cappedMessageFetch, TOO_LARGE_CODE } from '../../lib/remote/message-cap.ts';

const encoder = new TextEncoder();

/** A fetch answering with `chunks` as the body, recording whether the body was cancelled. */
function upstream(contentType: string, chunks: string[]) {
  const state = { cancelled: false, pulled: 0 };
  const base = (async () => {
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        state.pulled += 1;
        if (i < chunks.length) controller.enqueue(encoder.encode(chunks[i++]!));
        else controller.close();
      },
      cancel() {
        state.cancelled = true;
      },
    });
    return new Response(body, { headers: { 'content-type': contentType } });
  }) as unknown as typeof fetch;
  return { base, state };
}

async function readAll(response: Response): Promise<string[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(decoder.decode(value));
  }
}

const post = { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'x' } }) };

describe('cappedMessageFetch', () => {
  it('passes an event stream on whole events, however its bytes are split', async () => {
    const progress = 'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}\n\n';
    const result = 'event: message\ndata: {"jsonrpc":"2.0","id":7,"result":{}}\n\n';
    const all = progress + result;
    const { base } = upstream('text/event-stream', [all.slice(0, 10), all.slice(10, progress.length - 1), all.slice(progress.length - 1, progress.length + 5), all.slice(progress.length + 5)]);
    const parts = await readAll(await cappedMessageFetch(base, { maxBytes: 1_000, serverName: 'acme' })('http://x/mcp', post));
    expect(parts).toEqual([progress, result]);
  });

  it('replaces an event past the cap with a JSON-RPC error for the request, and cancels the upstream body', async () => {
    const small = 'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}\n\n';
    const { base, state } = upstream('text/event-stream', [small, 'event: message\ndata: ', 'x'.repeat(600), 'x'.repeat(600), 'never read\n\n']);
    const parts = await readAll(await cappedMessageFetch(base, { maxBytes: 1_000, serverName: 'acme' })('http://x/mcp', post));
    expect(parts[0]).toBe(small);
    const refusal = JSON.parse(parts[1]!.replace(/^event: message\ndata: /, '')) as { id: number; error: { code: number; message: string } };
    expect(refusal).toMatchObject({ id: 7, error: { code: TOO_LARGE_CODE } });
    expect(refusal.error.message).toMatch(/acme answered with a message of more than 1,000 bytes.*MCPHUB_MAX_UPSTREAM_BYTES/);
    expect(parts).toHaveLength(2);
    expect(state.cancelled).toBe(true);
  });

  it('caps a JSON body whole: within the cap as it came, past it a JSON-RPC error for the request', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 7, result: { content: [] } });
    const ok = await cappedMessageFetch(upstream('application/json', [body.slice(0, 5), body.slice(5)]).base, { maxBytes: 1_000, serverName: 'acme' })('http://x/mcp', post);
    expect(await ok.text()).toBe(body);
    const big = upstream('application/json', ['{"jsonrpc":"2.0","id":7,"result":"', 'y'.repeat(2_000), '"}']);
    const refused = (await (await cappedMessageFetch(big.base, { maxBytes: 1_000, serverName: 'acme' })('http://x/mcp', post)).json()) as { id: number; error: { code: number } };
    expect(refused).toMatchObject({ id: 7, error: { code: TOO_LARGE_CODE } });
    expect(big.state.cancelled).toBe(true);
  });

  it('passes a JSON body that declares a length within the cap as it is, and reads any other one within the cap', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 7, result: { content: [] } });
    const declared = new Response(body, { headers: { 'content-type': 'application/json', 'content-length': String(body.length) } });
    const passed = await cappedMessageFetch((async () => declared) as unknown as typeof fetch, { maxBytes: 1_000, serverName: 'acme' })('http://x/mcp', post);
    expect(passed).toBe(declared);
    // Declared past the cap: read, and refused as it passes the cap.
    const long = '{"jsonrpc":"2.0","id":7,"result":"' + 'y'.repeat(2_000) + '"}';
    const over = new Response(long, { headers: { 'content-type': 'application/json', 'content-length': String(long.length) } });
    const refused = (await (await cappedMessageFetch((async () => over) as unknown as typeof fetch, { maxBytes: 1_000, serverName: 'acme' })('http://x/mcp', post)).json()) as { id: number; error: { code: number } };
    expect(refused).toMatchObject({ id: 7, error: { code: TOO_LARGE_CODE } });
    // A compressed body's declared length says nothing of what it decompresses to: read and capped.
    const encoded = new Response(long, { headers: { 'content-type': 'application/json', 'content-length': '10', 'content-encoding': 'gzip' } });
    const capped = (await (await cappedMessageFetch((async () => encoded) as unknown as typeof fetch, { maxBytes: 1_000, serverName: 'acme' })('http://x/mcp', post)).json()) as { id: number; error: { code: number } };
    expect(capped).toMatchObject({ id: 7, error: { code: TOO_LARGE_CODE } });
  });

  it('reads an error answer only for its words: a bounded prefix, the rest cancelled', async () => {
    const { base, state } = upstream('text/plain', ['x'.repeat(40_000), 'x'.repeat(40_000), 'x'.repeat(40_000)]);
    const failing = (async (...args: Parameters<typeof fetch>) => {
      const ok = await base(...args);
      return new Response(ok.body, { status: 500, headers: { 'content-type': 'text/plain' } });
    }) as typeof fetch;
    const response = await cappedMessageFetch(failing, { maxBytes: 10_000_000, serverName: 'acme' })('http://127.0.0.1:9/mcp', post);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('acme answered HTTP 500 with an error body past 65,536 bytes, which MCP Hub did not read.');
    expect(state.cancelled).toBe(true);
  });
});
