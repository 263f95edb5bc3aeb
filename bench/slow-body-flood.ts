/**
 * Issue 11's slow-body flood at full size (`npm run bench:flood`), bounded in
 * time and stopping by itself. A real hub process serves GitHub against the
 * GitHub-shaped fake; from 127.0.0.1 a probe calls /healthz and an
 * authenticated `tools/call` every PROBE_MS, first with the hub idle, then
 * while FLOOD_CONNECTIONS connections from one other loopback address
 * (127.0.0.2: one client, no API key) each send complete headers declaring a
 * 1 MB body and then one body byte every FLOOD_DRIP_MS, reconnecting
 * FLOOD_RECONNECT_MS after the hub closes one. The flood runs in
 * FLOOD_WORKERS child processes (this file again), so no process needs more
 * than its share of the 20,000 descriptors `ulimit -n` allows here. They run
 * at FLOOD_NICE (19): a real attacker is on another machine, and on these 2
 * cores the flood's own JavaScript, not the hub, is what saturates the CPU
 * (the hub used ~2 CPU s in a 20 s flood); FLOOD_NICE=0 shows that too. The
 * same probe against the GitHub fake directly is the control: latency the
 * loaded machine adds to any process, hub or not.
 *
 * Reports probe latency idle vs during the flood (p50, p99, max, and how many
 * took over 1 s or failed), the ratio of the two, what the flood got (answers
 * by status, connections the hub closed, connect errors) and the most file
 * descriptors the hub held at once, read from /proc.
 *
 * Options (environment): FLOOD_CONNECTIONS (20000), FLOOD_WORKERS (2),
 * FLOOD_SECONDS (20), FLOOD_DRIP_MS (2000), FLOOD_RECONNECT_MS (1000),
 * FLOOD_NICE (19), IDLE_SECONDS (5), PROBE_MS (200).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { percentile } from '../lib/usage/summary.ts';
import { slowBody, type SlowBodyOutcome } from '../test/helpers/slow-client.ts';
import { cpuSeconds, fmt, startHubTarget, type HubTarget } from './harness.ts';

const ATTACKER = '127.0.0.2';
const PROBE_TIMEOUT_MS = 5_000;
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

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
  const lanes = num('FLOOD_WORKER_CONNECTIONS', 10_000);
  const until = Date.now() + num('FLOOD_SECONDS', 20) * 1000;
  const dripMs = num('FLOOD_DRIP_MS', 2_000);
  const reconnectMs = num('FLOOD_RECONNECT_MS', 1_000);
  const report: FloodReport = { connections: 0, statuses: {}, closedByHub: 0, connectErrors: {} };
  const record = (outcome: SlowBodyOutcome) => {
    report.connections += 1;
    const status = String(outcome.status ?? 'none');
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
    if (outcome.closedByServer) report.closedByHub += 1;
    if (outcome.error) report.connectErrors[outcome.error] = (report.connectErrors[outcome.error] ?? 0) + 1;
  };
  const lane = async (index: number) => {
    // Spread the first connects over a second, as a real client opening 10,000 sockets would.
    await Bun.sleep((index / lanes) * 1_000);
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
    const child = spawn('nice', ['-n', String(num('FLOOD_NICE', 19)), process.execPath, fileURLToPath(import.meta.url)], {
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
  /** The control: the call's upstream request sent straight to the fake. */
  direct: number[];
  failures: number;
  maxHubFds: number;
}

/** Probes /healthz, one tool call and the control, one after the other, every PROBE_MS until `until`; failures and time-outs are counted, not thrown. */
async function probe(healthUrl: string, target: HubTarget, until: number, probeMs: number): Promise<Probes> {
  const result: Probes = { health: [], call: [], direct: [], failures: 0, maxHubFds: 0 };
  const call = target.viaHub('modern');
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
      const response = await fetch(healthUrl);
      if (response.status !== 200) throw new Error(`healthz ${response.status}`);
      await response.text();
    }, result.health);
    await timed(() => call(0), result.call);
    await timed(() => target.direct(), result.direct);
    result.maxHubFds = Math.max(result.maxHubFds, readdirSync(`/proc/${target.hub.pid}/fd`).length);
    await Bun.sleep(Math.max(0, next - Date.now()));
  }
  return result;
}

function row(phase: string, what: string, latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const over = sorted.filter((ms) => ms > 1_000).length;
  return `| ${phase} | ${what} | ${sorted.length} | ${fmt(percentile(sorted, 50))} | ${fmt(percentile(sorted, 99))} | ${fmt(sorted.at(-1) ?? 0)} | ${over} |`;
}

async function main(): Promise<void> {
  const connections = num('FLOOD_CONNECTIONS', 20_000);
  const workers = num('FLOOD_WORKERS', 2);
  const floodSeconds = num('FLOOD_SECONDS', 20);
  const probeMs = num('PROBE_MS', 200);
  const target = await startHubTarget({ MCPHUB_LOG_LEVEL: 'warn' });
  try {
    const port = Number(new URL(target.hub.url).port);
    const healthUrl = `${target.hub.url}/healthz`;
    console.log(`slow-body flood: ${connections} connections from ${ATTACKER} (no key, Content-Length 1000000, 1 byte every ${num('FLOOD_DRIP_MS', 2_000)} ms, reconnect after ${num('FLOOD_RECONNECT_MS', 1_000)} ms) in ${workers} processes at nice ${num('FLOOD_NICE', 19)} for ${floodSeconds} s; probes every ${probeMs} ms from 127.0.0.1; ${navigator.hardwareConcurrency} cores`);

    const idle = await probe(healthUrl, target, Date.now() + num('IDLE_SECONDS', 5) * 1000, probeMs);
    const floodStarted = Date.now();
    const hubCpuBefore = cpuSeconds(target.hub.pid);
    const flood = Promise.all(Array.from({ length: workers }, (_, i) => startFlood(port, Math.floor(connections / workers) + (i < connections % workers ? 1 : 0))));
    const during = await probe(healthUrl, target, floodStarted + floodSeconds * 1000, probeMs);
    const reports = await flood;
    const hubCpu = cpuSeconds(target.hub.pid) - hubCpuBefore;
    const floodElapsed = (Date.now() - floodStarted) / 1000;

    console.log('\n| phase | probe | samples | p50 ms | p99 ms | max ms | over 1 s |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(row('idle', '/healthz', idle.health));
    console.log(row('idle', 'tools/call', idle.call));
    console.log(row('flood', '/healthz', during.health));
    console.log(row('flood', 'tools/call', during.call));
    console.log(row('idle', 'control: upstream direct', idle.direct));
    console.log(row('flood', 'control: upstream direct', during.direct));
    const p99 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 99);
    const ratio = (key: 'health' | 'call' | 'direct') => fmt(p99(during[key]) / p99(idle[key]));
    console.log(`\np99 ratio flood / idle: /healthz ${ratio('health')}, tools/call ${ratio('call')}, control ${ratio('direct')}`);
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
    // Other work on the machine shows up in every row, the control's included.
    console.log(`load average (1, 5, 15 min) at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(', ')}`);
  } finally {
    await target.close();
  }
}
