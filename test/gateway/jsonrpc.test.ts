/**
 * JSON-RPC conformance the SDK leaves to the hub (lib/gateway/jsonrpc.ts),
 * with raw requests through the in-process hub: batches only on the revision
 * that had them, and -32602 (not -32603) for invalid params of the methods
 * the SDK dispatches itself.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startGitHubHub } from '../helpers/in-process-hub.ts';

const { fake, hub, alice, close } = await startGitHubHub();
afterAll(close);

type RpcMessage = { id?: unknown; result?: unknown; error?: { code: number; message: string } };

async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; messages: RpcMessage[] }> {
  const response = await hub.request('/mcp', {
    method: 'POST',
    headers: { authorization: `Bearer ${alice.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const messages = (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
    ? text.split('\n').filter((line) => line.startsWith('data: ') && line.length > 6).map((line) => JSON.parse(line.slice(6)) as RpcMessage)
    : text ? ([] as RpcMessage[]).concat(JSON.parse(text) as RpcMessage | RpcMessage[]) : [];
  return { status: response.status, messages };
}

const call = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'github__get_me', arguments: {} } });
const list = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/list' });
const INITIALIZE_PARAMS = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1.0.0' } };

describe('JSON-RPC batches', () => {
  it.each(['2025-06-18', '2025-11-25', '2026-07-28'])('are refused on %s (-32600, naming the revision), and none of their calls runs', async (revision) => {
    const upstreamBefore = fake.requests.length;
    const usageBefore = (await hub.hub.store.listUsage({ userId: alice.userId })).length;
    const { status, messages } = await post([call(1), call(2), call(3)], { 'mcp-protocol-version': revision });
    expect(status).toBe(400);
    expect(messages).toEqual([{ jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringContaining(`not allowed on protocol revision ${revision} (batching was removed in 2025-06-18)`) } }]);
    expect(fake.requests.length).toBe(upstreamBefore);
    expect(await hub.hub.store.listUsage({ userId: alice.userId })).toHaveLength(usageBefore);
  });

  it('of 100 tools/list on 2025-11-25 are refused as one, not answered 100 times', async () => {
    const { status, messages } = await post(Array.from({ length: 100 }, (_, i) => list(i + 1)), { 'mcp-protocol-version': '2025-11-25' });
    expect(status).toBe(400);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.error!.code).toBe(-32600);
  });

  it.each([['2025-03-26', { 'mcp-protocol-version': '2025-03-26' }], ['no header (2025-03-26 assumed)', {}]] as const)('are still served on the revision that had them: %s', async (_label, headers) => {
    const { status, messages } = await post([list(1), list(2)], headers);
    expect(status).toBe(200);
    expect(messages.map((message) => message.id).sort()).toEqual([1, 2]);
    expect(messages.every((message) => message.error === undefined)).toBe(true);
  });

  it('single requests on 2025-11-25 are unaffected', async () => {
    const { status, messages } = await post(list(7), { 'mcp-protocol-version': '2025-11-25' });
    expect(status).toBe(200);
    expect(messages[0]).toMatchObject({ id: 7, result: { tools: expect.arrayContaining([expect.objectContaining({ name: 'github__get_me' })]) } });
  });
});

describe('invalid params', () => {
  it.each([
    ['a protocolVersion that is not a string', { ...INITIALIZE_PARAMS, protocolVersion: 123 }, '`params.protocolVersion`'],
    ['no clientInfo', { protocolVersion: '2025-11-25', capabilities: {} }, '`params.clientInfo`'],
    ['no params at all', undefined, '`params`'],
  ])('of initialize (%s) answer -32602 naming the field, not -32603', async (_label, params, field) => {
    const { messages } = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', ...(params === undefined ? {} : { params }) });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.id).toBe(1);
    expect(messages[0]!.error!.code).toBe(-32602);
    expect(messages[0]!.error!.message).toMatch(/^Invalid params for initialize: /);
    expect(messages[0]!.error!.message).toContain(field);
  });

  it('of tools/list (a cursor that is not a string) answer -32602 too', async () => {
    const { messages } = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: { cursor: 5 } }, { 'mcp-protocol-version': '2025-11-25' });
    expect(messages[0]!.error).toMatchObject({ code: -32602, message: expect.stringContaining('`params.cursor`') });
  });

  it('leave a valid initialize alone', async () => {
    const { status, messages } = await post({ jsonrpc: '2.0', id: 3, method: 'initialize', params: INITIALIZE_PARAMS });
    expect(status).toBe(200);
    expect(messages[0]).toMatchObject({ id: 3, result: { protocolVersion: '2025-11-25', serverInfo: { name: 'mcphub' } } });
  });
});
