/**
 * 2025-era requests get one JSON body (lib/gateway/legacy-json.ts), not the
 * SDK's SSE framing, and keep what the SDK's legacy leg gave them: a real
 * 2025-11-25 client works, and a caller that hangs up cancels its upstream call.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { textOf } from '../helpers/hub-process.ts';
import { IN_PROCESS_ORIGIN, startGitHubHub } from '../helpers/in-process-hub.ts';
import { waitUntil } from '../helpers/wait.ts';

const { fake, hub, alice, close } = await startGitHubHub();
afterAll(close);

function legacyCall(repo: string, signal?: AbortSignal): Request {
  return new Request(new URL('/mcp', IN_PROCESS_ORIGIN), {
    method: 'POST',
    headers: { authorization: `Bearer ${alice.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'github__get_repository', arguments: { owner: 'octo', repo } } }),
    ...(signal ? { signal } : {}),
  });
}

function post(protocolVersion: string, message: Record<string, unknown>): Request {
  return new Request(new URL('/mcp', IN_PROCESS_ORIGIN), {
    method: 'POST',
    headers: { authorization: `Bearer ${alice.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': protocolVersion },
    body: JSON.stringify({ jsonrpc: '2.0', id: 9, ...message }),
  });
}

describe('2025-era requests', () => {
  it('are answered with one JSON body, not an SSE stream', async () => {
    const response = await hub.request(legacyCall('hello'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const message = (await response.json()) as { id: number; result: { content: Array<{ text: string }> } };
    expect(message.id).toBe(7);
    expect(message.result.content[0]!.text).toContain('octo/hello');
  });

  it('include an initialize whose _meta names a protocol version, as the SDK classifies it (the modern shortcut skips initialize)', async () => {
    const claim = { 'io.modelcontextprotocol/protocolVersion': '2025-11-25' };
    const params = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'test', version: '1' }, _meta: claim };
    const response = await hub.request(post('2025-11-25', { method: 'initialize', params }));
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as { result: { protocolVersion: string } }).result.protocolVersion).toBe('2025-11-25');
  });

  it('serve a 2025-11-25 SDK client from initialize to tools/call', async () => {
    const client = await hub.connect(alice.key, 'legacy');
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('github__get_repository');
      expect(textOf(await client.callTool({ name: 'github__get_repository', arguments: { owner: 'octo', repo: 'hello' } }))).toContain('octo/hello');
    } finally {
      await client.close();
    }
  });

  it('cancel the upstream call when the caller hangs up, and record it as cancelled', async () => {
    const hangUp = new AbortController();
    const answer = hub.request(legacyCall('hang', hangUp.signal)).catch((error: unknown) => error);
    await waitUntil(() => fake.held() === 1, 5_000, 'the call held at the fake');
    hangUp.abort();
    await answer;
    await waitUntil(() => fake.held() === 0, 5_000, 'the fake to see the request go');
    await waitUntil(async () => (await hub.hub.store.listUsage({ userId: alice.userId })).some((event) => event.outcome === 'cancelled'), 5_000, 'a cancelled usage event');
  });
});
