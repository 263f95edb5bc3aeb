/**
 * The plan's limits on the hot path (lib/gateway/middleware/plan-limits.ts),
 * through the whole in-process hub with a real SDK client: the monthly quota
 * with what is stored but not folded yet, refused as an `isError` result
 * starting QUOTA_EXCEEDED (used/limit, reset date, upgrade URL) and recorded
 * as not billable; a plan that bills overage is never refused; the rate as
 * HTTP 429 with Retry-After on a plain POST of either era (the direct path and
 * the SDK's JSON answer) and as a JSON-RPC error inside a stream; tools/list
 * never limited; and a plan change reaching a running
 * session within a second.
 */
import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { billingPeriod, nextPeriodStart } from '../../lib/billing/period.ts';
import { RATE_LIMITED_ERROR_CODE } from '../../lib/gateway/mcp-server.ts';
import { setPlan } from '../../lib/services/plans.ts';
import type { UsageEvent } from '../../lib/store/port.ts';
import { startGitHubHub, type GitHubHub } from '../helpers/in-process-hub.ts';
import { waitUntil } from '../helpers/wait.ts';

const PUBLIC_URL = 'https://hub.example.com';
const GET_ME = { name: 'github__get_me', arguments: {} };
const plans = (...entries: object[]) => ({ MCPHUB_PLANS: JSON.stringify(entries) });
/** Roomy rates, so only the quota is under test. */
const ROOMY = { callsPerMinute: 100_000, burst: 100_000 };

let setup: GitHubHub | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

const textOf = (result: { content?: unknown }) => ((result.content as Array<{ type: string; text?: string }>)[0]?.text ?? '');

function storedCall(userId: string, at: number): UsageEvent {
  return { id: `evt_pre_${Math.random().toString(36).slice(2)}`, userId, keyId: 'key_pre', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 1, upstreamMs: 1, bytesIn: 1, bytesOut: 1, at };
}

describe('monthly quota', () => {
  it('counts the meter and the calls not folded yet, then refuses with QUOTA_EXCEEDED, the figures, the reset date and the Billing page; refused calls are not billable', async () => {
    setup = await startGitHubHub({ env: plans({ id: 'free', callsPerMonth: 5, ...ROOMY }), publicUrl: PUBLIC_URL });
    const { hub, alice } = setup;
    const store = hub.hub.store;
    const now = Date.now();
    // Two calls folded into the meter and one stored after the fold: three of five used before this session calls.
    await store.recordUsage(storedCall(alice.userId, now - 1_000));
    await store.recordUsage(storedCall(alice.userId, now - 1_000));
    await store.foldMeters();
    await store.recordUsage(storedCall(alice.userId, now - 500));
    const client = await hub.connect(alice.key);
    try {
      expect((await client.callTool(GET_ME)).isError).toBeFalsy();
      expect((await client.callTool(GET_ME)).isError).toBeFalsy();
      const refused = await client.callTool(GET_ME);
      expect(refused.isError).toBe(true);
      const text = textOf(refused);
      const resets = new Date(nextPeriodStart(now)).toISOString().slice(0, 10);
      expect(text).toBe(
        `QUOTA_EXCEEDED: You have used 5 of the 5 tool calls the Free plan includes in ${billingPeriod(now)} (UTC). Calls work again when the quota resets on ${resets} 00:00 UTC. Upgrade your plan at ${PUBLIC_URL}/billing.`,
      );
      // tools/list is never limited.
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('github__get_me');
      const calls = await store.listUsage({ userId: alice.userId });
      expect(calls.filter((c) => c.outcome === 'quota_exceeded')).toEqual([expect.objectContaining({ billable: false, error: text })]);
      expect(await store.countBillableCalls({ userId: alice.userId, period: billingPeriod(now) })).toBe(5);
    } finally {
      await client.close();
    }
  });

  it('never refuses a plan that bills overage: its calls past the limit go through and are billable', async () => {
    setup = await startGitHubHub({ env: plans({ id: 'pro', callsPerMonth: 1, ...ROOMY }) });
    const { hub, alice } = setup;
    await hub.hub.store.setUserPlan({ userId: alice.userId, plan: 'pro' });
    const client = await hub.connect(alice.key);
    try {
      for (let i = 0; i < 3; i++) expect((await client.callTool(GET_ME)).isError).toBeFalsy();
      expect(await hub.hub.store.countBillableCalls({ userId: alice.userId, period: billingPeriod(Date.now()) })).toBe(3);
    } finally {
      await client.close();
    }
  });

  it('admits no more than the quota when many calls arrive at once', async () => {
    setup = await startGitHubHub({ env: plans({ id: 'free', callsPerMonth: 4, ...ROOMY }) });
    const { hub, alice } = setup;
    const client = await hub.connect(alice.key);
    try {
      const results = await Promise.all(Array.from({ length: 12 }, () => client.callTool(GET_ME)));
      expect(results.filter((r) => !r.isError)).toHaveLength(4);
      expect(results.filter((r) => textOf(r).startsWith('QUOTA_EXCEEDED'))).toHaveLength(8);
    } finally {
      await client.close();
    }
  });

  it('says how the operator changes the plan when the hub has no Billing page to link', async () => {
    setup = await startGitHubHub({ env: plans({ id: 'free', callsPerMonth: 0, ...ROOMY }) });
    const client = await setup.hub.connect(setup.alice.key);
    try {
      expect(textOf(await client.callTool(GET_ME))).toMatch(/^QUOTA_EXCEEDED: You have used 0 of the 0 tool calls .* The hub operator can change your plan with `npx mcphub users set-plan --user <you> --plan <plan>` on the hub's machine\.$/);
    } finally {
      await client.close();
    }
  });

  it('lifts the refusal on a running session within a second of a plan change (setPlan, as the CLI, the API and Stripe call it)', async () => {
    setup = await startGitHubHub({ env: plans({ id: 'free', callsPerMonth: 1, ...ROOMY }) });
    const { hub, alice } = setup;
    const client = await hub.connect(alice.key);
    try {
      expect((await client.callTool(GET_ME)).isError).toBeFalsy();
      expect(textOf(await client.callTool(GET_ME))).toMatch(/^QUOTA_EXCEEDED/);
      await setPlan({ store: hub.hub.store, plans: hub.config.plans, actor: 'cli' }, { userId: alice.userId, plan: 'pro' });
      const changed = Date.now();
      await waitUntil(async () => !(await client.callTool(GET_ME)).isError, 1_000, 'a call on the new plan');
      expect(Date.now() - changed).toBeLessThan(1_000);
    } finally {
      await client.close();
    }
  });
});

describe('rate limit', () => {
  const RATE = plans({ id: 'free', callsPerMonth: null, callsPerMinute: 1, burst: 2 });

  /** A canonical 2026-07-28 tools/call POST, as a conformant client sends it (the direct path answers it). */
  function plainPost(key: string, id: number, extraMeta: Record<string, unknown> = {}): Request {
    return new Request('http://127.0.0.1:8787/mcp', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': GET_ME.name },
      body: JSON.stringify({
        jsonrpc: '2.0', id, method: 'tools/call',
        params: { ...GET_ME, _meta: { [PROTOCOL_VERSION_META_KEY]: '2026-07-28', [CLIENT_INFO_META_KEY]: { name: 'rate-test', version: '1.0.0' }, [CLIENT_CAPABILITIES_META_KEY]: {}, ...extraMeta } },
      }),
    });
  }

  it('answers a plain POST past the burst with HTTP 429, Retry-After and a JSON-RPC error naming the plan and when to retry; tools/list still answers', async () => {
    setup = await startGitHubHub({ env: RATE, publicUrl: PUBLIC_URL });
    const { hub, alice } = setup;
    expect((await hub.request(plainPost(alice.key, 1))).status).toBe(200);
    expect((await hub.request(plainPost(alice.key, 2))).status).toBe(200);
    const before = Date.now();
    const limited = await hub.request(plainPost(alice.key, 3));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    const body = (await limited.json()) as { id: number; error: { code: number; message: string; data: unknown } };
    expect(body.id).toBe(3);
    expect(body.error.code).toBe(RATE_LIMITED_ERROR_CODE);
    expect(body.error.data).toEqual({ code: 'RATE_LIMITED', plan: 'free', retryAfterSeconds: 60 });
    expect(body.error.message).toMatch(/^RATE_LIMITED: Too many tool calls at once: the Free plan allows 1 a minute, in bursts of up to 2, per key and per user\. Retry in 60 s \(at \d{4}-\d\d-\d\dT[\d:.]+Z\)\. Upgrade your plan at https:\/\/hub\.example\.com\/billing\.$/);
    const retryAt = Date.parse(/\(at ([^)]+)\)/.exec(body.error.message)![1]!);
    expect(retryAt - before).toBeGreaterThanOrEqual(59_000);
    const client = await hub.connect(alice.key);
    try {
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
    const calls = await hub.hub.store.listUsage({ userId: alice.userId });
    expect(calls.map((c) => c.outcome).sort()).toEqual(['ok', 'ok', 'rate_limited']);
    expect(calls.find((c) => c.outcome === 'rate_limited')).toMatchObject({ billable: false, error: body.error.message });
  });

  it('answers a call inside a stream (the SDK path) with the JSON-RPC error, which the SDK client raises', async () => {
    setup = await startGitHubHub({ env: RATE });
    const { hub, alice } = setup;
    const client = await hub.connect(alice.key);
    try {
      // With progress reporting the call is not a plain POST: the SDK serves it, as an event stream.
      const onprogress = () => {};
      expect((await client.callTool(GET_ME, { onprogress })).isError).toBeFalsy();
      expect((await client.callTool(GET_ME, { onprogress })).isError).toBeFalsy();
      const error = await client.callTool(GET_ME, { onprogress }).then(() => null, (e: unknown) => e as { code?: number; message?: string; data?: unknown });
      expect(error).toMatchObject({ code: RATE_LIMITED_ERROR_CODE, data: { code: 'RATE_LIMITED', plan: 'free', retryAfterSeconds: 60 } });
      expect(error?.message).toMatch(/RATE_LIMITED: Too many tool calls at once: the Free plan allows 1 a minute/);
    } finally {
      await client.close();
    }
  });

  it('answers a 2025-era client past the burst with HTTP 429 too: its SDK raises an HTTP error with the status and the refusal', async () => {
    setup = await startGitHubHub({ env: RATE });
    const client = await setup.hub.connect(setup.alice.key, 'legacy');
    try {
      expect((await client.callTool(GET_ME)).isError).toBeFalsy();
      expect((await client.callTool(GET_ME)).isError).toBeFalsy();
      const error = await client.callTool(GET_ME).then(() => null, (e: unknown) => e as { data?: { status?: number; text?: string } });
      expect(error?.data?.status).toBe(429);
      expect(error?.data?.text).toContain('RATE_LIMITED: Too many tool calls at once: the Free plan allows 1 a minute');
    } finally {
      await client.close();
    }
  });

  it('answers a 2025-era call the SDK serves in JSON (with progress reporting) with HTTP 429 and Retry-After as well', async () => {
    setup = await startGitHubHub({ env: RATE });
    const client = await setup.hub.connect(setup.alice.key, 'legacy');
    try {
      const onprogress = () => {};
      expect((await client.callTool(GET_ME, { onprogress })).isError).toBeFalsy();
      expect((await client.callTool(GET_ME, { onprogress })).isError).toBeFalsy();
      const error = await client.callTool(GET_ME, { onprogress }).then(() => null, (e: unknown) => e as { data?: { status?: number; text?: string } });
      expect(error?.data?.status).toBe(429);
      expect(JSON.parse(error!.data!.text!)).toMatchObject({ error: { code: RATE_LIMITED_ERROR_CODE, data: { code: 'RATE_LIMITED', plan: 'free', retryAfterSeconds: 60 } } });
    } finally {
      await client.close();
    }
  });

  it('keeps one bucket per key and one per user: a second key of the same user shares the user bucket, another user has their own', async () => {
    setup = await startGitHubHub({ env: RATE });
    const { hub, alice, token } = setup;
    const bob = await hub.createAccount('bob@example.com');
    await hub.enable(bob.userId, 'github', token);
    const { generateApiKey } = await import('../../lib/crypto/api-keys.ts');
    const second = generateApiKey();
    await hub.hub.store.createApiKey({ userId: alice.userId, name: 'second', hash: second.hash, prefix: second.prefix });
    expect((await hub.request(plainPost(alice.key, 1))).status).toBe(200);
    expect((await hub.request(plainPost(second.key, 2))).status).toBe(200);
    // Alice's user bucket is empty now, whichever of her keys calls.
    expect((await hub.request(plainPost(second.key, 3))).status).toBe(429);
    expect((await hub.request(plainPost(alice.key, 4))).status).toBe(429);
    expect((await hub.request(plainPost(bob.key, 5))).status).toBe(200);
  });
});
