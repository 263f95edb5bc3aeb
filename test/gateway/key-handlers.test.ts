/**
 * The gateway keeps one SDK handler per key (it holds that key's listen
 * streams), bounded: past the bound the least recently used key's handler is
 * closed, with its streams, instead of the map growing with every key seen.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';

const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
let hub: InProcessHub;

beforeAll(async () => {
  hub = await startInProcessHub({ maxKeyHandlers: 2 });
});

afterAll(async () => {
  await hub?.close();
});

function post(key: string, method: string, params: Record<string, unknown> = {}) {
  return hub.request('/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, authorization: `Bearer ${key}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { _meta: META, ...params } }),
  });
}

/** Resolves when the stream ends; reads (and drops) whatever it sends before that. */
async function ended(stream: ReadableStream<Uint8Array>): Promise<true> {
  const reader = stream.getReader();
  for (;;) if ((await reader.read()).done) return true;
}

it('closes the least recently used key handler, and its listen stream, past the bound; recently used keys keep theirs', async () => {
  const [a, b, c] = await Promise.all(['a@example.com', 'b@example.com', 'c@example.com'].map((email) => hub.createAccount(email)));
  const listenA = await post(a!.key, 'subscriptions/listen', { notifications: { toolsListChanged: true } });
  const listenB = await post(b!.key, 'subscriptions/listen', { notifications: { toolsListChanged: true } });
  expect([listenA.status, listenB.status]).toEqual([200, 200]);
  let aEnded = false;
  let bEnded = false;
  void ended(listenA.body!).then(() => (aEnded = true));
  void ended(listenB.body!).then(() => (bEnded = true));

  // A is used again, so B is now the least recently used; a third key evicts B, not A.
  expect((await post(a!.key, 'tools/list')).status).toBe(200);
  expect((await post(c!.key, 'tools/list')).status).toBe(200);
  await expect.poll(() => bEnded, { timeout: 5_000 }).toBe(true);
  // B's stream has ended, so the eviction is over; one more request of A's lets an end of A's stream (had it been closed too) arrive.
  expect((await post(a!.key, 'tools/list')).status).toBe(200);
  expect(aEnded).toBe(false);
  // An evicted key is not refused: it gets a new handler on its next request.
  expect((await post(b!.key, 'tools/list')).status).toBe(200);
});
