/**
 * The edge's own cost per request (`bun bench/edge.bench.ts`): a handler that
 * reads a small JSON POST body and answers, called bare and behind
 * `createEdge` (Host and Origin rules, throttle lookup, in-flight counting,
 * the body guard), in alternating rounds in one process. Reports the median
 * round of each in µs per request, their ratio and the µs the edge adds —
 * to set against a tools/call through the hub (bench/gateway.bench.ts).
 *
 * Options: EDGE_REQUESTS per round (20000), EDGE_ROUNDS (7).
 */
import { createLogger } from '../lib/log.ts';
import { createEdge } from '../lib/server/edge/index.ts';
import { DEFAULT_LIMITS } from '../lib/server/limits.ts';
import { fmt } from './harness.ts';

const REQUESTS = Number(process.env.EDGE_REQUESTS ?? 20_000);
const ROUNDS = Number(process.env.EDGE_ROUNDS ?? 7);
const BODY = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'github__get_me', arguments: {} } });

const request = () =>
  new Request('http://127.0.0.1:8787/mcp', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer mcp_sk_x', 'mcp-method': 'tools/call' }, body: BODY });
const handler = async (incoming: Request) => {
  await incoming.text();
  return Response.json({ jsonrpc: '2.0', id: 1, result: {} });
};
const edged = createEdge({ limits: DEFAULT_LIMITS, listenHost: '127.0.0.1', toolTimeoutMs: 30_000, logger: createLogger({ level: 'silent' }) })(handler);
const peer = { address: '127.0.0.1', setIdleTimeout: () => {} };

async function round(call: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i += 1) await (await call()).text();
  return ((performance.now() - started) / REQUESTS) * 1000;
}

const bare: number[] = [];
const withEdge: number[] = [];
for (let i = 0; i < ROUNDS; i += 1) {
  bare.push(await round(() => handler(request())));
  withEdge.push(await round(() => edged(request(), peer)));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`POST of ${BODY.length} bytes, ${REQUESTS} requests x ${ROUNDS} alternating rounds`);
console.log(`bare ${fmt(median(bare))} µs, behind the edge ${fmt(median(withEdge))} µs: ratio ${fmt(median(withEdge) / median(bare))}, the edge adds ${fmt(median(withEdge) - median(bare))} µs per request`);
