/**
 * What forwarding to a remote MCP server costs (issue 15): the same echo
 * tool called on a remote-shaped fake directly with an SDK client, and
 * through an in-process hub (`createHub` on a :memory: store, a real SDK
 * client) that forwards it on the user's upstream session. Sequential calls,
 * so the difference of the medians is what the hub adds per call
 * (authentication, catalog lookup, metering with a usage event, the
 * upstream session's request, the per-message cap). Run:
 * `node_modules/.bin/bun bench/remote.bench.ts` (BENCH_CALLS, default 500).
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { percentile } from '../lib/usage/summary.ts';
import { startFakeRemoteMcp } from '../test/helpers/fake-remote-mcp.ts';
import { startInProcessHub } from '../test/helpers/in-process-hub.ts';
import { addServer, remoteUser } from '../test/remote/helpers.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 500);

async function measure(call: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 50; i++) await call();
  const latencies: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await call();
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const fake = startFakeRemoteMcp();
const hub = await startInProcessHub({ logLevel: 'warn' });
try {
  const ada = await remoteUser(hub, 'ada@example.com');
  const added = await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' });
  if (added.status !== 200) throw new Error(JSON.stringify(added.body));
  const direct = new Client({ name: 'bench', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await direct.connect(new StreamableHTTPClientTransport(new URL(fake.url)));
  const viaHub = await hub.connect(ada.key);
  const directRun = await measure(() => direct.callTool({ name: 'echo', arguments: { message: 'x' } }));
  const hubRun = await measure(() => viaHub.callTool({ name: 'acme__echo', arguments: { message: 'x' } }));
  console.log(JSON.stringify({ calls: CALLS, direct: directRun, throughHub: hubRun, addedP50Ms: Number((hubRun.p50 - directRun.p50).toFixed(2)) }));
  await direct.close();
  await viaHub.close();
} finally {
  await hub.close();
  await fake.close();
}
