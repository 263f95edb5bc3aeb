/**
 * What plan enforcement costs per call (`npm run bench:plans`): the same
 * in-process hub (createHub on a :memory: store, app.handle, the direct path
 * for canonical 2026-07-28 tools/call POSTs) with and without
 * withPlanLimits, alternating rounds in one process. The tool does nothing
 * (no upstream), so the hub's own work is all there is to measure and the
 * ratio is as strict as it gets; a real upstream call only dilutes it. The
 * plan refuses overage with a limit never reached, so every call takes both
 * token buckets and the quota tracker's admission (the full hot path).
 *
 * Short rounds in pairs (one of each, the order alternating) and the median
 * of the pairs' ratios: on a shared, busy machine the load drifts by far more
 * than what is measured, and a pair's two rounds see about the same load.
 * Then the middleware alone: withPlanLimits around a handler that answers at
 * once, against that handler, in ns per call.
 *
 * Options: BENCH_PAIRS (default 100), BENCH_CALLS per round (default 200),
 * BENCH_CONCURRENCY calls in flight (default 1), BENCH_OPS for the middleware
 * alone (default 1,000,000).
 */
import * as z from 'zod';
import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/server';
import { resolvePlans } from '../lib/billing/plan-config.ts';
import { createPlanTable } from '../lib/billing/plans.ts';
import { QuotaTracker } from '../lib/billing/quota-tracker.ts';
import { RateLimiter } from '../lib/billing/rate-limiter.ts';
import { withPlanLimits } from '../lib/gateway/middleware/plan-limits.ts';
import type { CallHandler, ToolCallOutcome } from '../lib/gateway/pipeline.ts';
import { defineIntegration, defineTool } from '../lib/mcp/define.ts';
import { startInProcessHub, type InProcessHub } from '../test/helpers/in-process-hub.ts';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 100);
const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
const OPS = Number(process.env.BENCH_OPS ?? 1_000_000);

/** One tool that answers at once: no upstream, so the hub's own cost is the whole call. */
const noop = defineIntegration({
  slug: 'noop',
  name: 'Noop',
  description: 'A tool that answers at once.',
  category: 'test',
  auth: { kind: 'token', label: 'token', help: 'any text', scopes: [] },
  createClient: () => ({}),
  mapError: () => undefined,
  tools: [
    defineTool({
      name: 'ping',
      description: 'Answers pong.',
      input: z.object({}),
      annotations: { title: 'Ping', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      handler: async () => ({ text: 'pong' }),
    }),
  ],
});

/** Room for every call of the run: nothing is refused, but every check runs. */
const PLANS = JSON.stringify([{ id: 'free', callsPerMonth: 1_000_000_000, callsPerMinute: 1_000_000, burst: 1_000_000, overage: 'refuse' }]);

async function target(enforcePlans: boolean): Promise<{ hub: InProcessHub; call: () => Promise<void> }> {
  const hub = await startInProcessHub({ env: { MCPHUB_PLANS: PLANS }, integrations: [noop], logLevel: 'error', enforcePlans });
  const account = await hub.createAccount('bench@example.com');
  await hub.enable(account.userId, 'noop', 'token');
  const body = JSON.stringify({
    jsonrpc: '2.0', id: 1, method: 'tools/call',
    params: { name: 'noop__ping', arguments: {}, _meta: { [PROTOCOL_VERSION_META_KEY]: '2026-07-28', [CLIENT_INFO_META_KEY]: { name: 'bench', version: '1.0.0' }, [CLIENT_CAPABILITIES_META_KEY]: {} } },
  });
  const headers = { authorization: `Bearer ${account.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'noop__ping' };
  return {
    hub,
    async call() {
      const response = await hub.request('/mcp', { method: 'POST', headers, body });
      const text = await response.text();
      if (response.status !== 200 || !text.includes('pong')) throw new Error(`the call failed: ${response.status} ${text.slice(0, 300)}`);
    },
  };
}

/** µs per call over one round of CALLS calls, CONCURRENCY at a time. */
async function round(call: () => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < CALLS) await call();
  }));
  return ((performance.now() - started) * 1_000) / CALLS;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const without = await target(false);
const withLimits = await target(true);
try {
  // Warm both (JIT, the principal caches, the first quota read).
  for (let i = 0; i < 5; i++) {
    await round(without.call);
    await round(withLimits.call);
  }
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    // Alternating which goes first, so neither always runs on a warmer process.
    const [x, y] = i % 2 === 0 ? [await round(without.call), await round(withLimits.call)] : ((r) => [r[1], r[0]])([await round(withLimits.call), await round(without.call)]);
    a.push(x!);
    b.push(y!);
    ratios.push(y! / x!);
  }
  console.log(`${PAIRS} pairs of rounds of ${CALLS.toLocaleString('en')} tools/call POSTs, ${CONCURRENCY} in flight, ${navigator.hardwareConcurrency} cores, Bun ${Bun.version}`);
  console.log('| hub | median µs/call | p10 | p90 |');
  console.log('|---|---|---|---|');
  const q = (values: number[], at: number) => [...values].sort((m, n) => m - n)[Math.floor(values.length * at)]!;
  console.log(`| without plan limits | ${median(a).toFixed(1)} | ${q(a, 0.1).toFixed(1)} | ${q(a, 0.9).toFixed(1)} |`);
  console.log(`| with plan limits | ${median(b).toFixed(1)} | ${q(b, 0.1).toFixed(1)} | ${q(b, 0.9).toFixed(1)} |`);
  const ratio = median(ratios);
  console.log(`with / without, median of the pairs: ${ratio.toFixed(3)} (${((ratio - 1) * 100).toFixed(1)}%; target < 5%); p10 ${q(ratios, 0.1).toFixed(3)}, p90 ${q(ratios, 0.9).toFixed(3)}`);
} finally {
  await without.hub.close();
  await withLimits.hub.close();
}

// The middleware alone, in ns per call: its own work with nothing around it. Millions of calls a second would empty
// any bucket MCPHUB_PLANS allows (and time the refusal instead), so this plan is built directly, with room for them.
const plans = createPlanTable([{ ...resolvePlans(PLANS).get('free')!, callsPerMinute: 1e12, burst: 1e12 }]);
const principal = { keyId: 'key_bench', keyHash: 'h', userId: 'usr_bench', email: 'bench@example.com', storeArguments: false, plan: 'free', catalog: { listings: [], tools: [], resolve: () => ({ name: 'noop__ping', integration: 'noop', tool: 'ping', invoke: async () => ({ result: { content: [] }, outcome: 'ok' as const, upstreamMs: 0 }) }), describe: () => undefined, mode: 'flat' as const, toolset: null } };
const answer: ToolCallOutcome = { result: { content: [] }, outcome: 'ok', integration: 'noop', tool: 'ping', upstreamMs: 0 };
const terminal: CallHandler = async () => answer;
const limited = withPlanLimits({ plans, limiter: new RateLimiter(), quota: new QuotaTracker({ count: async () => 0 }), upgradeHint: () => 'Upgrade.' })(terminal);
const call = { principal, name: 'noop__ping', arguments: {}, signal: new AbortController().signal };
async function ns(handler: CallHandler): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < OPS; i++) await handler(call);
  return ((performance.now() - started) * 1e6) / OPS;
}
await ns(limited);
const alone: number[] = [];
const bare: number[] = [];
for (let i = 0; i < 5; i++) {
  bare.push(await ns(terminal));
  alone.push(await ns(limited));
}
console.log(`withPlanLimits alone: ${(median(alone) - median(bare)).toFixed(0)} ns per call over a handler that answers at once (${median(alone).toFixed(0)} vs ${median(bare).toFixed(0)} ns, ${OPS.toLocaleString('en')} calls × 5)`);
