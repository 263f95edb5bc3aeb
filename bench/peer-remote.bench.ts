/**
 * The hub against mcp-proxy on equal terms (`npm run bench:peer-remote`;
 * issue 15 "peer benchmark on equal terms", issue 11's speed target): ONE
 * upstream for both, an SDK echo server on Streamable HTTP on 127.0.0.1
 * (bench/echo-http-server.ts, its own process).
 *
 * - hub: a real hub process (`startHub`) with the echo server added by the
 *   CLI as a user's remote MCP integration `echo`, called as `echo__echo`
 *   with the user's key (authentication, catalog, metering with a usage
 *   event, the user's upstream session);
 * - mcp-proxy: its library on Bun (bench/peer-proxy.ts) fronting the same
 *   URL with the SDK's StreamableHTTPClientTransport, called as `echo`;
 * - direct: the echo server itself, one pre-built POST per call;
 * - floor (1 caller only): the echo server behind bench/bare-forwarder.ts, a
 *   Bun server that forwards with fetch and does nothing else — the least a
 *   gateway on Bun adds, so the summary also shows what the hub adds beyond it.
 *
 * Both gateways' upstream legs speak the same revision: the hub probes and
 * gets 2026-07-28 (one POST per call upstream), and mcp-proxy's client is
 * set to probe alike (PEER_UPSTREAM_NEGOTIATION=auto; BENCH_PROXY_UPSTREAM
 * =legacy gives it the CLI's default 2025-era session instead). Downstream,
 * both protocol revisions (BENCH_PROTOCOL): 2026-07-28 stateless POSTs, and
 * 2025-11-25 (the hub stays stateless; mcp-proxy serves a session per
 * caller, opened before measuring).
 *
 * CPU per call is the gateway's own process (/proc/<pid>/stat), the echo
 * server's not counted. Slices alternate (bench/peer-compare.ts). Options:
 * BENCH_PAIRS (default 10), BENCH_SLICE_MS (1000), BENCH_WARMUP_MS (4000),
 * BENCH_PROTOCOL (`modern`, `legacy`, `both`). About 100 s with the defaults.
 * Targets: hub CPU/call ≤ 0.5 × mcp-proxy's; hub added p50 ≤ 0.3 ms.
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { createAccount, freePort, startHub, type HubProcess } from '../test/helpers/hub-process.ts';
import { NO_PLAN_LIMITS, startService, toolCall, type BenchProtocol, type ChildService } from './harness.ts';
import { CALLERS, compareGateways, compareOptionsFromEnv, openSessions, type Gateway } from './peer-compare.ts';

const OPTIONS = compareOptionsFromEnv(process.env);
const MESSAGE = 'hello from the bench';
const accept = (text: string) => text.includes(MESSAGE) && !text.includes('"isError":true');

export interface RemoteHub {
  hub: HubProcess;
  /** `tools/call echo__echo` through the hub with the user's key. */
  viaHub(protocol: BenchProtocol): (worker: number) => Promise<void>;
  close(): Promise<void>;
}

/**
 * A hub process with `echoUrl` as the remote MCP integration `echo` of one
 * user (also bench/peer-profile.ts, bench/peer-ab.ts). `start` is the
 * checkout's startHub, for a hub of another checkout.
 */
export async function startRemoteHub(echoUrl: string, env: Record<string, string> = {}, start: typeof startHub = startHub): Promise<RemoteHub> {
  const hub = await start({ ...NO_PLAN_LIMITS, MCPHUB_LOG_LEVEL: 'info', ...env });
  try {
    const account = await createAccount(hub, 'bench@example.com');
    const added = await hub.cli(['remote', 'add', 'echo', '--user', account.email, '--url', echoUrl]);
    if (added.code !== 0) throw new Error(`remote add failed: ${added.stderr}`);
    const viaHub = (protocol: BenchProtocol) => toolCall({ url: hub.mcpUrl, protocol, name: 'echo__echo', arguments: { message: MESSAGE }, headers: () => ({ authorization: `Bearer ${account.key}` }), accept });
    await viaHub('modern')(0); // fails loudly if the path is misconfigured
    return { hub, viaHub, close: async () => void (await hub.stop()) };
  } catch (error) {
    await hub.stop();
    throw error;
  }
}

/** The echo server on Streamable HTTP in its own process. */
export const startHttpEcho = (): Promise<ChildService> => startService(new URL('./echo-http-server.ts', import.meta.url));

async function main(): Promise<void> {
  const echo = await startHttpEcho();
  const services: Array<{ close(): unknown }> = [echo];
  try {
    const remote = await startRemoteHub(echo.url);
    services.push(remote);
    const proxyUpstream = process.env.BENCH_PROXY_UPSTREAM === 'legacy' ? 'legacy' : 'auto';
    const proxy = await startService(new URL('./peer-proxy.ts', import.meta.url), { PEER_PORT: String(await freePort()), PEER_UPSTREAM_URL: echo.url, PEER_UPSTREAM_NEGOTIATION: proxyUpstream });
    services.push(proxy);
    const forwarder = await startService(new URL('./bare-forwarder.ts', import.meta.url), { FORWARD_TO: echo.url });
    services.push(forwarder);
    const direct = toolCall({ url: echo.url, protocol: 'modern', name: 'echo', arguments: { message: MESSAGE }, headers: () => ({}), accept });
    await direct(0);
    const gateways: [Gateway, Gateway] = [
      { name: 'hub', pid: remote.hub.pid, call: async (protocol) => remote.viaHub(protocol), direct: () => direct(0) },
      {
        name: 'mcp-proxy',
        pid: proxy.pid,
        async call(protocol) {
          const sessions = protocol === 'legacy' ? await openSessions(proxy.url, CALLERS) : [];
          return toolCall({ url: proxy.url, protocol, name: 'echo', arguments: { message: MESSAGE }, headers: (worker): Record<string, string> => (protocol === 'legacy' ? { 'mcp-session-id': sessions[worker]! } : {}), accept });
        },
        direct: () => direct(0),
      },
    ];
    const version = (createRequire(import.meta.url)('mcp-proxy/package.json') as { version: string }).version;
    console.log(`one upstream: SDK echo server on Streamable HTTP (${echo.url}); hub: echo__echo as a remote MCP integration; mcp-proxy ${version} (upstream ${proxyUpstream === 'auto' ? 'probed, 2026-07-28' : '2025-era session'}): echo`);
    console.log(`${OPTIONS.pairs} pairs of ${OPTIONS.sliceMs} ms slices, ${navigator.hardwareConcurrency} cores, Bun ${Bun.version}, load average ${loadAverage()}`);
    console.log(`CPU/call at ${CALLERS} callers (the gateway's process only); p50 at 1 caller, "direct" being the echo server called without a gateway, "floor" through a forwarder with no logic (bench/bare-forwarder.ts).\n`);
    const floor = { name: 'floor', call: toolCall({ url: forwarder.url, protocol: 'modern', name: 'echo', arguments: { message: MESSAGE }, headers: () => ({}), accept }), direct: () => direct(0) };
    await compareGateways(gateways, OPTIONS, { floor });
    console.log(`\nload average at the end: ${loadAverage()}`);
  } finally {
    for (const service of services.reverse()) await service.close();
  }
}

function loadAverage(): string {
  return loadavg().map((n) => n.toFixed(2)).join(' ');
}

if (import.meta.main) await main();
