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
import { fmt, mcpHeaders, percentiles, PROTOCOL_VERSION, runSlice, startHubTarget, startService, toolCall, type BenchProtocol } from './harness.ts';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 10);
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 1000);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 4000);
const PROTOCOLS: BenchProtocol[] = process.env.BENCH_PROTOCOL === 'modern' || process.env.BENCH_PROTOCOL === 'legacy' ? [process.env.BENCH_PROTOCOL] : ['modern', 'legacy'];
const CALLERS = 32;
const ECHO_MESSAGE = 'octo/hello';

interface Gateway {
  name: string;
  pid: number;
  call(protocol: BenchProtocol): Promise<(worker: number) => Promise<void>>;
  direct(): Promise<void>;
}

/** What one gateway accumulates over the pairs of one protocol. */
interface Tally {
  /** CPU µs per call of each 32-caller slice. */
  cpu: number[];
  calls: number;
  seconds: number;
  /** 1-caller latencies through the gateway and straight to its upstream, ms. */
  latencies: number[];
  direct: number[];
}

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

/** Opens one 2025-era session per caller on mcp-proxy (initialize + initialized), as a real 2025-11-25 client would. */
async function openSessions(url: string, count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, async (_, index) => {
    const params = { protocolVersion: PROTOCOL_VERSION.legacy, capabilities: {}, clientInfo: { name: 'bench', version: '1' } };
    const response = await fetch(url, { method: 'POST', headers: mcpHeaders('legacy', 'initialize'), body: JSON.stringify({ jsonrpc: '2.0', id: index, method: 'initialize', params }) });
    await response.text();
    const session = response.headers.get('mcp-session-id');
    if (!session) throw new Error(`mcp-proxy opened no session (${response.status})`);
    await (await fetch(url, { method: 'POST', headers: { ...mcpHeaders('legacy', 'notifications/initialized'), 'mcp-session-id': session }, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).text();
    return session;
  }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const hubTarget = await startHubTarget({ MCPHUB_LOG_LEVEL: 'info' });
  const proxy = await startService(new URL('./peer-proxy.ts', import.meta.url), { PEER_PORT: String(await freePort()) });
  const echo = await startStdioEcho();
  try {
    const gateways: Gateway[] = [
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
    console.log(`hub: tools/call github__get_repository; mcp-proxy ${proxyVersion()}: tools/call echo; ${PAIRS} pairs of ${SLICE_MS} ms slices, ${navigator.hardwareConcurrency} cores, Bun ${Bun.version}`);
    console.log(`CPU/call at ${CALLERS} callers; p50 at 1 caller, "direct" being the gateway's upstream called without it.\n`);
    console.log('| protocol | pair | hub CPU µs/call | mcp-proxy CPU µs/call | CPU ratio | hub p50 ms (direct) | mcp-proxy p50 ms (direct) |');
    console.log('|---|---|---|---|---|---|---|');
    const summary: string[] = [];
    for (const protocol of PROTOCOLS) {
      const calls = await Promise.all(gateways.map((g) => g.call(protocol)));
      const tallies: Tally[] = gateways.map(() => ({ cpu: [], calls: 0, seconds: 0, latencies: [], direct: [] }));
      // Warm-up: JIT, connection pools; at 1 caller too, the path the latency is measured on.
      for (const [i, call] of calls.entries()) {
        await runSlice(call, CALLERS, WARMUP_MS);
        await runSlice(call, 1, WARMUP_MS / 8);
        await runSlice(gateways[i]!.direct, 1, WARMUP_MS / 8);
      }
      for (let pair = 1; pair <= PAIRS; pair++) {
        const order = pair % 2 === 1 ? [0, 1] : [1, 0];
        for (const i of order) {
          const slice = await runSlice(calls[i]!, CALLERS, SLICE_MS, gateways[i]!.pid);
          tallies[i]!.cpu.push((slice.cpuSeconds! * 1e6) / slice.latencies.length);
          tallies[i]!.calls += slice.latencies.length;
          tallies[i]!.seconds += slice.seconds;
        }
        const p50s: string[] = [];
        for (const i of [0, 1]) {
          const direct = (await runSlice(gateways[i]!.direct, 1, SLICE_MS / 2)).latencies;
          const through = (await runSlice(calls[i]!, 1, SLICE_MS / 2)).latencies;
          tallies[i]!.direct.push(...direct);
          tallies[i]!.latencies.push(...through);
          p50s.push(`${fmt(percentiles(through).p50, 3)} (${fmt(percentiles(direct).p50, 3)})`);
        }
        const [hub, proxy] = tallies.map((t) => t.cpu.at(-1)!) as [number, number];
        console.log(`| ${PROTOCOL_VERSION[protocol]} | ${pair} | ${fmt(hub, 0)} | ${fmt(proxy, 0)} | ${fmt(hub / proxy)} | ${p50s[0]} | ${p50s[1]} |`);
      }
      const [hub, proxy] = tallies as [Tally, Tally];
      const cpuRatio = median(hub.cpu.map((c, i) => c / proxy.cpu[i]!));
      const added = (t: Tally) => percentiles(t.latencies).p50 - percentiles(t.direct).p50;
      summary.push(
        `| ${PROTOCOL_VERSION[protocol]} | ${fmt(median(hub.cpu), 0)} | ${fmt(median(proxy.cpu), 0)} | ${fmt(cpuRatio)} (target ≤ 0.5 ${cpuRatio <= 0.5 ? 'met' : 'missed'}) | ` +
          `${fmt(hub.calls / hub.seconds / (proxy.calls / proxy.seconds))} | ${fmt(added(hub), 3)} (target ≤ 0.3 ${added(hub) <= 0.3 ? 'met' : 'missed'}) | ${fmt(added(proxy), 3)} |`,
      );
    }
    console.log('\nSummary (median slice; CPU ratio is the median of the pairs\' ratios; p50 over all 1-caller samples):\n');
    console.log('| protocol | hub CPU µs/call | mcp-proxy CPU µs/call | CPU ratio hub/mcp-proxy | throughput ratio hub/mcp-proxy at 32 | hub added p50 ms | mcp-proxy added p50 ms |');
    console.log('|---|---|---|---|---|---|---|');
    for (const line of summary) console.log(line);
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
