/**
 * Gateway overhead benchmark (`npm run bench`).
 *
 * Measures `tools/call github__get_repository` through a real hub process
 * against the same upstream request sent straight to the GitHub-shaped fake,
 * in the same run on the same machine, at 1 and 32 concurrent callers. The
fake runs in its own process, so both paths cross process boundaries. Reports
 * throughput ratio (hub / direct) and the latency the hub adds at p50 and p99.
 * Both paths use plain fetch with a pre-built request, so client-library cost
 * is not counted as hub cost.
 *
 * Options: BENCH_SECONDS (per measurement, default 5), BENCH_PROTOCOL
 * (`modern` = 2026-07-28, default; `legacy` = 2025-11-25).
 */
import { spawn } from 'node:child_process';
import { percentile } from '../lib/usage/summary.ts';
import { createAccount, startHub } from '../test/helpers/hub-process.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PROTOCOL = process.env.BENCH_PROTOCOL === 'legacy' ? 'legacy' : 'modern';
const TOKEN = 'ghp_benchToken00000000000000000000000001';

interface Run {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** Runs `request` from `concurrency` workers for `seconds`, after a short warm-up. */
async function measure(request: () => Promise<void>, concurrency: number, seconds: number): Promise<Run> {
  const warmUntil = performance.now() + 500;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < warmUntil) await request();
  }));
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      await request();
      latencies.push(performance.now() - t0);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, seconds: elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

function toolCallRequest(mcpUrl: string, key: string): () => Promise<void> {
  let id = 0;
  const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': PROTOCOL === 'modern' ? '2026-07-28' : '2025-11-25',
    ...(PROTOCOL === 'modern' ? { 'mcp-method': 'tools/call', 'mcp-name': 'github__get_repository' } : {}),
  };
  return async () => {
    id += 1;
    const params = { name: 'github__get_repository', arguments: { owner: 'octo', repo: 'hello' }, ...(PROTOCOL === 'modern' ? { _meta: meta } : {}) };
    const response = await fetch(mcpUrl, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params }) });
    const text = await response.text();
    if (response.status !== 200 || !text.includes('octo/hello') || text.includes('"isError":true')) throw new Error(`hub answered ${response.status}: ${text.slice(0, 300)}`);
  };
}

function directRequest(upstreamUrl: string): () => Promise<void> {
  return async () => {
    const response = await fetch(`${upstreamUrl}/repos/octo/hello`, { headers: { authorization: `token ${TOKEN}`, accept: 'application/vnd.github+json' } });
    const body = (await response.json()) as { full_name?: string };
    if (body.full_name !== 'octo/hello') throw new Error('unexpected upstream answer');
  };
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

/** Starts bench/fake-upstream.ts as a child process and waits for its URL. */
async function startUpstream(): Promise<{ url: string; close: () => void }> {
  const child = spawn(process.execPath, [new URL('./fake-upstream.ts', import.meta.url).pathname], { env: { ...process.env, FAKE_GITHUB_TOKENS: TOKEN }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk) => resolve(String(chunk).trim()));
    child.once('exit', (code) => reject(new Error(`fake upstream exited with ${code}`)));
  });
  return { url, close: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const fake = await startUpstream();
  const hub = await startHub({ MCPHUB_GITHUB_API_URL: fake.url, MCPHUB_LOG_LEVEL: 'warn' });
  try {
    const account = await createAccount(hub, 'bench@example.com', TOKEN);
    const viaHub = toolCallRequest(hub.mcpUrl, account.key);
    const direct = directRequest(fake.url);
    await viaHub(); // fails loudly if the hub path is misconfigured

    console.log(`tools/call github__get_repository, protocol ${PROTOCOL}, ${SECONDS} s per measurement, ${navigator.hardwareConcurrency} cores`);
    console.log('| callers | direct req/s | hub req/s | throughput ratio | direct p50 ms | hub p50 ms | added p50 ms | direct p99 ms | hub p99 ms | added p99 ms |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const concurrency of [1, 32]) {
      const d = await measure(direct, concurrency, SECONDS);
      const h = await measure(viaHub, concurrency, SECONDS);
      const dRate = d.requests / d.seconds;
      const hRate = h.requests / h.seconds;
      console.log(`| ${concurrency} | ${fmt(dRate, 0)} | ${fmt(hRate, 0)} | ${fmt(hRate / dRate)} | ${fmt(d.p50)} | ${fmt(h.p50)} | ${fmt(h.p50 - d.p50)} | ${fmt(d.p99)} | ${fmt(h.p99)} | ${fmt(h.p99 - d.p99)} |`);
    }
    const usage = JSON.parse((await hub.cli(['usage', '--user', account.email, '--json'])).stdout) as { totals: { calls: number; errors: number } };
    console.log(`\nusage events recorded by the hub during the run: ${usage.totals.calls} (errors: ${usage.totals.errors})`);
  } finally {
    await hub.stop();
    fake.close();
  }
}

await main();
