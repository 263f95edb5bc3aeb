/**
 * A/B of the hub's remote-forwarding path in one run (`bun bench/peer-ab.ts`):
 * this checkout's hub against the hub of another checkout (BENCH_BASE, e.g.
 * `git archive <commit> | tar -x -C /tmp/base` with node_modules linked in),
 * both with the same Streamable HTTP echo server (bench/echo-http-server.ts)
 * as a remote MCP integration, compared as bench/peer-remote.bench.ts
 * compares the hub with mcp-proxy (alternating slices, medians of pair
 * ratios). The CPU ratio printed is this hub over the base.
 *
 * Options: BENCH_BASE (required), and BENCH_PAIRS, BENCH_SLICE_MS,
 * BENCH_WARMUP_MS, BENCH_PROTOCOL as in bench/peer-compare.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { startHub } from '../test/helpers/hub-process.ts';
import { compareGateways, compareOptionsFromEnv, type Gateway } from './peer-compare.ts';
import { startHttpEcho, startRemoteHub, type RemoteHub } from './peer-remote.bench.ts';
import { toolCall } from './harness.ts';

const base = process.env.BENCH_BASE;
if (!base || !existsSync(join(base, 'test/helpers/hub-process.ts'))) throw new Error('set BENCH_BASE to another checkout of the hub (with node_modules) to compare against');
const baseStart = ((await import(join(base, 'test/helpers/hub-process.ts'))) as { startHub: typeof startHub }).startHub;

const echo = await startHttpEcho();
const hubs: RemoteHub[] = [];
try {
  hubs.push(await startRemoteHub(echo.url));
  hubs.push(await startRemoteHub(echo.url, {}, baseStart));
  const direct = toolCall({ url: echo.url, protocol: 'modern', name: 'echo', arguments: { message: 'hello from the bench' }, headers: () => ({}), accept: (text) => text.includes('hello from the bench') });
  const gateway = (name: string, hub: RemoteHub): Gateway => ({ name, pid: hub.hub.pid, call: async (protocol) => hub.viaHub(protocol), direct: () => direct(0) });
  console.log(`A/B: this checkout ("new") against ${base} ("base"), echo__echo forwarded to one Streamable HTTP echo server\n`);
  await compareGateways([gateway('new', hubs[0]!), gateway('base', hubs[1]!)], compareOptionsFromEnv(process.env), { targets: false });
} finally {
  for (const hub of hubs) await hub.close();
  echo.close();
}
