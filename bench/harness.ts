/**
 * What the gateway benchmarks share: a closed-loop load driver, child
 * processes that print their URL when ready, a process's CPU time from
 * /proc, a `tools/call` sent as one pre-built HTTP POST (so client-library
 * cost is not counted as gateway cost), and the hub set up against the
 * GitHub-shaped fake.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { percentile } from '../lib/usage/summary.ts';
import { createAccount, startHub, type Account, type HubProcess } from '../test/helpers/hub-process.ts';
import { NO_PLAN_LIMITS } from '../test/helpers/plans.ts';

export interface Run {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  /** CPU the watched process used during the measurement (not the warm-up), when a pid was given. */
  cpuSeconds?: number;
}

export interface Slice {
  /** Milliseconds per request, in completion order. */
  latencies: number[];
  seconds: number;
  /** CPU the watched process used during the slice, when a pid was given. */
  cpuSeconds?: number;
}

/**
 * Runs `request` from `concurrency` closed-loop workers for `ms`. Each worker
 * passes its index, so a caller can keep per-worker state (a 2025-era
 * session). With `pid`, also the CPU that process used meanwhile.
 */
export async function runSlice(request: (worker: number) => Promise<void>, concurrency: number, ms: number, pid?: number): Promise<Slice> {
  const latencies: number[] = [];
  const cpuBefore = pid === undefined ? 0 : cpuSeconds(pid);
  const started = performance.now();
  const until = started + ms;
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    while (performance.now() < until) {
      const t0 = performance.now();
      await request(worker);
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  return { latencies, seconds, ...(pid === undefined ? {} : { cpuSeconds: cpuSeconds(pid) - cpuBefore }) };
}

/** Nearest-rank percentiles of unsorted latencies. */
export function percentiles(latencies: readonly number[]): { p50: number; p99: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** `runSlice` for `seconds` after a half-second warm-up, summarised. */
export async function measure(request: (worker: number) => Promise<void>, concurrency: number, seconds: number, pid?: number): Promise<Run> {
  await runSlice(request, concurrency, 500);
  const slice = await runSlice(request, concurrency, seconds * 1000, pid);
  return { requests: slice.latencies.length, seconds: slice.seconds, ...percentiles(slice.latencies), ...(slice.cpuSeconds === undefined ? {} : { cpuSeconds: slice.cpuSeconds }) };
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU seconds a process (all its threads, not its children) has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export interface ChildService {
  /** The first line the child printed (its URL). */
  url: string;
  pid: number;
  close(): void;
}

/** Starts `bun <script>` and waits for the first line it prints on stdout. */
export async function startService(script: URL, env: Record<string, string> = {}): Promise<ChildService> {
  const child = spawn(process.execPath, [script.pathname], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk) => resolve(String(chunk).trim()));
    child.once('exit', (code) => reject(new Error(`${script.pathname} exited with ${code}`)));
  });
  return { url, pid: child.pid!, close: () => child.kill('SIGTERM') };
}

export type BenchProtocol = 'modern' | 'legacy';
export const PROTOCOL_VERSION: Record<BenchProtocol, string> = { modern: '2026-07-28', legacy: '2025-11-25' };

const MODERN_META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };

/** Headers of a Streamable HTTP POST for `method` on `protocol` (2026-07-28 adds Mcp-Method / Mcp-Name). */
export function mcpHeaders(protocol: BenchProtocol, method: string, name?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': PROTOCOL_VERSION[protocol],
    ...(protocol === 'modern' ? { 'mcp-method': method, ...(name ? { 'mcp-name': name } : {}) } : {}),
  };
}

/**
 * One `tools/call` as a plain POST, checked by `accept` on the response text.
 * `headers` may vary per worker (a session id); 2026-07-28 calls carry the
 * per-request `_meta` envelope.
 */
export function toolCall(options: { url: string; protocol: BenchProtocol; name: string; arguments: Record<string, unknown>; headers: (worker: number) => Record<string, string>; accept: (text: string) => boolean }): (worker: number) => Promise<void> {
  let id = 0;
  const { url, protocol, name } = options;
  return async (worker) => {
    id += 1;
    const params = { name, arguments: options.arguments, ...(protocol === 'modern' ? { _meta: MODERN_META } : {}) };
    const response = await fetch(url, { method: 'POST', headers: { ...mcpHeaders(protocol, 'tools/call', name), ...options.headers(worker) }, body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params }) });
    const text = await response.text();
    if (response.status !== 200 || !options.accept(text)) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  };
}

export const fmt = (n: number, digits = 2) => n.toFixed(digits);

const GITHUB_TOKEN = 'ghp_benchToken00000000000000000000000001';

export interface HubTarget {
  hub: HubProcess;
  account: Account;
  /** `tools/call github__get_repository` through the hub. */
  viaHub(protocol: BenchProtocol): (worker: number) => Promise<void>;
  /** The same upstream request sent straight to the GitHub-shaped fake. */
  direct(): Promise<void>;
  close(): Promise<void>;
}

/** Benchmarks measure the gateway, whose calls the free plan would refuse after its burst. */
export { NO_PLAN_LIMITS };

/**
 * A hub process serving GitHub against the GitHub-shaped fake in its own
 * process (bench/fake-upstream.ts), with one account that enabled GitHub.
 */
export async function startHubTarget(env: Record<string, string> = {}): Promise<HubTarget> {
  const fake = await startService(new URL('./fake-upstream.ts', import.meta.url), { FAKE_GITHUB_TOKENS: GITHUB_TOKEN });
  const hub = await startHub({ MCPHUB_GITHUB_API_URL: fake.url, ...NO_PLAN_LIMITS, ...env });
  try {
    const account = await createAccount(hub, 'bench@example.com', GITHUB_TOKEN);
    const target: HubTarget = {
      hub,
      account,
      viaHub: (protocol) => toolCall({
        url: hub.mcpUrl, protocol, name: 'github__get_repository', arguments: { owner: 'octo', repo: 'hello' },
        headers: () => ({ authorization: `Bearer ${account.key}` }),
        accept: (text) => text.includes('octo/hello') && !text.includes('"isError":true'),
      }),
      async direct() {
        const response = await fetch(`${fake.url}/repos/octo/hello`, { headers: { authorization: `token ${GITHUB_TOKEN}`, accept: 'application/vnd.github+json' } });
        const body = (await response.json()) as { full_name?: string };
        if (body.full_name !== 'octo/hello') throw new Error('unexpected upstream answer');
      },
      async close() {
        await hub.stop();
        fake.close();
      },
    };
    await target.viaHub('modern')(0); // fails loudly if the hub path is misconfigured
    return target;
  } catch (error) {
    await hub.stop();
    fake.close();
    throw error;
  }
}
