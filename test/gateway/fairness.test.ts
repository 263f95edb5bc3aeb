/**
 * Fair sharing (issue 11): one user's hung upstream calls never hold up
 * another user's. User A's calls hang on the GitHub fake's `hang` repository
 * (held until the test releases them, or 10 s at most); the hub refuses A's
 * calls past the bound at once, B's calls to the same fake run, and every
 * slot comes back however a call ends.
 */
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { fetchPoolWarning } from '../../lib/gateway/middleware/concurrency.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startFakeNotion } from '../helpers/fake-notion.ts';
import { connectClient, createAccount, startHub, textOf, type HubProcess } from '../helpers/hub-process.ts';
import { startInProcessHub, type InProcessAccount, type InProcessHub } from '../helpers/in-process-hub.ts';
// These tests are about calls in flight, not plans: hundreds of calls a second must pass the plan.
import { NO_PLAN_LIMITS } from '../helpers/plans.ts';
import { waitUntil } from '../helpers/wait.ts';

const TOKEN_A = 'ghp_fairnessA000000000000000000000000001';
const TOKEN_B = 'ghp_fairnessB000000000000000000000000001';
const NOTION_TOKEN = 'ntn_fairnessA0000000000000000000000000001';
const HUNG = { name: 'github__get_repository', arguments: { owner: 'octo', repo: 'hang' } };
const QUICK = { name: 'github__get_repository', arguments: { owner: 'octo', repo: 'hello' } };

let fake: FakeGitHub;

beforeAll(() => {
  fake = startFakeGitHub();
  fake.tokens.set(TOKEN_A, 'alice');
  fake.tokens.set(TOKEN_B, 'bob');
});
afterAll(() => fake?.close());

interface Tenants {
  hub: InProcessHub;
  a: InProcessAccount;
  b: InProcessAccount;
  clientA: Client;
  clientB: Client;
}

/** Runs `body` with users A and B on GitHub on a fresh in-process hub, then releases the fake and closes all. */
async function withTenants(env: Record<string, string>, body: (t: Tenants) => Promise<void>): Promise<void> {
  const hub = await startInProcessHub({ env: { MCPHUB_GITHUB_API_URL: fake.url, ...NO_PLAN_LIMITS, ...env } });
  const a = await hub.createAccount('a@example.com');
  const b = await hub.createAccount('b@example.com');
  await hub.enable(a.userId, 'github', TOKEN_A);
  await hub.enable(b.userId, 'github', TOKEN_B);
  const t = { hub, a, b, clientA: await hub.connect(a.key), clientB: await hub.connect(b.key) };
  try {
    await body(t);
  } finally {
    fake.releaseHeld();
    await Promise.all([t.clientA.close(), t.clientB.close()]);
    await hub.close();
  }
}

/**
 * Starts `count` hung calls and waits until the bound shows: `refused` of them
 * answered and every other one held at the fake. Returns the refusals' texts
 * and the calls still running.
 */
async function startHung(client: Client, count: number, refused: number, options: { signal?: AbortSignal } = {}) {
  const heldBefore = fake.held();
  const answered: string[] = [];
  const running = Array.from({ length: count }, () =>
    client.callTool(HUNG, options).then((result) => {
      answered.push(result.isError ? textOf(result) : `ok: ${textOf(result)}`);
      return result;
    }),
  );
  const held = count - refused;
  await waitUntil(() => fake.held() === heldBefore + held && answered.length === refused, 5_000, `${held} more calls held at the fake and ${refused} answered`);
  return { refused: [...answered], running };
}

/** Outcome counts of a user's usage events. */
async function outcomes(hub: InProcessHub, userId: string): Promise<Record<string, number>> {
  const events = await hub.hub.store.listUsage({ userId, limit: 10_000 });
  const counts: Record<string, number> = {};
  for (const event of events) {
    const key = event.billable ? `${event.outcome} (billable)` : event.outcome;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Proves `client`'s user has exactly `bound` free slots: that many calls reach the fake and one more is refused. */
async function expectFreeSlots(client: Client, bound: number): Promise<void> {
  const again = await startHung(client, bound + 1, 1);
  expect(again.refused).toHaveLength(1);
  fake.releaseHeld();
  await Promise.all(again.running);
}

describe('per-user in-flight bound', () => {
  it("refuses A's calls past MCPHUB_MAX_CALLS_PER_USER at once while B's call to the same fake runs; every call is recorded once; the slots come back", () =>
    withTenants({ MCPHUB_MAX_CALLS_PER_USER: '64', MCPHUB_MAX_CALLS_PER_INTEGRATION: '1000' }, async (t) => {
      const { refused, running } = await startHung(t.clientA, 300, 236);
      for (const text of refused) expect(text).toBe('You already have 64 tool calls running, as many as one user may run at once (MCPHUB_MAX_CALLS_PER_USER=64). Wait for some of them to finish, then call again; the hub operator can raise MCPHUB_MAX_CALLS_PER_USER.');

      // The operator hears of it once, not 236 times: one line per bound per window.
      const warnings = t.hub.logs.filter((line) => line.msg === 'tool call refused: too many calls in flight');
      expect(warnings).toEqual([expect.objectContaining({ level: 'warn', setting: 'MCPHUB_MAX_CALLS_PER_USER', limit: 64, userId: t.a.userId })]);

      const b = await t.clientB.callTool(QUICK);
      expect(b.isError).toBeFalsy();
      expect(textOf(b)).toContain('octo/hello');
      expect(fake.held()).toBe(64);

      fake.releaseHeld();
      const answered = await Promise.all(running);
      expect(answered.filter((result) => !result.isError)).toHaveLength(64);
      expect(await outcomes(t.hub, t.a.userId)).toEqual({ 'ok (billable)': 64, limited: 236 });
      expect(await outcomes(t.hub, t.b.userId)).toEqual({ 'ok (billable)': 1 });
      await expectFreeSlots(t.clientA, 64);
    }));

  it('bounds one integration below the user bound (MCPHUB_MAX_CALLS_PER_INTEGRATION) and the whole hub (MCPHUB_MAX_CALLS)', async () => {
    const notion = startFakeNotion();
    notion.tokens.set(NOTION_TOKEN, 'alice');
    await withTenants({ MCPHUB_MAX_CALLS_PER_USER: '64', MCPHUB_MAX_CALLS_PER_INTEGRATION: '5', MCPHUB_MAX_CALLS: '8', MCPHUB_NOTION_API_URL: notion.url }, async (t) => {
      const a = await startHung(t.clientA, 7, 2);
      expect(a.refused).toEqual(Array(2).fill('You already have 5 github calls running, as many as one user may run at once on one integration (MCPHUB_MAX_CALLS_PER_INTEGRATION=5). Wait for some of them to finish, then call again, or use another integration meanwhile; the hub operator can raise MCPHUB_MAX_CALLS_PER_INTEGRATION.'));
      // A's GitHub calls at their bound do not hold up A's own calls to another integration.
      await t.hub.enable(t.a.userId, 'notion', NOTION_TOKEN);
      await waitUntil(async () => !(await t.clientA.callTool({ name: 'notion__search_workspace', arguments: {} })).isError, 5_000, "A's Notion call to run (once the enable reaches the principal cache)");
      const b = await startHung(t.clientB, 4, 1);
      expect(b.refused).toEqual(['MCP Hub is already running 8 tool calls for all its users, as many as it runs at once (MCPHUB_MAX_CALLS=8). Try again in a few seconds; the hub operator can raise MCPHUB_MAX_CALLS.']);
      fake.releaseHeld();
      await Promise.all([...a.running, ...b.running]);
      expect(await outcomes(t.hub, t.b.userId)).toEqual({ 'ok (billable)': 3, limited: 1 });
    }).finally(() => notion.close());
  });
});

describe('slots are released exactly once however a call ends', () => {
  it('a call that times out upstream gives its slot back', () =>
    withTenants({ MCPHUB_MAX_CALLS_PER_USER: '4', MCPHUB_TOOL_TIMEOUT_MS: '500' }, async (t) => {
      // Checked by answers, not by the fake, whose requests end by themselves after 500 ms.
      const answers = async (count: number) => (await Promise.all(Array.from({ length: count }, () => t.clientA.callTool(HUNG)))).map((result) => textOf(result).split('. ')[0]).sort();
      expect(await answers(4)).toEqual(Array(4).fill('GitHub did not answer within 500 ms'));
      await waitUntil(() => fake.held() === 0, 5_000, 'the fake to see the timed-out requests go');
      expect(await answers(5)).toEqual([...Array(4).fill('GitHub did not answer within 500 ms'), 'You already have 4 tool calls running, as many as one user may run at once (MCPHUB_MAX_CALLS_PER_USER=4)']);
      expect(await outcomes(t.hub, t.a.userId)).toEqual({ timeout: 8, limited: 1 });
    }));

  it('a call the client cancels gives its slot back', () =>
    withTenants({ MCPHUB_MAX_CALLS_PER_USER: '4' }, async (t) => {
      const cancel = new AbortController();
      const first = await startHung(t.clientA, 4, 0, { signal: cancel.signal });
      cancel.abort();
      await Promise.allSettled(first.running);
      await waitUntil(() => fake.held() === 0, 5_000, 'the fake to see the cancelled requests go');
      await waitUntil(async () => (await outcomes(t.hub, t.a.userId)).cancelled === 4, 5_000, 'four cancelled calls recorded');
      await expectFreeSlots(t.clientA, 4);
    }));

  it('a call that fails inside the hub gives its slot back', () =>
    withTenants({ MCPHUB_MAX_CALLS_PER_USER: '4' }, async (t) => {
      // Unknown tools throw out of the router (a JSON-RPC error), through the bound's finally.
      for (let i = 0; i < 10; i++) await expect(t.clientA.callTool({ name: 'github__no_such_tool', arguments: {} })).rejects.toThrow(/Unknown tool/);
      await expectFreeSlots(t.clientA, 4);
    }));
});

/**
 * A `tools/call` over node:http, which Bun does not count in its fetch pool:
 * this test process can hold 300 calls open and still make B's call with fetch.
 */
function postToolCall(mcpUrl: string, key: string, call: { name: string; arguments: Record<string, unknown> }): Promise<string> {
  const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'fairness', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { ...call, _meta: meta } });
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': call.name };
  return new Promise((resolve, reject) => {
    const request = http.request(mcpUrl, { method: 'POST', headers }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve(text));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe("Bun's fetch pool", () => {
  let hub: HubProcess | undefined;
  afterEach(async () => {
    fake.releaseHeld();
    await hub?.stop();
    hub = undefined;
  });

  it('a hub started as npm start starts it holds 300 hung upstream calls of one user and still runs another user\'s call', async () => {
    // Bounds out of the way: this is about the pool under them (runtime.env), which Bun's default 256 would fill.
    hub = await startHub({ ...NO_PLAN_LIMITS, MCPHUB_GITHUB_API_URL: fake.url, MCPHUB_LOG_LEVEL: 'warn', MCPHUB_MAX_CALLS_PER_USER: '1000', MCPHUB_MAX_CALLS_PER_INTEGRATION: '1000', MCPHUB_MAX_REQUESTS_PER_IP: '1000' });
    const [a, b] = await Promise.all([createAccount(hub, 'a@example.com', TOKEN_A), createAccount(hub, 'b@example.com', TOKEN_B)]);
    const held = Array.from({ length: 300 }, () => postToolCall(hub!.mcpUrl, a.key, HUNG));
    await waitUntil(() => fake.held() === 300, 10_000, '300 calls held at the fake');
    const client = await connectClient(hub.mcpUrl, b.key);
    const result = await client.callTool(QUICK);
    expect(textOf(result)).toContain('octo/hello');
    await client.close();
    fake.releaseHeld();
    for (const text of await Promise.all(held)) expect(text).toContain('octo/hang');
    expect(hub.stdout() + hub.stderr()).not.toContain('BUN_CONFIG_MAX_HTTP_REQUESTS');
  });

  it('warns at start when BUN_CONFIG_MAX_HTTP_REQUESTS cannot hold MCPHUB_MAX_CALLS calls', async () => {
    hub = await startHub({ BUN_CONFIG_MAX_HTTP_REQUESTS: '256', MCPHUB_LOG_LEVEL: 'warn' });
    await waitUntil(() => (hub!.stdout() + hub!.stderr()).includes('BUN_CONFIG_MAX_HTTP_REQUESTS'), 5_000, 'the fetch-pool warning');
    expect(hub.stdout() + hub.stderr()).toContain("Bun's fetch runs at most 256 upstream requests at once in this process (BUN_CONFIG_MAX_HTTP_REQUESTS), fewer than the 4096 that MCPHUB_MAX_CALLS=1024 tool calls can hold");
    expect(fetchPoolWarning({ maxCalls: 1024, fetchPool: 4096 })).toBeNull();
  });
});
