/**
 * What the edge tells the server about each connection, through the whole
 * in-process hub with a recording peer in place of Bun's: a request in
 * progress gets the long idle timeout (a slow tool call sends nothing until
 * it answers), a plain answer puts the connection back on the short one, a
 * listen stream keeps the long one for its life, and a refusal leaves the
 * connection to close. The peer's address is the client's when no proxy is
 * trusted, and X-Forwarded-For from it is ignored.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EdgePeer } from '../../lib/server/edge/index.ts';
import { IDLE_TIMEOUT_SECONDS } from '../../lib/server/edge/index.ts';
import { IN_PROCESS_ORIGIN, startInProcessHub, type InProcessAccount, type InProcessHub } from '../helpers/in-process-hub.ts';

let hub: InProcessHub;
let alice: InProcessAccount;

beforeAll(async () => {
  // 30 s tool calls + 10 s bodies + 15 s for the key lookup: 55 s while a request is in progress.
  hub = await startInProcessHub({ env: { MCPHUB_TOOL_TIMEOUT_MS: '30000', MCPHUB_BODY_TIMEOUT_MS: '10000', MCPHUB_AUTH_FAILURES_PER_MINUTE: '2' } });
  alice = await hub.createAccount('alice@example.com');
});

afterAll(async () => {
  await hub?.close();
});

function peer(address: string): EdgePeer & { timeouts: number[] } {
  const timeouts: number[] = [];
  return { address, timeouts, setIdleTimeout: (seconds) => timeouts.push(seconds) };
}

const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
const mcp = (method: string, headers: Record<string, string> = {}, params: Record<string, unknown> = {}) =>
  new Request(new URL('/mcp', IN_PROCESS_ORIGIN), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, authorization: `Bearer ${alice.key}`, ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { _meta: META, ...params } }),
  });

it('holds a connection open while its request is in progress, then returns it to the short idle timeout', async () => {
  const socket = peer('192.0.2.10');
  const response = await hub.hub.app.handle(mcp('tools/list'), socket);
  expect(response.status).toBe(200);
  expect(socket.timeouts).toEqual([55, IDLE_TIMEOUT_SECONDS]);
});

it('keeps the long timeout for a listen stream, whose keep-alives arrive every 15 s', async () => {
  const socket = peer('192.0.2.11');
  const response = await hub.hub.app.handle(mcp('subscriptions/listen', {}, { notifications: { toolsListChanged: true } }), socket);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  expect(socket.timeouts).toEqual([55]);
  await response.body!.cancel();
});

it('counts failures by the socket address, ignoring X-Forwarded-For when no proxy is trusted', async () => {
  const socket = peer('192.0.2.12');
  const spoofed = { authorization: 'Bearer mcp_sk_wrongwrongwrongwrongwrongwrongwrongwrongwro' };
  for (let i = 0; i < 2; i += 1) expect((await hub.hub.app.handle(mcp('tools/list', { ...spoofed, 'x-forwarded-for': `198.51.100.${i}` }), socket)).status).toBe(401);
  const refused = await hub.hub.app.handle(mcp('tools/list'), socket);
  expect(refused.status).toBe(429);
  // Refused before any work: the timeout is left alone and the connection closes after the answer.
  expect(socket.timeouts).toEqual([55, 55]);
  expect(refused.headers.get('connection')).toBe('close');
  expect((await hub.hub.app.handle(mcp('tools/list'), peer('192.0.2.13'))).status).toBe(200);
});
