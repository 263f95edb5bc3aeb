/**
 * Fair-share benchmark (`npm run bench:fair`, issue 11): user B's ordinary
 * `tools/call github__get_repository` latency while other users hold calls
 * hanging on the same GitHub-shaped fake, against B's latency on the same hub
 * idle, in the same run. Target: within 2× of idle at p50 and p99.
 *
 * Each configuration is a fresh hub process on one shared data dir (the
 * accounts are made once):
 * - `unbounded, pool 256`: no call bounds and Bun's default fetch pool — the hub
 *   before fair sharing; A's 300 hung calls fill the pool and B queues behind them.
 * - `defaults`: the shipped bounds and the launchers' fetch pool (runtime.env).
 * - `bounds, pool 256`: the bounds without the launchers' pool, where enough
 *   users at their bound fill the pool anyway.
 * - `MCPHUB_MAX_CALLS=256`: the hub-wide bound reached: B is refused at once.
 *
 * The fake runs in this process (its server side is not subject to the fetch
 * pool) and holds every `hang` request until the phase ends; B's calls give up
 * after BENCH_CALL_TIMEOUT_MS so a stalled configuration still ends. The edge's
 * per-address bound is raised: every simulated user calls from 127.0.0.1.
 *
 * Options: BENCH_SECONDS (per measurement, default 5), BENCH_HELD (calls each
 * holding user starts, default 300), BENCH_USERS (holding users in the
 * many-users rows, default 9: 9 × 32 GitHub calls pass Bun's default 256),
 * BENCH_CALL_TIMEOUT_MS (default 5000). Run through the npm script, which
 * starts this process with lib/server/runtime.env: it opens thousands of
 * requests itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from '../lib/usage/summary.ts';
import { startFakeGitHub } from '../test/helpers/fake-github.ts';
import { createAccount, startHub, type Account, type HubProcess } from '../test/helpers/hub-process.ts';
import { waitUntil } from '../test/helpers/wait.ts';
import { fmt, mcpHeaders, NO_PLAN_LIMITS } from './harness.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const HELD = Number(process.env.BENCH_HELD ?? 300);
const USERS = Number(process.env.BENCH_USERS ?? 9);
const CALL_TIMEOUT_MS = Number(process.env.BENCH_CALL_TIMEOUT_MS ?? 5_000);
const UNBOUNDED = { MCPHUB_MAX_CALLS_PER_USER: '100000', MCPHUB_MAX_CALLS_PER_INTEGRATION: '100000', MCPHUB_MAX_CALLS: '1000000' };
const DEFAULT_POOL = { BUN_CONFIG_MAX_HTTP_REQUESTS: '256' };

type Answer = 'ok' | 'refused' | 'timed out';

/** One `tools/call` as a plain POST (2026-07-28), so client-library cost is not measured. */
async function call(mcpUrl: string, key: string, repo: string, signal?: AbortSignal): Promise<Answer> {
  const params = { name: 'github__get_repository', arguments: { owner: 'octo', repo }, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} } };
  try {
    const response = await fetch(mcpUrl, { method: 'POST', headers: { ...mcpHeaders('modern', 'tools/call', params.name), authorization: `Bearer ${key}` }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params }), signal });
    const text = await response.text();
    if (response.status === 200 && text.includes(`octo/${repo}`) && !text.includes('"isError":true')) return 'ok';
    if (text.includes('MCPHUB_MAX_CALLS')) return 'refused';
    throw new Error(`hub answered ${response.status}: ${text.slice(0, 300)}`);
  } catch (error) {
    if (signal?.aborted) return 'timed out';
    throw error;
  }
}

interface BRun {
  p50: number;
  p99: number;
  answers: Record<Answer, number>;
}

/** B calls one at a time for `seconds`; a call that times out counts at its timeout. */
async function measureB(hub: HubProcess, b: Account, seconds = SECONDS): Promise<BRun> {
  const latencies: number[] = [];
  const answers: Record<Answer, number> = { ok: 0, refused: 0, 'timed out': 0 };
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const t0 = performance.now();
    answers[await call(hub.mcpUrl, b.key, 'hello', AbortSignal.timeout(CALL_TIMEOUT_MS))] += 1;
    latencies.push(performance.now() - t0);
  }
  latencies.sort((x, y) => x - y);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), answers };
}

async function main(): Promise<void> {
  const fake = startFakeGitHub({ hangMs: 120_000 });
  const dataDir = mkdtempSync(join(tmpdir(), 'mcphub-fair-'));
  const accounts: Account[] = [];
  try {
    const setup = await startHub({ MCPHUB_GITHUB_API_URL: fake.url }, { dataDir });
    try {
      for (let i = 0; i <= USERS; i++) {
        const token = `ghp_fairBench${String(i).padStart(27, '0')}`;
        fake.tokens.set(token, `user${i}`);
        accounts.push(await createAccount(setup, `user${i}@example.com`, token));
      }
    } finally {
      await setup.stop();
    }
    const [b, ...holders] = accounts as [Account, ...Account[]];

    console.log(`B: one tools/call at a time for ${SECONDS} s, idle and while others hold calls hanging on the same fake; ${navigator.hardwareConcurrency} cores`);
    console.log('| hub | held by | held at fake | others refused | B p50 idle ms | B p50 held ms | ratio | B p99 idle ms | B p99 held ms | ratio | B ok / refused / timed out |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    const rows: Array<{ hub: string; env: Record<string, string>; holders: number }> = [
      { hub: 'unbounded, pool 256 (before)', env: { ...UNBOUNDED, ...DEFAULT_POOL }, holders: 1 },
      { hub: 'defaults', env: {}, holders: 1 },
      { hub: 'defaults', env: {}, holders: USERS },
      { hub: 'bounds, pool 256', env: DEFAULT_POOL, holders: USERS },
      { hub: 'MCPHUB_MAX_CALLS=256', env: { MCPHUB_MAX_CALLS: '256' }, holders: USERS },
    ];
    for (const row of rows) {
      const hub = await startHub({ ...NO_PLAN_LIMITS, MCPHUB_GITHUB_API_URL: fake.url, MCPHUB_LOG_LEVEL: 'warn', MCPHUB_MAX_REQUESTS_PER_IP: '100000', ...row.env }, { dataDir });
      try {
        await measureB(hub, b, 1); // warm-up; fails loudly if misconfigured
        const idle = await measureB(hub, b);
        const answers = { refused: 0, all: 0 };
        const total = row.holders * HELD;
        const held = holders.slice(0, row.holders).flatMap((holder) =>
          Array.from({ length: HELD }, () => call(hub.mcpUrl, holder.key, 'hang').then((answer) => {
            answers.all += 1;
            if (answer === 'refused') answers.refused += 1;
          })),
        );
        // Settled when every call is held at the fake or answered, or (a full fetch pool queues the rest) nothing moved for 1 s.
        let last = -1;
        let still = 0;
        await waitUntil(async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          const seen = fake.held() + answers.all;
          still = seen === last ? still + 1 : 0;
          last = seen;
          return seen === total || still >= 10;
        }, 20_000, 'held calls to settle');
        const heldAtFake = fake.held();
        const loaded = await measureB(hub, b);
        // Calls the pool had queued reach the fake only once others are released: release until all have answered.
        let done = false;
        const all = Promise.all(held).then(() => (done = true));
        while (!done) {
          fake.releaseHeld();
          await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 50))]);
        }
        const who = row.holders === 1 ? `A: ${HELD} calls` : `${row.holders} users: ${HELD} calls each`;
        console.log(`| ${row.hub} | ${who} | ${heldAtFake} | ${answers.refused} | ${fmt(idle.p50)} | ${fmt(loaded.p50)} | ${fmt(loaded.p50 / idle.p50)} | ${fmt(idle.p99)} | ${fmt(loaded.p99)} | ${fmt(loaded.p99 / idle.p99)} | ${loaded.answers.ok} / ${loaded.answers.refused} / ${loaded.answers['timed out']} |`);
      } finally {
        fake.releaseHeld();
        await hub.stop();
      }
    }
  } finally {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
