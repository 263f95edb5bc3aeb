/**
 * What the per-principal catalog costs on the hot path (`bun bench/catalog.bench.ts`):
 * resolving a `tools/call` name and answering `tools/list`, against the two
 * lookups the router made before the catalog (registry.resolve, which parses
 * and rebuilds the wire name, then the principal's connection by slug) and the
 * copy `tools/list` made of the principal's listings. Both sides run in the
 * same process, alternating rounds; reported as ns per operation and the ratio.
 *
 * Options: BENCH_ROUNDS (default 5), BENCH_OPS per round (default 1,000,000).
 */
import { integrations } from '../integrations/index.ts';
import { createCatalogBuilder } from '../lib/gateway/catalog.ts';
import type { Executor } from '../lib/gateway/executor.ts';
import { createRegistry } from '../lib/mcp/registry.ts';
import { DEFAULT_CALL_LOG_SETTINGS, type Connection, type ResolvedKey } from '../lib/store/port.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const OPS = Number(process.env.BENCH_OPS ?? 1_000_000);

const registry = createRegistry(integrations);
const executor: Executor = { execute: async () => ({ result: { content: [] }, outcome: 'ok', upstreamMs: 0 }) };
const connection = (slug: string): Connection => ({ userId: 'usr_bench', slug, enabled: true, sealedCredential: 'v1.sealed', settings: {}, account: null, attention: null, createdAt: 0, updatedAt: 0 });
const resolved: ResolvedKey = {
  key: { id: 'key_bench', userId: 'usr_bench', name: 'bench', prefix: 'mcp_sk_bench', createdAt: 0, lastUsedAt: null, lastClient: null, revokedAt: null, toolsetId: null, mode: null },
  user: { id: 'usr_bench', email: 'bench@example.com', name: null, role: 'admin', hasPassword: false, clerkUserId: null, plan: 'free', createdAt: 0 },
  connections: integrations.map((integration) => connection(integration.slug)),
  toolset: null,
  callLog: DEFAULT_CALL_LOG_SETTINGS,
  remoteServers: [],
};
const catalog = createCatalogBuilder(registry, executor)(resolved);
// What the principal held before: connections by slug and the listings, read by the two paths separately.
const connections = new Map(resolved.connections.map((c) => [c.slug, c]));
const tools = resolved.connections.flatMap((c) => registry.listings(c.slug));
const names = catalog.listings.map((tool) => tool.name);

let sink = 0;
function time(work: (i: number) => void): number {
  const started = performance.now();
  for (let i = 0; i < OPS; i++) work(i);
  return ((performance.now() - started) * 1e6) / OPS;
}

const cases = {
  'tools/call: resolve the name': {
    before: (i: number) => {
      const entry = registry.resolve(names[i % names.length]!);
      if (entry && connections.get(entry.integration.slug)) sink++;
    },
    after: (i: number) => {
      if (catalog.resolve(names[i % names.length]!)) sink++;
    },
  },
  'tools/list: the answer': {
    before: () => {
      sink += [...tools].length;
    },
    after: () => {
      sink += catalog.listings.length;
    },
  },
};

console.log(`${names.length} tools in the catalog, ${ROUNDS} rounds of ${OPS.toLocaleString('en')} operations, ${navigator.hardwareConcurrency} cores`);
console.log('| operation | before ns/op | catalog ns/op | catalog / before |');
console.log('|---|---|---|---|');
for (const [name, { before, after }] of Object.entries(cases)) {
  const b: number[] = [];
  const a: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    b.push(time(before));
    a.push(time(after));
  }
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  console.log(`| ${name} | ${median(b).toFixed(1)} | ${median(a).toFixed(1)} | ${(median(a) / median(b)).toFixed(2)} |`);
}
if (sink < 0) console.log(sink);
