/**
 * Where the hub's CPU goes per `tools/call` (`bun bench/peer-profile.ts`): the
 * hub process of bench/peer.bench.ts run under Bun's CPU profiler at 32
 * callers, then every sample attributed to one part of the request path. A
 * sample belongs to a part if its stack holds that part's entry point (e.g.
 * `recordUsage`, `createGitHubClient`); otherwise to the module of its
 * innermost frame. The profiler samples the JS thread only (Bun's HTTP client
 * thread and GC helpers are not in it) and slows the hub, so read the shares,
 * not the absolute figures.
 *
 * BENCH_TARGET=remote profiles the path of bench/peer-remote.bench.ts instead:
 * `echo__echo` forwarded to the Streamable HTTP echo server, a remote MCP
 * integration, on the user's upstream session.
 *
 * Options: BENCH_SECONDS (default 8), BENCH_PROTOCOL (`modern` or `legacy`),
 * BENCH_CALLERS (default 32), BENCH_TOP (also list the N functions with the
 * most samples of their own), BENCH_PROFILE_OUT (also keep the .cpuprofile
 * there, for Chrome DevTools).
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, runSlice, startHubTarget, type BenchProtocol } from './harness.ts';
import { startHttpEcho, startRemoteHub } from './peer-remote.bench.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const TOP = Number(process.env.BENCH_TOP ?? 0);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 32);
const PROTOCOL = process.env.BENCH_PROTOCOL === 'legacy' ? 'legacy' : 'modern';
const REMOTE = process.env.BENCH_TARGET === 'remote';

interface Frame {
  functionName: string;
  url: string;
  lineNumber?: number;
}
interface Profile {
  nodes: Array<{ id: number; callFrame: Frame; children?: number[] }>;
  samples: number[];
}
type Rule = [part: string, matches: (frame: Frame) => boolean];

const named = (name: string, file: RegExp) => (f: Frame) => f.functionName === name && file.test(f.url);
/** Entry points: a sample with one of these anywhere on its stack belongs to that part (first match wins). */
const ENTRY_POINTS: Rule[] = [
  ['SQLite: usage commit', (f) => named('recordUsage', /store\/embedded/)(f) || f.url.startsWith('bun:sqlite')],
  ['Octokit: client construction', named('createGitHubClient', /integrations\/github\/client/)],
  // The hook client.ts adds: a second parse of every request's endpoint, for the dot-segment check.
  ['Octokit: dot-segment check', (f) => /integrations\/github\/client/.test(f.url) && f.functionName !== 'buildClient'],
  ['upstream fetch (native)', (f) => f.functionName === 'fetch' && f.url === ''],
  ['credential open (AES-GCM)', named('open', /crypto\/seal/)],
  ['auth: key hash', named('hashApiKey', /crypto\/api-keys/)],
  ['logging', (f) => /lib\/log\.ts/.test(f.url)],
  ['usage event (ids, sizes)', (f) => named('newId', /store\/ids/)(f) || named('byteLength', /middleware\/usage/)(f)],
  ['metering: JSON size and depth', (f) => /lib\/mcp\/json-size/.test(f.url)],
  ['remote: upstream session lookup (credential key hash)', named('credentialKey', /remote\/sessions/)],
  ['remote: per-message cap', (f) => /remote\/message-cap/.test(f.url)],
  ['remote: SSRF guard', (f) => /remote\/address/.test(f.url)],
  ['SDK client: upstream callTool', (f) => /@modelcontextprotocol\/client/.test(f.url) && f.functionName === 'callTool'],
  ['SDK: per-request Server construction', (f) => /@modelcontextprotocol/.test(f.url) && /^(Server|McpServer|Protocol)$/.test(f.functionName)],
];
/** Otherwise the innermost frame with a source decides. */
const MODULES: Rule[] = [
  ['zod (SDK message schemas and tool inputs)', (f) => /node_modules\/zod/.test(f.url)],
  ['Octokit: request pipeline', (f) => /@octokit|before-after-hook|json-with-bigint|integrations\/github\/client/.test(f.url)],
  ['SDK: request handling and framing', (f) => /@modelcontextprotocol/.test(f.url)],
  ['Elysia', (f) => /node_modules\/elysia/.test(f.url)],
  ['edge: body guard', (f) => /lib\/server\/edge\/body\.ts/.test(f.url)],
  ['edge: Host/Origin, address, admission', (f) => /lib\/server\/edge\//.test(f.url)],
  ['upstream fetch cap and checks', (f) => /lib\/gateway\/upstream-fetch/.test(f.url)],
  ['hub: other gateway and executor code', (f) => /\/(lib|integrations)\//.test(f.url) && !/node_modules/.test(f.url)],
  ['runtime builtins (node:*)', (f) => /^node:/.test(f.url)],
];

function attribute(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const counts = new Map<string, number>();
  for (const id of profile.samples) {
    const stack: Frame[] = [];
    for (let node = byId.get(id); node; node = byId.get(parent.get(node.id) ?? -1)) stack.push(node.callFrame);
    if (stack[0]?.functionName === '(idle)') continue;
    const part = ENTRY_POINTS.find(([, matches]) => stack.some(matches))?.[0]
      ?? stack.map((frame) => MODULES.find(([, matches]) => matches(frame))?.[0]).find(Boolean)
      ?? 'native, no JS caller (HTTP server, streams)';
    counts.set(part, (counts.get(part) ?? 0) + 1);
  }
  return counts;
}

const dir = mkdtempSync(join(tmpdir(), 'mcphub-profile-'));
process.env.HUB_BUN_ARGS = `--cpu-prof --cpu-prof-dir=${dir}`;
const echo = REMOTE ? await startHttpEcho() : null;
const target: { viaHub(protocol: BenchProtocol): (worker: number) => Promise<void>; close(): Promise<void> } = echo ? await startRemoteHub(echo.url) : await startHubTarget({ MCPHUB_LOG_LEVEL: 'info' });
let calls = 0;
try {
  const call = target.viaHub(PROTOCOL);
  await runSlice(call, CALLERS, 1_000);
  calls = (await runSlice(call, CALLERS, SECONDS * 1000)).latencies.length;
} finally {
  await target.close(); // the profile is written as the hub exits
  echo?.close();
}
const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`the hub wrote no profile in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
const counts = attribute(profile);
if (process.env.BENCH_PROFILE_OUT) copyFileSync(join(dir, file), process.env.BENCH_PROFILE_OUT);
rmSync(dir, { recursive: true, force: true });
const total = [...counts.values()].reduce((a, b) => a + b, 0);
// Warm-up and shutdown samples are counted too; the measured calls dominate them.
console.log(`hub CPU profile, tools/call ${REMOTE ? 'echo__echo (remote MCP integration)' : 'github__get_repository'} on ${PROTOCOL === 'modern' ? '2026-07-28' : '2025-11-25'}, ${CALLERS} callers, ${calls} calls in ${SECONDS} s; JS-thread samples of 1 ms\n`);
console.log('| part of the request path | share | µs per call (profiled) |');
console.log('|---|---|---|');
for (const [part, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`| ${part} | ${fmt((100 * n) / total, 1)}% | ${fmt((n * 1000) / calls, 0)} |`);

if (TOP > 0) {
  // Self time: the innermost frame of each sample, by function and place.
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const where = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(process.cwd() + '/', '')}:${(frame.lineNumber ?? 0) + 1}`;
    self.set(where, (self.get(where) ?? 0) + 1);
  }
  console.log(`\n| function (self samples) | share | µs per call (profiled) |\n|---|---|---|`);
  for (const [where, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`| ${where} | ${fmt((100 * n) / total, 1)}% | ${fmt((n * 1000) / calls, 0)} |`);
}
