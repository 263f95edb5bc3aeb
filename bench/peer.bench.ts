/**
 * The hub against a peer gateway (`npm run bench:peer`; issue 11, "speed,
 * measured against a peer").
 *
 * In one run on one machine:
 * - the hub process serving `tools/call github__get_repository` against the
 *   GitHub-shaped fake (its own process), and that fake called directly;
 * - mcp-proxy's library on Bun (bench/peer-proxy.ts) serving `tools/call echo`
 *   from an SDK echo server it fronts over stdio, and a second echo server
 *   called directly over stdio (the transport mcp-proxy fronts it on).
 *
 * Per gateway: its own process CPU per call at 32 concurrent callers (user +
 * system time from /proc/<pid>/stat over a slice, divided by the calls in it;
 * the upstream's CPU is not counted), throughput at 32, and p50 at 1 caller
 * with the p50 it adds over calling its upstream directly. Shared machines are
 * noisy, so the gateways take turns in short slices (hub, mcp-proxy, then
 * mcp-proxy, hub…), each pair is printed, and the summary gives the median
 * slice and the median of the pairs' ratios. Both protocol revisions:
 * 2026-07-28 (stateless, one POST per call on both gateways) and 2025-11-25
 * (the hub stays stateless; mcp-proxy serves a session per caller, opened
 * before measuring).
 *
 * Options: BENCH_PAIRS (default 10), BENCH_SLICE_MS (default 1000),
 * BENCH_WARMUP_MS (default 4000 per gateway and protocol: both runtimes'
 * JITs are still tiering up after the first second, and the first slices
 * ran up to twice the steady cost), BENCH_PROTOCOL (`modern`, `legacy` or
 * `both`, default `both`).
 * Targets: hub CPU/call ≤ 0.5 × mcp-proxy's; hub added p50 ≤ 0.3 ms.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { freePort } from '../test/helpers/hub-process.ts';
import { PROTOCOL_VERSION, startHubTarget, startService, toolCall } from './harness.ts';
import { CALLERS, compareGateways, compareOptionsFromEnv, openSessions, type Gateway } from './peer-compare.ts';

const OPTIONS = compareOptionsFromEnv(process.env);
const ECHO_MESSAGE = 'octo/hello';

/** The echo server as mcp-proxy sees it: JSON-RPC lines over stdio, initialized once, calls matched by id. */
async function startStdioEcho(): Promise<{ call(): Promise<void>; close(): void }> {
  const child = spawn(process.execPath, [new URL('./echo-server.ts', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
  type Answer = { id?: number; result?: { content?: Array<{ text?: string }> } };
  const pending = new Map<number, (message: Answer) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as Answer;
    if (typeof message.id !== 'number') return;
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  let id = 0;
  const request = (method: string, params: unknown) => new Promise<Answer>((resolve) => {
    id += 1;
    pending.set(id, resolve);
    child.stdin!.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
  });
  await request('initialize', { protocolVersion: PROTOCOL_VERSION.legacy, capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
  child.stdin!.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
  return {
    async call() {
      const answer = await request('tools/call', { name: 'echo', arguments: { message: ECHO_MESSAGE } });
      if (answer.result?.content?.[0]?.text !== ECHO_MESSAGE) throw new Error(`echo server answered ${JSON.stringify(answer).slice(0, 300)}`);
    },
    close: () => child.kill('SIGTERM'),
  };
}

async function main(): Promise<void> {
  const hubTarget = await startHubTarget({ MCPHUB_LOG_LEVEL: 'info' });
  const proxy = await startService(new URL('./peer-proxy.ts', import.meta.url), { PEER_PORT: String(await freePort()) });
  const echo = await startStdioEcho();
  try {
    const gateways: [Gateway, Gateway] = [
      { name: 'hub', pid: hubTarget.hub.pid, call: async (protocol) => hubTarget.viaHub(protocol), direct: hubTarget.direct },
      {
        name: 'mcp-proxy',
        pid: proxy.pid,
        async call(protocol) {
          const sessions = protocol === 'legacy' ? await openSessions(proxy.url, CALLERS) : [];
          return toolCall({
            url: proxy.url, protocol, name: 'echo', arguments: { message: ECHO_MESSAGE },
            headers: (worker): Record<string, string> => (protocol === 'legacy' ? { 'mcp-session-id': sessions[worker]! } : {}),
            accept: (text) => text.includes(ECHO_MESSAGE) && !text.includes('"isError":true'),
          });
        },
        direct: echo.call,
      },
    ];
    console.log(`hub: tools/call github__get_repository; mcp-proxy ${proxyVersion()}: tools/call echo; ${OPTIONS.pairs} pairs of ${OPTIONS.sliceMs} ms slices, ${navigator.hardwareConcurrency} cores, Bun ${Bun.version}`);
    console.log(`CPU/call at ${CALLERS} callers; p50 at 1 caller, "direct" being the gateway's upstream called without it.\n`);
    await compareGateways(gateways, OPTIONS);
  } finally {
    echo.close();
    proxy.close();
    await hubTarget.close();
  }
}

function proxyVersion(): string {
  return (createRequire(import.meta.url)('mcp-proxy/package.json') as { version: string }).version;
}

await main();
