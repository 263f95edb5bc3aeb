/**
 * Request bodies are bounded before they cost anything, through the whole
 * in-process hub: a declared length over the limit, a chunked body that runs
 * past it, and a body that stops arriving are each refused with the status
 * and setting that bounds them, the rest of the body is never read, and the
 * connection is marked for closing. A request without a valid key is
 * answered from its headers alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessHub, type InProcessAccount, type InProcessHub } from '../helpers/in-process-hub.ts';

const MAX_BODY = 64 * 1024;
let hub: InProcessHub;
let alice: InProcessAccount;

beforeAll(async () => {
  hub = await startInProcessHub({ env: { MCPHUB_MAX_BODY_BYTES: String(MAX_BODY), MCPHUB_BODY_TIMEOUT_MS: '300' } });
  alice = await hub.createAccount('alice@example.com');
});

afterAll(async () => {
  await hub?.close();
});

/** A request body the test controls: `chunks` are sent when read, then it stays open (never ends) unless `end`. */
function probeBody(chunks: string[], options: { end?: boolean; forever?: number } = {}) {
  const state = { reads: 0, cancelled: false };
  const encoder = new TextEncoder();
  const queue = [...chunks];
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        state.reads += 1;
        const next = queue.shift();
        if (next !== undefined) return controller.enqueue(encoder.encode(next));
        if (options.forever) return controller.enqueue(new Uint8Array(options.forever));
        if (options.end) return controller.close();
        await new Promise(() => {}); // the client stops sending
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

const mcpPost = (body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
  hub.request('/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);

const errorOf = async (response: Response) => ((await response.json()) as { jsonrpc: string; error: { code: number; message: string } });

describe('without a valid key', () => {
  it('answers 401 from the headers alone: the body is never read and the connection is closed', async () => {
    const { stream, state } = probeBody(['{"jsonrpc":"2.0"'], { forever: 1024 });
    const response = await mcpPost(stream, { authorization: 'Bearer mcp_sk_wrongwrongwrongwrongwrongwrongwrongwrongwro' });
    expect(response.status).toBe(401);
    expect(response.headers.get('connection')).toBe('close');
    expect(state.reads).toBe(0);
  });
});

describe('with a valid key', () => {
  const auth = () => ({ authorization: `Bearer ${alice.key}` });

  it('refuses a declared Content-Length over MCPHUB_MAX_BODY_BYTES with 413 before reading a byte', async () => {
    const { stream, state } = probeBody([], { forever: 1024 });
    const response = await mcpPost(stream, { ...auth(), 'content-length': String(MAX_BODY + 1) });
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    const { jsonrpc, error } = await errorOf(response);
    expect(jsonrpc).toBe('2.0');
    expect(error.message).toContain(`${MAX_BODY} bytes`);
    expect(error.message).toContain('MCPHUB_MAX_BODY_BYTES');
    expect(state.reads).toBe(0);
  });

  it('stops a chunked body at the limit with 413 and reads no further', async () => {
    const { stream, state } = probeBody(['{"jsonrpc":"2.0","params":"'], { forever: 16 * 1024 });
    const response = await mcpPost(stream, auth());
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect((await errorOf(response)).error.message).toContain('MCPHUB_MAX_BODY_BYTES');
    expect(state.cancelled).toBe(true);
    // 64 KiB in 16 KiB chunks: the fifth chunk crosses the limit, and nothing is read after it.
    expect(state.reads).toBeLessThanOrEqual(6);
  });

  it('gives up on a body that stops arriving with 408 naming MCPHUB_BODY_TIMEOUT_MS', async () => {
    const { stream, state } = probeBody(['{"jsonrpc":"2.0","id":1,']);
    const response = await mcpPost(stream, auth());
    expect(response.status).toBe(408);
    expect(response.headers.get('connection')).toBe('close');
    const { error } = await errorOf(response);
    expect(error.message).toContain('300 ms');
    expect(error.message).toContain('MCPHUB_BODY_TIMEOUT_MS');
    expect(state.cancelled).toBe(true);
  });

  it('serves a body that arrives in pieces within the limits, keeping the connection', async () => {
    const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
    const json = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta } });
    const { stream } = probeBody([json.slice(0, 20), json.slice(20)], { end: true });
    const response = await mcpPost(stream, auth());
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBeNull();
    expect(await response.text()).toContain('"tools"');
  });

  it('uses the plain JSON shape off /mcp', async () => {
    const response = await hub.request('/fn/github', { method: 'POST', headers: { 'content-length': String(MAX_BODY + 1) }, body: 'x' });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'body_too_large' });
  });
});
