/**
 * Metering that cannot be skipped (issue 11). Through the in-process hub with
 * real SDK clients: arguments past their limits are refused before validation
 * and before any upstream request, naming the limit; and the usage table holds
 * exactly one event for every call that reaches an upstream, whatever its
 * arguments or result, including a tool that throws after the upstream
 * answered and one whose output nests 40,000 levels deep.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { integrations } from '../../integrations/index.ts';
import { MAX_ARGUMENT_DEPTH, MAX_ARGUMENT_NODES } from '../../lib/gateway/middleware/argument-limits.ts';
import { MAX_MESSAGE_DEPTH, MAX_MESSAGE_VALUES } from '../../lib/gateway/message-body.ts';
import { defineIntegration, defineTool, type ClientOptions } from '../../lib/mcp/define.ts';
import type { UsageEvent } from '../../lib/store/port.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startFakeUpstreamBodies, type FakeUpstreamBodies } from '../helpers/fake-upstream-bodies.ts';
import { textOf } from '../helpers/hub-process.ts';
import { startInProcessHub, type InProcessAccount, type InProcessHub } from '../helpers/in-process-hub.ts';

const GITHUB_TOKEN = 'ghp_meteringToken0000000000000000000000001';
const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

const annotations = { title: 'Probe', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
/** Asks the probe upstream once, as a real integration would: through the executor's fetch. */
const askUpstream = async (client: ClientOptions) => (await client.fetch(`${client.baseUrl}/thing`, { signal: client.signal })).json();

/** A test-only integration whose tools misbehave after their upstream answered. */
const probe = defineIntegration({
  slug: 'probe',
  name: 'Probe',
  description: 'Tools that misbehave after the upstream answered.',
  category: 'test',
  auth: { kind: 'token', label: 'token', help: 'any text', scopes: [] },
  createClient: (_token, options: ClientOptions) => options,
  mapError: () => undefined,
  tools: [
    defineTool({
      name: 'throw_after_upstream',
      description: 'Calls the upstream, then fails with a bug.',
      input: z.object({}),
      annotations,
      async handler(_args, { client }: { client: ClientOptions }) {
        await askUpstream(client);
        throw new Error('probe: a bug after the upstream answered');
      },
    }),
    defineTool({
      name: 'return_deep',
      description: 'Calls the upstream, then returns output nested 40,000 levels deep.',
      input: z.object({}),
      annotations,
      async handler(_args, { client }: { client: ClientOptions }) {
        await askUpstream(client);
        return { text: 'deep output', structured: { value: nested(40_000) } };
      },
    }),
  ],
});

let github: FakeGitHub;
let upstream: FakeUpstreamBodies;
let hub: InProcessHub;
let alice: InProcessAccount;
let client: Client;

beforeAll(async () => {
  github = startFakeGitHub();
  github.tokens.set(GITHUB_TOKEN, 'alice');
  upstream = await startFakeUpstreamBodies();
  hub = await startInProcessHub({
    env: { MCPHUB_GITHUB_API_URL: github.url, MCPHUB_NOTION_API_URL: upstream.url, MCPHUB_PROBE_API_URL: upstream.url },
    integrations: [...integrations, probe],
  });
  alice = await hub.createAccount('alice@example.com');
  await hub.enable(alice.userId, 'github', GITHUB_TOKEN);
  await hub.enable(alice.userId, 'notion', 'ntn_meteringToken00000000000000000000000001');
  await hub.enable(alice.userId, 'probe', 'probe-token');
  client = await hub.connect(alice.key);
});

afterAll(async () => {
  await client?.close();
  await hub?.close();
  await github?.close();
  await upstream?.close();
});

const upstreamRequests = () => github.requests.length + upstream.requests;

/** Runs `call` and returns what it added: upstream requests (both fakes) and usage events. */
async function measured<T>(call: () => Promise<T>): Promise<{ value: T; upstream: number; events: UsageEvent[] }> {
  const before = upstreamRequests();
  const known = new Set((await hub.hub.store.listUsage({ userId: alice.userId })).map((e) => e.id));
  const value = await call();
  const events = (await hub.hub.store.listUsage({ userId: alice.userId })).filter((e) => !known.has(e.id));
  return { value, upstream: upstreamRequests() - before, events };
}

describe('arguments are bounded before validation', () => {
  it.each([
    ['nested 40,000 levels deep (the issue’s 80 KB)', '['.repeat(40_000) + ']'.repeat(40_000), [`nests deeper than the limit of ${MAX_MESSAGE_DEPTH} levels`, `at most ${MAX_ARGUMENT_DEPTH} levels`]],
    ['holding 300,000 keys', `{${Array.from({ length: 300_000 }, (_, i) => `"k${i}":0`).join(',')}}`, [`holds more than the limit of ${MAX_MESSAGE_VALUES.toLocaleString('en-US')} values`, `at most ${MAX_ARGUMENT_NODES.toLocaleString('en-US')}`]],
  ])('refuses a message %s before parsing it: -32602 naming the limit, nothing upstream, no event', async (_case, extra, phrases) => {
    const body = `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"github__create_issue","arguments":{"owner":"octo","repo":"hello","title":"x","extra":${extra}}}}`;
    const { value: response, upstream: requests, events } = await measured(() =>
      hub.request('/mcp', {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' },
        body,
      }),
    );
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { code: number; message: string } };
    expect(answer.error.code).toBe(-32602);
    for (const phrase of phrases) expect(answer.error.message).toContain(phrase);
    expect(requests).toBe(0);
    expect(events).toEqual([]);
  });

  it.each([
    ['a field the schema ignores, nested 100 levels deep', 'github__create_issue', { owner: 'octo', repo: 'hello', title: 'x', extra: nested(100) }, `nest deeper than the limit of ${MAX_ARGUMENT_DEPTH} levels`],
    ['Notion properties (passed through to the API) nested 100 levels deep', 'notion__create_page', { database_id: '0123456789abcdef0123456789abcdef', title: 'x', properties: { Deep: nested(100) } }, `nest deeper than the limit of ${MAX_ARGUMENT_DEPTH} levels`],
    ['15,000 values in a field the schema ignores', 'github__create_issue', { owner: 'octo', repo: 'hello', title: 'x', extra: Array.from({ length: 15_000 }, () => 0) }, `hold more than the limit of ${MAX_ARGUMENT_NODES.toLocaleString('en-US')} values`],
    ['2 MB of text in a field the schema ignores', 'github__create_issue', { owner: 'octo', repo: 'hello', title: 'x', extra: 'x'.repeat(2 * 1024 * 1024) }, 'are larger than the limit of 1 MB of JSON'],
  ])('refuses %s: an isError naming the limit, nothing upstream, one invalid_arguments event', async (_case, name, args, limit) => {
    const { value: result, upstream: requests, events } = await measured(() => client.callTool({ name, arguments: args }));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(`Arguments for ${name} ${limit}, so the call was not run. Send only the fields in the tool's input schema (tools/list), and split large content across calls.`);
    expect(requests).toBe(0);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ integration: name.split('__')[0], tool: name.split('__')[1], outcome: 'invalid_arguments', billable: false, upstreamMs: 0 });
    expect(events[0]!.bytesIn).toBeGreaterThan(0);
  });

  it('lets through arguments at the limits: an ignored field 60 levels deep is dropped by the schema and the call runs', async () => {
    const { value: result, upstream: requests, events } = await measured(() =>
      client.callTool({ name: 'github__create_issue', arguments: { owner: 'octo', repo: 'hello', title: 'Within limits', extra: nested(60) } }),
    );
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('Within limits');
    expect(requests).toBe(1);
    expect(events).toMatchObject([{ outcome: 'ok', billable: true }]);
  });
});

describe('exactly one usage event per call that reaches an upstream', () => {
  it.each([
    { case: 'a successful call', name: 'github__get_me', args: {}, outcome: 'ok', billable: true },
    { case: 'an upstream failure (HTTP 502)', name: 'github__get_repository', args: { owner: 'octo', repo: 'broken' }, outcome: 'upstream_error', billable: false },
    { case: 'a tool that throws after the upstream answered', name: 'probe__throw_after_upstream', args: {}, outcome: 'internal_error', billable: false },
    { case: 'a tool whose output nests 40,000 levels deep', name: 'probe__return_deep', args: {}, outcome: 'ok', billable: true },
  ])('$case: one $outcome event', async ({ name, args, outcome, billable }) => {
    const { value: settled, upstream: requests, events } = await measured(() => client.callTool({ name, arguments: args }).then((result) => ({ result }), (error: Error) => ({ error })));
    expect(requests).toBe(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ integration: name.split('__')[0], tool: name.split('__')[1], outcome, billable });
    if (outcome === 'internal_error') {
      // The client learns only that the hub failed; the bug's message stays in the hub log.
      expect('error' in settled && settled.error.message).toContain('MCP Hub hit an internal error');
      expect(hub.logs.some((line) => line.msg === 'tools/call failed inside the hub' && line.error === 'probe: a bug after the upstream answered')).toBe(true);
    }
    if (name === 'probe__return_deep') {
      const { result } = settled as { result: Awaited<ReturnType<Client['callTool']>> };
      expect(result.structuredContent).toBeUndefined();
      expect(textOf(result)).toBe(`deep output\n\n[structured content left out: its values nest deeper than the limit of 64 levels; the text above is the result]`);
      expect(events[0]!.bytesOut).toBe(Buffer.byteLength(JSON.stringify(result.content)) + '{"content":}'.length);
    }
  });

  it('the events add up: one per call above, none for the messages refused before parsing', async () => {
    const events = await hub.hub.store.listUsage({ userId: alice.userId });
    // 4 refused (invalid_arguments) + 1 within limits + 4 above.
    expect(events).toHaveLength(9);
    expect(events.filter((e) => e.billable).map((e) => e.tool).sort()).toEqual(['create_issue', 'get_me', 'return_deep']);
  });
});

it('an event the store cannot take is logged whole, so it can be replayed', async () => {
  const other = await startInProcessHub({ env: { MCPHUB_GITHUB_API_URL: github.url } });
  const bob = await other.createAccount('bob@example.com');
  await other.enable(bob.userId, 'github', GITHUB_TOKEN);
  const bobClient = await other.connect(bob.key);
  // Cached principal, closed database: the call runs, its event cannot be written.
  await bobClient.listTools();
  await other.hub.store.close();
  const result = await bobClient.callTool({ name: 'github__get_me', arguments: {} });
  expect(textOf(result)).toContain('alice');
  const line = other.logs.find((l) => l.msg === 'usage event could not be recorded') as { event: UsageEvent } | undefined;
  expect(line?.event).toMatchObject({ userId: bob.userId, integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, bytesIn: 2 });
  expect(line!.event.bytesOut).toBeGreaterThan(0);
  await bobClient.close();
  await other.close();
});
