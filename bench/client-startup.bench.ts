/**
 * Client start-up benchmark (`npm run bench:client`).
 *
 * What a person feels when Claude Desktop starts: the time from spawning the
 * stdio bridge to its answer to `initialize`, and to the answer to the first
 * `tools/list` (which needs the hub). Measured for `@mcphub/client`, installed
 * from its packed tarball, and for `mcp-remote` (from npm) bridging the same
 * hub, alternating run by run in the same process on the same machine. Both
 * are started as `node <script>` on plain Node, so npx's own start-up (the
 * same for both) is not counted. The harness speaks raw newline-delimited
 * JSON-RPC, exactly as Claude Desktop does: initialize, initialized, tools/list.
 *
 * Options: BENCH_RUNS (per bridge, default 15). Target: ours ≤ 0.5 × mcp-remote.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from '../lib/usage/summary.ts';
import { installPackedClient, nodeEnv, packClient } from '../test/helpers/bridge-process.ts';
import { startFakeGitHub } from '../test/helpers/fake-github.ts';
import { createAccount, startHub } from '../test/helpers/hub-process.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TOKEN = 'ghp_benchToken00000000000000000000000001';
const MCP_REMOTE = fileURLToPath(new URL('../node_modules/mcp-remote/dist/proxy.js', import.meta.url));

interface Sample {
  initializeMs: number;
  toolsListMs: number;
  tools: number;
}

/** Spawns one bridge, runs the opening exchange, and stops it. */
function measureOnce(script: string, args: string[], env: Record<string, string>): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('node', [script, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let initializeMs = 0;
    const timer = setTimeout(() => fail(new Error(`no tools/list answer in 20 s; stderr:\n${stderr}`)), 20_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const message = JSON.parse(buffer.slice(0, newline)) as { id?: number; result?: { tools?: unknown[] }; error?: unknown };
        buffer = buffer.slice(newline + 1);
        if (message.id === 1) {
          initializeMs = performance.now() - started;
          send({ jsonrpc: '2.0', method: 'notifications/initialized' });
          send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
        } else if (message.id === 2) {
          const toolsListMs = performance.now() - started;
          clearTimeout(timer);
          child.kill('SIGTERM');
          if (!message.result?.tools) return reject(new Error(`tools/list failed: ${JSON.stringify(message.error)}`));
          resolve({ initializeMs, toolsListMs, tools: message.result.tools.length });
        }
      }
    });
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    // Claude Desktop writes initialize as soon as it has spawned the process.
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1.0.0' } } });
  });
}

function summarize(samples: Sample[], pick: (s: Sample) => number) {
  const values = samples.map(pick).sort((a, b) => a - b);
  return { p50: percentile(values, 50), p90: percentile(values, 90) };
}

const fake = startFakeGitHub();
fake.tokens.set(TOKEN, 'bench');
const hub = await startHub({ MCPHUB_GITHUB_API_URL: fake.url, MCPHUB_LOG_LEVEL: 'warn' });
const packDir = mkdtempSync(join(tmpdir(), 'mcphub-bench-pack-'));
const installed = installPackedClient(packClient(packDir));
// mcp-remote keeps OAuth state under ~/.mcp-auth; give it a home of its own for the run.
const home = mkdtempSync(join(tmpdir(), 'mcphub-bench-home-'));
try {
  const account = await createAccount(hub, 'bench@example.com', TOKEN);
  const env = nodeEnv({ HOME: home, XDG_CACHE_HOME: join(home, '.cache') });
  const ours = { script: realpathSync(installed.bin), args: ['--token', account.key, '--url', hub.mcpUrl] };
  let coldRun = 0;
  const bridges: Record<string, { script: string; args: string[]; env: () => Record<string, string> }> = {
    // What every start after the first looks like: V8's code cache is in place (client/src/launcher.ts).
    '@mcphub/client': { ...ours, env: () => env },
    // The very first start on a machine: an empty cache directory each run.
    '  first start': { ...ours, env: () => ({ ...env, XDG_CACHE_HOME: join(home, `cold-${coldRun++}`) }) },
    'mcp-remote': { script: MCP_REMOTE, args: [hub.mcpUrl, '--header', `Authorization:Bearer ${account.key}`], env: () => env },
  };
  const names = Object.keys(bridges);
  const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]]));
  // One unmeasured run each warms the disk cache and the hub (and writes our code cache).
  for (const bridge of Object.values(bridges)) await measureOnce(bridge.script, bridge.args, bridge.env());
  for (let run = 0; run < RUNS; run++) {
    // Rotate the order so no bridge always runs first or last.
    for (let i = 0; i < names.length; i++) {
      const bridge = bridges[names[(run + i) % names.length]!]!;
      samples[names[(run + i) % names.length]!]!.push(await measureOnce(bridge.script, bridge.args, bridge.env()));
    }
  }

  const rows = names.map((name) => ({ name, init: summarize(samples[name]!, (s) => s.initializeMs), list: summarize(samples[name]!, (s) => s.toolsListMs), tools: samples[name]![0]!.tools }));
  console.log(`\nClient start-up, ${RUNS} runs each, Node ${nodeVersion(env)} (spawn → answer, ms)\n`);
  console.log('bridge            initialize p50 / p90    first tools/list p50 / p90   tools');
  for (const row of rows) {
    console.log(`${row.name.padEnd(17)} ${fmt(row.init.p50)} / ${fmt(row.init.p90)}          ${fmt(row.list.p50)} / ${fmt(row.list.p90)}            ${row.tools}`);
  }
  const theirs = rows[2]!;
  for (const row of rows.slice(0, 2)) {
    const initRatio = row.init.p50 / theirs.init.p50;
    const listRatio = row.list.p50 / theirs.list.p50;
    console.log(`ratio ${row.name.trim()} / mcp-remote at p50: initialize ${initRatio.toFixed(2)}, first tools/list ${listRatio.toFixed(2)} (target ≤ 0.50)`);
    if (row === rows[0] && (initRatio > 0.5 || listRatio > 0.5)) process.exitCode = 1;
  }
} finally {
  await hub.stop();
  await fake.close();
  installed.cleanup();
  rmSync(packDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
}

function fmt(ms: number): string {
  return ms.toFixed(0).padStart(6);
}

function nodeVersion(env: Record<string, string>): string {
  return Bun.spawnSync(['node', '--version'], { env }).stdout.toString().trim();
}
