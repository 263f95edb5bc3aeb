/**
 * The comparison both peer benchmarks run (bench/peer.bench.ts,
 * bench/peer-remote.bench.ts): gateways take turns in short slices (A, B,
 * then B, A…) at 32 callers, each slice's CPU per call read from the
 * gateway's own process (/proc/<pid>/stat, so its upstream is not counted),
 * then a 1-caller slice straight to the upstream and one through the gateway.
 * Each pair is printed; the summary gives the median slice, the median of the
 * pairs' CPU ratios (first gateway over the second) and the p50 each gateway
 * adds over its upstream called directly — and, when a floor is given (the
 * same upstream behind a forwarder with no logic, bench/bare-forwarder.ts),
 * what that floor adds, measured in the same pairs: the part of a gateway's
 * added latency that is the runtime's two extra hops, not the gateway's work.
 */
import { fmt, mcpHeaders, percentiles, PROTOCOL_VERSION, runSlice, type BenchProtocol } from './harness.ts';

export const CALLERS = 32;

export interface Gateway {
  name: string;
  pid: number;
  /** The 32-caller / 1-caller request through the gateway for `protocol` (sessions opened here, before measuring). */
  call(protocol: BenchProtocol): Promise<(worker: number) => Promise<void>>;
  /** The same call on the gateway's upstream, without it. */
  direct(): Promise<void>;
}

/** A forwarder with no logic in front of the same upstream: its 1-caller call, and the upstream called directly. */
export interface Floor {
  name: string;
  call(worker: number): Promise<void>;
  direct(): Promise<void>;
}

export interface CompareOptions {
  pairs: number;
  sliceMs: number;
  /** Per gateway and protocol, at 32 callers (and an eighth of it at 1 caller, through and direct). */
  warmupMs: number;
  protocols: BenchProtocol[];
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

/** One protocol's outcome, for a caller that wants the figures (an A/B script). */
export interface CompareSummary {
  protocol: BenchProtocol;
  cpu: [number, number];
  cpuRatio: number;
  throughputRatio: number;
  addedP50: [number, number];
  /** What the floor adds, when there is one. */
  floorAddedP50?: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Opens one 2025-era session per caller (initialize + initialized), as a real 2025-11-25 client would. */
export async function openSessions(url: string, count: number, headers: Record<string, string> = {}): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, async (_, index) => {
    const params = { protocolVersion: PROTOCOL_VERSION.legacy, capabilities: {}, clientInfo: { name: 'bench', version: '1' } };
    const response = await fetch(url, { method: 'POST', headers: { ...mcpHeaders('legacy', 'initialize'), ...headers }, body: JSON.stringify({ jsonrpc: '2.0', id: index, method: 'initialize', params }) });
    await response.text();
    const session = response.headers.get('mcp-session-id');
    if (!session) throw new Error(`${url} opened no session (${response.status})`);
    await (await fetch(url, { method: 'POST', headers: { ...mcpHeaders('legacy', 'notifications/initialized'), ...headers, 'mcp-session-id': session }, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).text();
    return session;
  }));
}

/**
 * Runs the alternating comparison of two gateways, printing per-pair rows and
 * a summary table; returns the summaries. The first gateway is the hub, whose
 * issue-11 targets the summary checks unless `targets` is false (an A/B).
 */
export async function compareGateways(gateways: [Gateway, Gateway], options: CompareOptions, { targets = true, floor }: { targets?: boolean; floor?: Floor } = {}): Promise<CompareSummary[]> {
  const verdict = (met: boolean, target: string) => (targets ? ` (target ${target} ${met ? 'met' : 'missed'})` : '');
  const [a, b] = gateways.map((g) => g.name) as [string, string];
  console.log(`| protocol | pair | ${a} CPU µs/call | ${b} CPU µs/call | CPU ratio | ${a} p50 ms (direct) | ${b} p50 ms (direct) |`);
  console.log('|---|---|---|---|---|---|---|');
  const summaries: CompareSummary[] = [];
  for (const protocol of options.protocols) {
    const calls = await Promise.all(gateways.map((g) => g.call(protocol)));
    const tallies: Tally[] = gateways.map(() => ({ cpu: [], calls: 0, seconds: 0, latencies: [], direct: [] }));
    const floorTally: Tally = { cpu: [], calls: 0, seconds: 0, latencies: [], direct: [] };
    if (floor) {
      await runSlice(floor.call, 1, options.warmupMs / 8);
      await runSlice(floor.direct, 1, options.warmupMs / 8);
    }
    // Warm-up: JIT, connection pools; at 1 caller too, the path the latency is measured on.
    for (const [i, call] of calls.entries()) {
      await runSlice(call, CALLERS, options.warmupMs);
      await runSlice(call, 1, options.warmupMs / 8);
      await runSlice(gateways[i]!.direct, 1, options.warmupMs / 8);
    }
    for (let pair = 1; pair <= options.pairs; pair++) {
      const order = pair % 2 === 1 ? [0, 1] : [1, 0];
      for (const i of order) {
        const slice = await runSlice(calls[i]!, CALLERS, options.sliceMs, gateways[i]!.pid);
        tallies[i]!.cpu.push((slice.cpuSeconds! * 1e6) / slice.latencies.length);
        tallies[i]!.calls += slice.latencies.length;
        tallies[i]!.seconds += slice.seconds;
      }
      const p50s: string[] = [];
      for (const i of [0, 1]) {
        const direct = (await runSlice(gateways[i]!.direct, 1, options.sliceMs / 2)).latencies;
        const through = (await runSlice(calls[i]!, 1, options.sliceMs / 2)).latencies;
        tallies[i]!.direct.push(...direct);
        tallies[i]!.latencies.push(...through);
        p50s.push(`${fmt(percentiles(through).p50, 3)} (${fmt(percentiles(direct).p50, 3)})`);
      }
      if (floor) {
        floorTally.direct.push(...(await runSlice(floor.direct, 1, options.sliceMs / 2)).latencies);
        floorTally.latencies.push(...(await runSlice(floor.call, 1, options.sliceMs / 2)).latencies);
      }
      const [x, y] = tallies.map((t) => t.cpu.at(-1)!) as [number, number];
      console.log(`| ${PROTOCOL_VERSION[protocol]} | ${pair} | ${fmt(x, 0)} | ${fmt(y, 0)} | ${fmt(x / y)} | ${p50s[0]} | ${p50s[1]} |`);
    }
    const [x, y] = tallies as [Tally, Tally];
    const added = (t: Tally) => percentiles(t.latencies).p50 - percentiles(t.direct).p50;
    summaries.push({
      protocol,
      cpu: [median(x.cpu), median(y.cpu)],
      cpuRatio: median(x.cpu.map((c, i) => c / y.cpu[i]!)),
      throughputRatio: x.calls / x.seconds / (y.calls / y.seconds),
      addedP50: [added(x), added(y)],
      ...(floor && { floorAddedP50: added(floorTally) }),
    });
  }
  console.log('\nSummary (median slice; CPU ratio is the median of the pairs\' ratios; p50 over all 1-caller samples):\n');
  const floorHead = floor ? ` ${floor.name} added p50 ms | ${a} added beyond it ms |` : '';
  console.log(`| protocol | ${a} CPU µs/call | ${b} CPU µs/call | CPU ratio ${a}/${b} | throughput ratio ${a}/${b} at ${CALLERS} | ${a} added p50 ms | ${b} added p50 ms |${floorHead}`);
  console.log(`|---|---|---|---|---|---|---|${floor ? '---|---|' : ''}`);
  for (const s of summaries) {
    console.log(
      `| ${PROTOCOL_VERSION[s.protocol]} | ${fmt(s.cpu[0], 0)} | ${fmt(s.cpu[1], 0)} | ${fmt(s.cpuRatio)}${verdict(s.cpuRatio <= 0.5, '≤ 0.5')} | ` +
        `${fmt(s.throughputRatio)} | ${fmt(s.addedP50[0], 3)}${verdict(s.addedP50[0] <= 0.3, '≤ 0.3')} | ${fmt(s.addedP50[1], 3)} |` +
        (s.floorAddedP50 === undefined ? '' : ` ${fmt(s.floorAddedP50, 3)} | ${fmt(s.addedP50[0] - s.floorAddedP50, 3)} |`),
    );
  }
  return summaries;
}

/** BENCH_PAIRS, BENCH_SLICE_MS, BENCH_WARMUP_MS, BENCH_PROTOCOL (`modern`, `legacy` or `both`). */
export function compareOptionsFromEnv(env: Record<string, string | undefined>): CompareOptions {
  const protocol = env.BENCH_PROTOCOL;
  return {
    pairs: Number(env.BENCH_PAIRS ?? 10),
    sliceMs: Number(env.BENCH_SLICE_MS ?? 1000),
    warmupMs: Number(env.BENCH_WARMUP_MS ?? 4000),
    protocols: protocol === 'modern' || protocol === 'legacy' ? [protocol] : ['modern', 'legacy'],
  };
}
