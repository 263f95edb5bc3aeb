/**
 * What hostile inputs cost the hub (issue 11), against an ordinary call in the
 * same run (`bun bench/hostile-inputs.bench.ts`).
 *
 * 1. Event-loop blocking: requests through the in-process hub, each timed and
 *    watched by a 1 ms timer whose longest gap is the longest time nothing
 *    else could run. Hostile: a message nested 40,000 levels deep (the issue's
 *    80 KB), one nested 2,000,000 levels (4 MB, the default body limit), one
 *    object of 300,000 keys, arguments nested 100 levels, 15,000 values, 2 MB
 *    of text. Beside them, what the old path cost on the same input:
 *    JSON.stringify of the 40,000 levels (the old usage byte count) and
 *    JSON.parse of the 4 MB and of the 300,000 keys (the SDK's parse, now
 *    preceded by the scan).
 * 2. Memory: peak RSS of a hub process calling a tool whose upstream answers
 *    100 MB, with the default 5 MB cap against a 1 GB cap (reads it all), each
 *    in a fresh child process.
 * 3. What the capped fetch costs an ordinary answer: fetch, read and parse a
 *    JSON body as an SDK does, through createUpstreamFetch (which reads the
 *    body and parses it once more to check it) against plain fetch.
 *
 * Options: BENCH_ROUNDS (requests per variant, default 20).
 */
import { spawnSync } from 'node:child_process';
import { createUpstreamFetch } from '../lib/gateway/upstream-fetch.ts';
import { startFakeGitHub } from '../test/helpers/fake-github.ts';
import { startFakeUpstreamBodies } from '../test/helpers/fake-upstream-bodies.ts';
import { startInProcessHub } from '../test/helpers/in-process-hub.ts';

const TOKEN = 'ghp_benchHostileToken000000000000000000001';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

/** Runs `work` while a 1 ms timer ticks; returns its time and the longest gap between ticks. */
async function watched(work: () => Promise<unknown>): Promise<{ ms: number; maxGapMs: number }> {
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(timer);
  return { ms, maxGapMs: Math.max(maxGap, performance.now() - last) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const max = (values: number[]) => Math.max(...values);

async function blocking(): Promise<void> {
  const github = startFakeGitHub();
  github.tokens.set(TOKEN, 'bench');
  const hub = await startInProcessHub({ env: { MCPHUB_GITHUB_API_URL: github.url }, logLevel: 'error' });
  const user = await hub.createAccount('bench@example.com');
  await hub.enable(user.userId, 'github', TOKEN);
  const headers = { authorization: `Bearer ${user.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' };
  const callBody = (name: string, args: string) => `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"${name}","arguments":${args}}}`;
  const brackets = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
  const issue = (extra: string) => callBody('github__create_issue', `{"owner":"octo","repo":"hello","title":"x","extra":${extra}}`);
  const variants: Array<[string, string]> = [
    ['ordinary call (baseline): github__get_me', callBody('github__get_me', '{}')],
    ['message nested 40,000 levels (80 KB)', issue(brackets(40_000))],
    ['message nested 2,000,000 levels (4 MB)', issue(brackets(2_000_000))],
    ['message with 300,000 keys (3.5 MB)', issue(`{${Array.from({ length: 300_000 }, (_, i) => `"k${i}":0`).join(',')}}`)],
    ['arguments nested 100 levels', issue(brackets(100))],
    ['arguments with 15,000 values', issue(`[${Array(15_000).fill('0').join(',')}]`)],
    ['arguments with 2 MB of text', issue(JSON.stringify('x'.repeat(2 * 1024 * 1024)))],
  ];
  const rows: Array<{ name: string; ms: number; gap: number }> = [];
  for (const [name, body] of variants) {
    const runs: Array<{ ms: number; maxGapMs: number }> = [];
    // One untimed request first: the first of a kind compiles code paths the rest reuse.
    await (await hub.request('/mcp', { method: 'POST', headers, body })).text();
    for (let i = 0; i < ROUNDS; i++) runs.push(await watched(async () => (await hub.request('/mcp', { method: 'POST', headers, body })).text()));
    rows.push({ name, ms: median(runs.map((r) => r.ms)), gap: max(runs.map((r) => r.maxGapMs)) });
  }
  const deep = JSON.parse(brackets(40_000)) as unknown;
  let overflowed = false;
  const oldStringify = await watched(async () => {
    try {
      JSON.stringify({ extra: deep });
    } catch {
      overflowed = true;
    }
  });
  const bigText = issue(brackets(2_000_000));
  const sdkParse = await watched(async () => JSON.parse(bigText));
  const wideText = variants[3]![1];
  const sdkParseWide = await watched(async () => JSON.parse(wideText));
  await hub.close();
  await github.close();

  const base = rows[0]!;
  console.log(`\n1. Event-loop blocking (${ROUNDS} requests each; median time, longest gap of a 1 ms timer)`);
  for (const row of rows) console.log(`  ${row.name.padEnd(48)} ${row.ms.toFixed(2).padStart(8)} ms  gap ${row.gap.toFixed(1).padStart(6)} ms  ×${(row.ms / base.ms).toFixed(2)} of baseline`);
  console.log('  what the old path spent on the same inputs, once:');
  console.log(`  ${'JSON.stringify of 40,000 levels (old bytesIn)'.padEnd(48)} ${oldStringify.ms.toFixed(2).padStart(8)} ms  ×${(oldStringify.ms / base.ms).toFixed(0)} of baseline${overflowed ? ', then overflowed the stack' : ''}`);
  console.log(`  ${'JSON.parse of 2,000,000 levels (SDK, no scan)'.padEnd(48)} ${sdkParse.ms.toFixed(2).padStart(8)} ms  ×${(sdkParse.ms / base.ms).toFixed(0)} of baseline`);
  console.log(`  ${'JSON.parse of 300,000 keys (SDK, no scan)'.padEnd(48)} ${sdkParseWide.ms.toFixed(2).padStart(8)} ms  ×${(sdkParseWide.ms / base.ms).toFixed(0)} of baseline`);
}

/** Child: one hub, three calls against a 100 MB upstream body; prints RSS before and at peak, in MB. */
async function memoryChild(cap: string): Promise<void> {
  const upstream = await startFakeUpstreamBodies();
  upstream.body = 'huge';
  const hub = await startInProcessHub({ env: { MCPHUB_GITHUB_API_URL: upstream.url, MCPHUB_MAX_UPSTREAM_BYTES: cap, MCPHUB_TOOL_TIMEOUT_MS: '120000' }, logLevel: 'silent' });
  const user = await hub.createAccount('bench@example.com');
  await hub.enable(user.userId, 'github', TOKEN);
  const client = await hub.connect(user.key);
  Bun.gc(true);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  let written = 0;
  for (let i = 0; i < 3; i++) {
    await client.callTool({ name: 'github__get_me', arguments: {} });
    written += (await upstream.lastResponse()).written;
  }
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await client.close();
  await hub.close();
  await upstream.close();
  console.log(JSON.stringify({ beforeMb: before / 2 ** 20, peakMb: peak / 2 ** 20, writtenMb: written / 3 / 2 ** 20 }));
}

function memory(): void {
  const run = (cap: number) => {
    const child = spawnSync(process.execPath, [import.meta.path, '--memory-child', String(cap)], { encoding: 'utf8', timeout: 300_000 });
    if (child.status !== 0) throw new Error(`memory child failed: ${child.stderr}`);
    return JSON.parse(child.stdout.trim().split('\n').pop()!) as { beforeMb: number; peakMb: number; writtenMb: number };
  };
  const capped = run(5 * 2 ** 20);
  const uncapped = run(2 ** 30);
  console.log('\n2. Memory: a tool whose upstream answers 100 MB, three calls, fresh process each');
  for (const [name, r] of [['cap 5 MB (default)', capped], ['cap 1 GB (reads it all)', uncapped]] as const) {
    console.log(`  ${name.padEnd(26)} RSS ${r.beforeMb.toFixed(0)} → peak ${r.peakMb.toFixed(0)} MB (+${(r.peakMb - r.beforeMb).toFixed(0)} MB); upstream wrote ${r.writtenMb.toFixed(1)} MB per call before the hub hung up`);
  }
  console.log(`  peak growth capped / uncapped: ${((capped.peakMb - capped.beforeMb) / (uncapped.peakMb - uncapped.beforeMb)).toFixed(2)}`);
}

async function fetchOverhead(): Promise<void> {
  const page = (items: number) => JSON.stringify(Array.from({ length: items }, (_, i) => ({ id: i, number: i, title: `Issue ${i}`, state: 'open', body: 'Lorem ipsum dolor sit amet. '.repeat(8), user: { login: 'octocat', id: 1 }, labels: [{ name: 'bug' }] })));
  const bodies: Record<string, string> = { '/page': page(100), '/large': page(14_000) };
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, reusePort: false, fetch: (request) => new Response(bodies[new URL(request.url).pathname], { headers: { 'content-type': 'application/json' } }) });
  const capped = createUpstreamFetch(fetch, { maxBytes: 5 * 2 ** 20, upstreamName: 'Bench', urlVariable: 'MCPHUB_BENCH_API_URL' });
  const asSdk = async (f: typeof fetch, path: string) => JSON.parse(await (await f(`http://127.0.0.1:${server.port}${path}`)).text());
  console.log('\n3. Capped fetch against plain fetch: fetch, read and parse a JSON answer as an SDK does (alternating rounds)');
  for (const path of Object.keys(bodies)) {
    const timing = { plain: 0, capped: 0 };
    const rounds = path === '/page' ? 400 : 20;
    for (let i = 0; i < rounds; i++) {
      let started = performance.now();
      await asSdk(fetch, path);
      timing.plain += performance.now() - started;
      started = performance.now();
      await asSdk(capped.fetch, path);
      timing.capped += performance.now() - started;
    }
    const size = (Buffer.byteLength(bodies[path]!) / 1024).toFixed(0);
    console.log(`  ${`${size} KB answer`.padEnd(16)} plain ${(timing.plain / rounds).toFixed(2)} ms, capped ${(timing.capped / rounds).toFixed(2)} ms: ×${(timing.capped / timing.plain).toFixed(2)}`);
  }
  await server.stop(true);
}

if (process.argv[2] === '--memory-child') {
  await memoryChild(process.argv[3]!);
} else {
  await blocking();
  memory();
  await fetchOverhead();
}
