/**
 * Issue 11's slow-body flood at full size (`npm run bench:flood`), bounded in
 * time and stopping by itself. A real hub process serves GitHub against the
 * GitHub-shaped fake. From 127.0.0.1 a probe calls /healthz and an
 * authenticated `tools/call` every PROBE_MS, each on a new connection (as a
 * client arriving during the flood would: a kept-alive one would not notice
 * a hub that accepts no more), first with the hub idle, then while
 * FLOOD_CONNECTIONS connections from one other loopback address (127.0.0.2:
 * one client, no API key) each send complete headers declaring a 1 MB body
 * and then one body byte every FLOOD_DRIP_MS, reconnecting FLOOD_RECONNECT_MS
 * after the hub closes one. The control is the call's upstream request sent
 * straight to the fake on a kept-alive connection: the latency the loaded
 * machine adds to any process, hub or not.
 *
 * The flood runs in FLOOD_WORKERS child processes (this file again), so none
 * needs more than its share of the 20,000 descriptors `ulimit -n` allows
 * here. They share the machine's 2 cores with the hub, as a real attacker
 * would not; FLOOD_NICE=19 gives them only what the hub leaves.
 *
 * Reports probe latency idle and during the flood (p50, p99, max, how many
 * took over 1 s or failed) and their ratio, also for a client that keeps its
 * connection; what the flood got (answers by status, connections the hub
 * closed, connect errors); the most file descriptors the hub held at once
 * (from /proc), its CPU, the connections the kernel dropped from full listen
 * queues, and the load average, since other work on the machine shows in
 * every row.
 *
 * Options (environment): FLOOD_CONNECTIONS (22000: more than the 20,000
 * descriptors the hub may open, as in the issue), FLOOD_WORKERS (3),
 * FLOOD_SECONDS (40), FLOOD_RAMP_SECONDS (20: the first connects are spread
 * over this long; faster overflows the hub's accept queue, and the kernel's
 * SYN retries then slow the flood down by themselves), FLOOD_DRIP_MS (5000),
 * FLOOD_RECONNECT_MS (1000), FLOOD_NICE (0), IDLE_SECONDS (5), PROBE_MS (200).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { percentile } from '../lib/usage/summary.ts';
import { slowBody, type SlowBodyOutcome } from '../test/helpers/slow-client.ts';
import { cpuSeconds, fmt, startHubTarget, toolCall, type HubTarget } from './harness.ts';

const ATTACKER = '127.0.0.2';
const PROBE_TIMEOUT_MS = 5_000;
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** Read the same way here and in each worker, which inherits the environment. */
const SETTINGS = {
  connections: num('FLOOD_CONNECTIONS', 22_000),
  workers: num('FLOOD_WORKERS', 3),
  seconds: num('FLOOD_SECONDS', 40),
  rampMs: num('FLOOD_RAMP_SECONDS', 20) * 1000,
  dripMs: num('FLOOD_DRIP_MS', 5_000),
  reconnectMs: num('FLOOD_RECONNECT_MS', 1_000),
  nice: num('FLOOD_NICE', 0),
  idleSeconds: num('IDLE_SECONDS', 5),
  probeMs: num('PROBE_MS', 200),
};

interface FloodReport {
  connections: number;
  statuses: Record<string, number>;
  closedByHub: number;
  connectErrors: Record<string, number>;
}

if (process.env.FLOOD_WORKER_PORT) await floodWorker();
else await main();

/** One flood process: `FLOOD_WORKER_CONNECTIONS` lanes, each a slow-body connection reopened after the hub closes it. */
async function floodWorker(): Promise<void> {
  const port = Number(process.env.FLOOD_WORKER_PORT);
  const lanes = Number(process.env.FLOOD_WORKER_CONNECTIONS);
  const { dripMs, reconnectMs, rampMs } = SETTINGS;
  const until = Date.now() + SETTINGS.seconds * 1000;
  const report: FloodReport = { connections: 0, statuses: {}, closedByHub: 0, connectErrors: {} };
  const record = (outcome: SlowBodyOutcome) => {
    report.connections += 1;
    const status = String(outcome.status ?? 'none');
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
    if (outcome.closedByServer) report.closedByHub += 1;
    if (outcome.error) report.connectErrors[outcome.error] = (report.connectErrors[outcome.error] ?? 0) + 1;
  };
  const lane = async (index: number) => {
    await Bun.sleep((index / lanes) * rampMs);
    while (Date.now() < until) {
      record(await slowBody({ port, localAddress: ATTACKER, dripMs, giveUpMs: Math.max(1, until - Date.now()) }));
      if (Date.now() + reconnectMs < until) await Bun.sleep(reconnectMs);
      else break;
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, index) => lane(index)));
  process.stdout.write(JSON.stringify(report) + '\n');
}

function startFlood(port: number, connections: number): Promise<FloodReport> {
  return new Promise((resolve, reject) => {
    const child = spawn('nice', ['-n', String(SETTINGS.nice), process.execPath, fileURLToPath(import.meta.url)], {
      env: { ...process.env, FLOOD_WORKER_PORT: String(port), FLOOD_WORKER_CONNECTIONS: String(connections) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as FloodReport) : reject(new Error(`flood worker exited with ${code}`))));
  });
}

interface Probes {
  health: number[];
  call: number[];
  /** The same call from a client that keeps its connection, as an MCP client does between calls. */
  keptAlive: number[];
  /** The control: the call's upstream request sent straight to the fake, kept alive. */
  direct: number[];
  failures: number;
  maxHubFds: number;
}

/** Probes /healthz, one tool call and the control, one after the other, every PROBE_MS until `until`; failures and time-outs are counted, not thrown. */
async function probe(healthUrl: string, target: HubTarget, until: number, probeMs: number): Promise<Probes> {
  const result: Probes = { health: [], call: [], keptAlive: [], direct: [], failures: 0, maxHubFds: 0 };
  const keptAlive = target.viaHub('modern');
  // Each probe on a new connection, as a client arriving during the flood: a kept-alive one would not notice a hub that accepts no more.
  const call = toolCall({
    url: target.hub.mcpUrl, protocol: 'modern', name: 'github__get_repository', arguments: { owner: 'octo', repo: 'hello' },
    headers: () => ({ authorization: `Bearer ${target.account.key}`, connection: 'close' }),
    accept: (text) => text.includes('octo/hello') && !text.includes('"isError":true'),
  });
  const timed = async (work: () => Promise<unknown>, into: number[]) => {
    const started = performance.now();
    try {
      await Promise.race([work(), Bun.sleep(PROBE_TIMEOUT_MS).then(() => Promise.reject(new Error('timed out')))]);
      into.push(performance.now() - started);
    } catch {
      result.failures += 1;
      into.push(PROBE_TIMEOUT_MS);
    }
  };
  while (Date.now() < until) {
    const next = Date.now() + probeMs;
    await timed(async () => {
      const response = await fetch(healthUrl, { headers: { connection: 'close' } });
      if (response.status !== 200) throw new Error(`healthz ${response.status}`);
      await response.text();
    }, result.health);
    await timed(() => call(0), result.call);
    await timed(() => keptAlive(0), result.keptAlive);
    await timed(() => target.direct(), result.direct);
    result.maxHubFds = Math.max(result.maxHubFds, readdirSync(`/proc/${target.hub.pid}/fd`).length);
    await Bun.sleep(Math.max(0, next - Date.now()));
  }
  return result;
}

/**
 * Connection attempts the kernel dropped because a listen queue was full. Bun
 * listens with a backlog of 512 (not configurable in 1.4.5), so a fast
 * enough reconnect flood overflows it however cheaply the hub answers, and a
 * new client's SYN dropped there is retried by its kernel after 1 s.
 */
function listenOverflows(): number {
  const [names, values] = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((line) => line.startsWith('TcpExt:'));
  const index = names!.split(' ').indexOf('ListenOverflows');
  return Number(values!.split(' ')[index]);
}

function row(phase: string, what: string, latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const over = sorted.filter((ms) => ms > 1_000).length;
  return `| ${phase} | ${what} | ${sorted.length} | ${fmt(percentile(sorted, 50))} | ${fmt(percentile(sorted, 99))} | ${fmt(sorted.at(-1) ?? 0)} | ${over} |`;
}

async function main(): Promise<void> {
  const { connections, workers, probeMs } = SETTINGS;
  const target = await startHubTarget({ MCPHUB_LOG_LEVEL: 'warn' });
  try {
    const port = Number(new URL(target.hub.url).port);
    const healthUrl = `${target.hub.url}/healthz`;
    console.log(`slow-body flood: ${connections} connections from ${ATTACKER} (no key, Content-Length 1000000, 1 byte every ${SETTINGS.dripMs} ms, reconnect after ${SETTINGS.reconnectMs} ms), opened over ${SETTINGS.rampMs / 1000} s by ${workers} processes at nice ${SETTINGS.nice}, for ${SETTINGS.seconds} s; probes every ${probeMs} ms from 127.0.0.1; ${navigator.hardwareConcurrency} cores`);

    const idle = await probe(healthUrl, target, Date.now() + SETTINGS.idleSeconds * 1000, probeMs);
    const floodStarted = Date.now();
    const hubCpuBefore = cpuSeconds(target.hub.pid);
    const overflowsBefore = listenOverflows();
    const flood = Promise.all(Array.from({ length: workers }, (_, i) => startFlood(port, Math.floor(connections / workers) + (i < connections % workers ? 1 : 0))));
    const during = await probe(healthUrl, target, floodStarted + SETTINGS.seconds * 1000, probeMs);
    const reports = await flood;
    const hubCpu = cpuSeconds(target.hub.pid) - hubCpuBefore;
    const overflows = listenOverflows() - overflowsBefore;
    const floodElapsed = (Date.now() - floodStarted) / 1000;

    console.log('\n| phase | probe | samples | p50 ms | p99 ms | max ms | over 1 s |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(row('idle', '/healthz', idle.health));
    console.log(row('idle', 'tools/call', idle.call));
    console.log(row('flood', '/healthz', during.health));
    console.log(row('flood', 'tools/call', during.call));
    console.log(row('idle', 'tools/call, kept-alive client', idle.keptAlive));
    console.log(row('flood', 'tools/call, kept-alive client', during.keptAlive));
    console.log(row('idle', 'control: upstream direct', idle.direct));
    console.log(row('flood', 'control: upstream direct', during.direct));
    const p99 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 99);
    const ratio = (key: 'health' | 'call' | 'keptAlive' | 'direct') => fmt(p99(during[key]) / p99(idle[key]));
    console.log(`\np99 ratio flood / idle: /healthz ${ratio('health')}, tools/call ${ratio('call')}, kept-alive ${ratio('keptAlive')}, control ${ratio('direct')}`);
    console.log(`probe failures (error or over ${PROBE_TIMEOUT_MS} ms): idle ${idle.failures}, flood ${during.failures}`);

    const total = reports.reduce<FloodReport>((sum, r) => {
      sum.connections += r.connections;
      sum.closedByHub += r.closedByHub;
      for (const [k, v] of Object.entries(r.statuses)) sum.statuses[k] = (sum.statuses[k] ?? 0) + v;
      for (const [k, v] of Object.entries(r.connectErrors)) sum.connectErrors[k] = (sum.connectErrors[k] ?? 0) + v;
      return sum;
    }, { connections: 0, statuses: {}, closedByHub: 0, connectErrors: {} });
    console.log(`flood: ${total.connections} connections, answers by status ${JSON.stringify(total.statuses)}, closed by the hub ${total.closedByHub}, connect errors ${JSON.stringify(total.connectErrors)}`);
    console.log(`hub file descriptors, most at once: idle ${idle.maxHubFds}, flood ${during.maxHubFds}; hub CPU during the flood ${fmt(hubCpu)} s in ${fmt(floodElapsed, 1)} s`);
    console.log(`connections the kernel dropped because a listen queue was full (machine-wide, TcpExt ListenOverflows): ${overflows}`);
    console.log(`load average (1, 5, 15 min) at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(', ')}`);
  } finally {
    await target.close();
  }
}
