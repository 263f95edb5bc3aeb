/**
 * The plain-POST `tools/call` to a 2026-07-28 upstream (lib/remote/fast-call.ts):
 * it sends what the SDK's transport sends, and reads answers as the SDK
 * does — a JSON body, an event stream (list_changed on the way passed on),
 * a JSON-RPC error as a ProtocolError, an HTTP failure with its status, a
 * result without `resultType` refused. test/remote/* run it end to end.
 */
import { ProtocolError, SdkError, SdkHttpError } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { fastCallTool, plainHeaderValue, type FastTarget } from '../../lib/remote/fast-call.ts';

function target(answer: (body: { id: number }) => Response, seen: Array<{ headers: Headers; body: Record<string, unknown> }> = []): FastTarget & { changed: number } {
  const t = {
    changed: 0,
    url: new URL('http://127.0.0.1:1/mcp'),
    fetch: (async (_url: URL, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { id: number };
      seen.push({ headers: new Headers(init.headers), body });
      return answer(body);
    }) as unknown as typeof fetch,
    headers: { authorization: 'Bearer t', 'mcp-protocol-version': '2026-07-28' },
    envelope: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' },
    onToolsChanged: () => void (t.changed += 1),
  };
  return t;
}

const call = { name: 'echo', arguments: { message: 'hi' } };
const signal = new AbortController().signal;

describe('fastCallTool', () => {
  it('sends the SDK transport’s request and lifts resultType off a JSON answer', async () => {
    const seen: Array<{ headers: Headers; body: Record<string, unknown> }> = [];
    const t = target(({ id }) => Response.json({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: 'hi' }], resultType: 'complete', _meta: { a: 1 } } }), seen);
    expect(await fastCallTool(t, call, signal)).toEqual({ content: [{ type: 'text', text: 'hi' }], _meta: { a: 1 } });
    const [{ headers, body }] = seen as [{ headers: Headers; body: Record<string, unknown> }];
    expect(Object.fromEntries(headers)).toMatchObject({ authorization: 'Bearer t', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'echo', 'content-type': 'application/json', accept: 'application/json, text/event-stream' });
    expect(body).toMatchObject({ jsonrpc: '2.0', method: 'tools/call', params: { name: 'echo', arguments: { message: 'hi' }, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } } });
  });

  it('reads an event stream up to its answer, passing list_changed on', async () => {
    const t = target(({ id }) => new Response(
      `event: message\ndata: {"jsonrpc":"2.0","method":"notifications/tools/list_changed"}\n\nevent: message\r\ndata: {"jsonrpc":"2.0","id":${id},\r\ndata: "result":{"content":[],"resultType":"complete"}}\r\n\r\n`,
      { headers: { 'content-type': 'text/event-stream' } },
    ));
    expect(await fastCallTool(t, call, signal)).toEqual({ content: [] });
    expect(t.changed).toBe(1);
  });

  it('turns errors into what the SDK throws: ProtocolError, SdkHttpError with the status, an invalid result', async () => {
    const refused = target(({ id }) => Response.json({ jsonrpc: '2.0', id, error: { code: -32602, message: 'bad arguments' } }, { status: 400 }));
    await expect(fastCallTool(refused, call, signal)).rejects.toSatisfy((e) => e instanceof ProtocolError && e.code === -32602 && /bad arguments/.test(e.message));
    const unauthorized = target(() => new Response('no', { status: 401 }));
    await expect(fastCallTool(unauthorized, call, signal)).rejects.toSatisfy((e) => e instanceof SdkHttpError && e.status === 401);
    const noType = target(({ id }) => Response.json({ jsonrpc: '2.0', id, result: { content: [] } }));
    await expect(fastCallTool(noType, call, signal)).rejects.toSatisfy((e) => e instanceof SdkError && /resultType/.test(e.message));
    const invalid = target(({ id }) => Response.json({ jsonrpc: '2.0', id, result: { content: 'x', resultType: 'complete' } }));
    await expect(fastCallTool(invalid, call, signal)).rejects.toThrow(/content is not an array/);
    const closed = target(() => new Response('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/message"}\n\n', { headers: { 'content-type': 'text/event-stream' } }));
    await expect(fastCallTool(closed, call, signal)).rejects.toThrow(/closed the event stream/);
  });

  it('takes only names that go in Mcp-Name unchanged', () => {
    expect(plainHeaderValue('search.docs')).toBe(true);
    expect(plainHeaderValue('Create Item')).toBe(true);
    expect(plainHeaderValue(' padded')).toBe(false);
    expect(plainHeaderValue('café')).toBe(false);
    expect(plainHeaderValue('=?base64?x?=')).toBe(false);
  });
});
