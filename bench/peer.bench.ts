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
 * system time from /proc/<pid>/stat over the measurement, divided by calls;
 * the upstream's CPU is not counted), throughput at 32, and p50 at 1 caller
 * with the p50 it adds over calling its upstream directly. Rounds alternate
 * which gateway goes first, each round is printed, and the summary takes the
 * median round. Both protocol revisions: 2026-07-28 (stateless, one POST per
 * call on both gateways) and 2025-11-25 (the hub stays stateless; mcp-proxy
 * serves a session per caller, opened before measuring).
 *
 * Options: BENCH_SECONDS (per measurement, default 3), BENCH_ROUNDS (default
 * 3), BENCH_PROTOCOL (`modern`, `legacy` or `both`, default `both`).
 * Targets: hub CPU/call ≤ 0.5 × mcp-proxy's; hub added p50 ≤ 0.3 ms.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { freePort } from '../test/helpers/hub-process.ts';
import { fmt, mcpHeaders, measure, PROTOCOL_VERSION, startHubTarget, startService, toolCall, type BenchProtocol, type Run } from './harness.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROTOCOLS: BenchProtocol[] = process.env.BENCH_PROTOCOL === 'modern' || process.env.BENCH_PROTOCOL === 'legacy' ? [process.env.BENCH_PROTOCOL] : ['modern', 'legacy'];
const CALLERS = 32;
const ECHO_MESSAGE = 'octo/hello';

interface Gateway {
  name: string;
  pid: number;
  call(protocol: BenchProtocol): Promise<(worker: number) => Promise<void>>;
  direct(): Promise<void>;
}

interface Round {
  cpuMicrosPerCall: number;
  rate: number;
  directP50: number;
  p50: number;
  p99: number;
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

async function measureRound(gateway: Gateway, protocol: BenchProtocol): Promise<Round> {
  const call = await gateway.call(protocol);
  const direct: Run = await measure(gateway.direct, 1, SECONDS);
  const single = await measure(call, 1, SECONDS);
  const loaded = await measure(call, CALLERS, SECONDS, gateway.pid);
  return {
    cpuMicrosPerCall: (loaded.cpuSeconds! * 1e6) / loaded.requests,
    rate: loaded.requests / loaded.seconds,
    directP50: direct.p50,
    p50: single.p50,
    p99: single.p99,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

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
    console.log(`hub: tools/call github__get_repository; mcp-proxy ${proxyVersion()}: tools/call echo; ${SECONDS} s per measurement, ${ROUNDS} rounds, ${navigator.hardwareConcurrency} cores, Bun ${Bun.version}`);
    console.log(`CPU/call and req/s at ${CALLERS} callers; p50 at 1 caller; "added" is over calling the gateway's upstream directly.\n`);
    console.log('| protocol | round | gateway | CPU µs/call | req/s | direct p50 ms | p50 ms | added p50 ms | p99 ms |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    const summary: string[] = [];
    for (const protocol of PROTOCOLS) {
      const rounds = new Map<string, Round[]>(gateways.map((g) => [g.name, []]));
      for (let round = 1; round <= ROUNDS; round++) {
        const order = round % 2 === 1 ? gateways : [...gateways].reverse();
        for (const gateway of order) {
          const r = await measureRound(gateway, protocol);
          rounds.get(gateway.name)!.push(r);
          console.log(`| ${PROTOCOL_VERSION[protocol]} | ${round} | ${gateway.name} | ${fmt(r.cpuMicrosPerCall, 0)} | ${fmt(r.rate, 0)} | ${fmt(r.directP50, 3)} | ${fmt(r.p50, 3)} | ${fmt(r.p50 - r.directP50, 3)} | ${fmt(r.p99, 3)} |`);
        }
      }
      const med = (name: string, pick: (r: Round) => number) => median(rounds.get(name)!.map(pick));
      const cpuRatio = med('hub', (r) => r.cpuMicrosPerCall) / med('mcp-proxy', (r) => r.cpuMicrosPerCall);
      const hubAdded = med('hub', (r) => r.p50 - r.directP50);
      summary.push(
        `| ${PROTOCOL_VERSION[protocol]} | ${fmt(med('hub', (r) => r.cpuMicrosPerCall), 0)} | ${fmt(med('mcp-proxy', (r) => r.cpuMicrosPerCall), 0)} | ${fmt(cpuRatio)} ${cpuRatio <= 0.5 ? '(target ≤ 0.5 met)' : '(target ≤ 0.5 missed)'} | ` +
          `${fmt(med('hub', (r) => r.rate) / med('mcp-proxy', (r) => r.rate))} | ${fmt(hubAdded, 3)} ${hubAdded <= 0.3 ? '(target ≤ 0.3 met)' : '(target ≤ 0.3 missed)'} | ${fmt(med('mcp-proxy', (r) => r.p50 - r.directP50), 3)} |`,
      );
    }
    console.log('\nMedian round:\n');
    console.log('| protocol | hub CPU µs/call | mcp-proxy CPU µs/call | CPU ratio hub/mcp-proxy | throughput ratio hub/mcp-proxy | hub added p50 ms | mcp-proxy added p50 ms |');
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
