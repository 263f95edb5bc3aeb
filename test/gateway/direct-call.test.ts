/**
 * The direct path for 2026-07-28 `tools/call` (lib/gateway/direct-call.ts)
 * gives the answers the SDK's modern leg gives. Over one call handler, the
 * same request answered by `createMcpHandler(createServerFactory(…))` and by
 * `serveDirectCall` has the same status, content type and body; a real SDK
 * client's call is recognised (so clients take the direct path, not only the
 * benchmark); every near miss is left to the SDK and answered, through the
 * real gateway, exactly as a bare SDK handler answers it; a client that hangs
 * up gets 499 with its call's signal aborted; and a direct call still writes
 * its one usage event.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  createMcpHandler,
  PROTOCOL_VERSION_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
  type CallToolResult,
} from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrations } from '../../integrations/index.ts';
import { recognizeToolCall, serveDirectCall } from '../../lib/gateway/direct-call.ts';
import { batchRefusal } from '../../lib/gateway/jsonrpc.ts';
import { createServerFactory } from '../../lib/gateway/mcp-server.ts';
import type { CallHandler } from '../../lib/gateway/pipeline.ts';
import type { Principal } from '../../lib/gateway/principals.ts';
import { createRouter } from '../../lib/gateway/router.ts';
import { createRegistry } from '../../lib/mcp/registry.ts';
import { remoteHints } from '../../lib/server/hints.ts';
import { captureLogger } from '../helpers/logs.ts';
import { IN_PROCESS_ORIGIN, startGitHubHub, type GitHubHub } from '../helpers/in-process-hub.ts';

const REVISION = '2026-07-28';
const principal: Principal = { keyId: 'key_direct', keyHash: 'hash_direct', userId: 'usr_direct', email: 'direct@example.com', catalog: { listings: [], resolve: () => undefined } };
const authInfo = { token: principal.keyId, clientId: principal.keyId, scopes: [], extra: { principal } };

/** What a client of the answer can see: status, content type and the parsed body (text when it is not JSON). */
async function answerOf(response: Response): Promise<{ status: number; type: string | null; body: unknown }> {
  const type = response.headers.get('content-type');
  const text = await response.text();
  return { status: response.status, type, body: type?.startsWith('application/json') && text ? JSON.parse(text) : text };
}

/** A POST as a conformant 2026-07-28 client sends it: headers and a body, both open to change by a near miss. */
interface Exchange {
  headers: Record<string, string>;
  body: unknown;
}

function toolCall(name: string, id: string | number = 1): Exchange {
  return {
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': REVISION, 'mcp-method': 'tools/call', 'mcp-name': name },
    body: {
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: {
        name,
        arguments: {},
        _meta: { [PROTOCOL_VERSION_META_KEY]: REVISION, [CLIENT_INFO_META_KEY]: { name: 'direct-test', version: '1.0.0' }, [CLIENT_CAPABILITIES_META_KEY]: {} },
      },
    },
  };
}

/** A fresh Request for an exchange (a body is read once), addressed to the in-process hub. */
const requestOf = ({ headers, body }: Exchange, init: { extraHeaders?: Record<string, string>; signal?: AbortSignal } = {}) =>
  new Request(new URL('/mcp', IN_PROCESS_ORIGIN), { method: 'POST', headers: { ...headers, ...init.extraHeaders }, body: JSON.stringify(body), ...(init.signal && { signal: init.signal }) });

/** The parsed body the gateway hands to `recognizeToolCall` (message-body.ts parses it the same way). */
const parsed = (exchange: Exchange): unknown => JSON.parse(JSON.stringify(exchange.body));

const outcome = (result: CallToolResult) => ({ result, outcome: 'ok' as const, integration: null, tool: 'probe', upstreamMs: 0 });

/** One call handler for both paths: each tool name is one kind of answer the pipeline can give. */
const callHandler: CallHandler = async ({ name }) => {
  switch (name) {
    case 'ordinary':
      return outcome({ content: [{ type: 'text', text: '3 open issues' }], structuredContent: { count: 3, titles: ['a', 'b', 'c'] } });
    case 'failing':
      return outcome({ content: [{ type: 'text', text: 'GitHub refused the token. Reconnect it.' }], isError: true });
    case 'array_output':
      return outcome({ content: [], structuredContent: [1, 2, 3] });
    case 'own_meta':
      return outcome({ content: [{ type: 'text', text: 'traced' }], _meta: { 'com.example/trace': 'trace-1' } });
    case 'refused':
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'Invalid arguments: owner is required', { field: 'owner' });
    case 'buggy':
      throw new Error('the connection pool of shard-7 is exhausted');
    case 'rich':
      return outcome({ content: [{ type: 'text', text: 'x', annotations: { audience: ['user'] } }], isError: false, structuredContent: { a: 1 }, vendorField: 1 });
    case 'resource_link':
      return outcome({ content: [{ type: 'resource_link', uri: 'https://example.com/a', name: 'a' }] });
    default:
      throw new Error(`test bug: no tool ${name}`);
  }
};

describe('the direct path answers as the SDK modern leg does (same call handler)', () => {
  const { logger, lines } = captureLogger();
  const sdk = createMcpHandler(createServerFactory(callHandler, logger));
  afterAll(() => sdk.close());

  async function bothAnswers(exchange: Exchange) {
    const request = requestOf(exchange);
    const call = recognizeToolCall(request, parsed(exchange));
    expect(call, 'the canonical request is recognised').not.toBeNull();
    const direct = await answerOf(await serveDirectCall(call!, principal, callHandler, request, logger));
    const viaSdk = await answerOf(await sdk.fetch(requestOf(exchange), { authInfo }));
    return { direct, viaSdk };
  }

  it.each(['ordinary', 'failing', 'array_output', 'refused', 'buggy', 'rich', 'resource_link'])('%s: same status, content type and body, for a numeric and a string id', async (name) => {
    for (const id of [7, 'call-7']) {
      const { direct, viaSdk } = await bothAnswers(toolCall(name, id));
      expect(direct).toEqual(viaSdk);
      expect(direct.status).toBe(200);
      expect((direct.body as { id: unknown }).id).toBe(id);
    }
  });

  // The SDK's stampServerInfoMeta adds the server identity beside the handler's `_meta` keys (and keeps a handler's own identity).
  it('a result’s own _meta keys are kept beside the server identity, as the SDK keeps them', async () => {
    const { direct, viaSdk } = await bothAnswers(toolCall('own_meta'));
    expect(direct).toEqual(viaSdk);
    expect((viaSdk.body as { result: CallToolResult }).result._meta).toMatchObject({ 'com.example/trace': 'trace-1' });
  });

  it('the handler sees the same call on both paths, with arguments and without', async () => {
    const seen: unknown[] = [];
    const recording: CallHandler = async ({ principal: caller, name, arguments: args, signal }) => {
      seen.push({ caller, name, args, aborted: signal.aborted });
      return outcome({ content: [] });
    };
    const recordingSdk = createMcpHandler(createServerFactory(recording, logger));
    const withArguments = toolCall('ordinary');
    (withArguments.body as { params: Record<string, unknown> }).params.arguments = { owner: 'octo', labels: ['bug'] };
    const withoutArguments = toolCall('ordinary');
    delete (withoutArguments.body as { params: Record<string, unknown> }).params.arguments;
    for (const exchange of [withArguments, withoutArguments]) {
      const request = requestOf(exchange);
      await serveDirectCall(recognizeToolCall(request, parsed(exchange))!, principal, recording, request, logger);
      await recordingSdk.fetch(requestOf(exchange), { authInfo });
    }
    await recordingSdk.close();
    const [directWith, sdkWith, directWithout, sdkWithout] = seen;
    expect(directWith).toEqual(sdkWith);
    expect(directWith).toEqual({ caller: principal, name: 'ordinary', args: { owner: 'octo', labels: ['bug'] }, aborted: false });
    expect(directWithout).toEqual(sdkWithout);
  });

  it('a non-object structuredContent without a text block gains its JSON as text (SEP-2106), on both paths', async () => {
    const { direct } = await bothAnswers(toolCall('array_output'));
    expect((direct.body as { result: CallToolResult }).result.content).toEqual([{ type: 'text', text: '[1,2,3]' }]);
  });

  it('a bug inside the hub is an internal error that gives nothing away; the log has the reason', async () => {
    const { direct } = await bothAnswers(toolCall('buggy'));
    const { error } = direct.body as { error: { code: number; message: string } };
    expect(error.code).toBe(ProtocolErrorCode.InternalError);
    expect(error.message).not.toContain('shard-7');
    expect(lines.some((line) => line.includes('shard-7'))).toBe(true);
  });
});

describe('a real client takes the direct path; near misses are the SDK’s to answer', () => {
  let github: GitHubHub;
  let client: Client;
  /** Every request the real client sent, as it sent it. */
  const sent: Request[] = [];
  /** The reference: a bare SDK handler over the hub's own router, for a principal with nothing enabled (as alice has nothing but GitHub). */
  const { logger } = captureLogger();
  const bareSdk = createMcpHandler(createServerFactory(createRouter({ registry: createRegistry(integrations), enableHint: remoteHints().enable }), logger));
  /** A tool the hub has but alice has not enabled: answered by the router with a result, upstream never asked. */
  const NOT_ENABLED = 'linear__list_issues';

  beforeAll(async () => {
    github = await startGitHubHub();
    const recordingFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      sent.push(request.clone());
      return github.hub.request(request);
    }) as typeof fetch;
    client = new Client({ name: 'direct-recognition', version: '1.0.0' }, { versionNegotiation: { mode: { pin: REVISION } } });
    await client.connect(
      new StreamableHTTPClientTransport(new URL('/mcp', IN_PROCESS_ORIGIN), { fetch: recordingFetch, requestInit: { headers: { Authorization: `Bearer ${github.alice.key}` } } }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await bareSdk.close();
    await github?.close();
  });

  /** The request the real client sent for the last tools/call, and its parsed body. */
  async function lastToolCall(): Promise<{ request: Request; body: unknown }> {
    const calls: Array<{ request: Request; body: unknown }> = [];
    for (const request of sent) {
      const body: unknown = request.method === 'POST' ? await request.clone().json() : undefined;
      if ((body as { method?: unknown } | undefined)?.method === 'tools/call') calls.push({ request, body });
    }
    expect(calls.length).toBeGreaterThan(0);
    return calls.at(-1)!;
  }

  it('the SDK client’s own tools/call is recognised, and its usage event is written once', async () => {
    const before = await github.hub.hub.store.listUsage({ userId: github.alice.userId });
    const result = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(result.isError).toBeFalsy();
    const { request, body } = await lastToolCall();
    expect(recognizeToolCall(request, body)).toEqual({ id: (body as { id: unknown }).id, name: 'github__get_me', arguments: {} });
    const after = await github.hub.hub.store.listUsage({ userId: github.alice.userId });
    const added = after.filter((event) => !before.some((known) => known.id === event.id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ integration: 'github', tool: 'get_me', outcome: 'ok' });
  });

  /** Changes to the canonical call that take it off the direct path. */
  const change = (edit: (exchange: Exchange) => void) => () => {
    const exchange = toolCall(NOT_ENABLED, 21);
    edit(exchange);
    return exchange;
  };
  const params = (exchange: Exchange) => (exchange.body as { params: Record<string, unknown> }).params;
  const meta = (exchange: Exchange) => params(exchange)._meta as Record<string, unknown>;
  const withoutHeader = (name: string) => change((exchange) => void delete exchange.headers[name]);
  const nearMisses: Array<[string, () => Exchange]> = [
    ['Mcp-Name missing', withoutHeader('mcp-name')],
    ['Mcp-Name naming another tool', change((exchange) => void (exchange.headers['mcp-name'] = 'linear__get_issue'))],
    ['Mcp-Name in the base64 form', change((exchange) => void (exchange.headers['mcp-name'] = `=?base64?${Buffer.from(NOT_ENABLED).toString('base64')}?=`))],
    ['Mcp-Method naming another method', change((exchange) => void (exchange.headers['mcp-method'] = 'tools/list'))],
    ['MCP-Protocol-Version missing', withoutHeader('mcp-protocol-version')],
    ['MCP-Protocol-Version other than the body’s', change((exchange) => void (exchange.headers['mcp-protocol-version'] = '2025-11-25'))],
    ['_meta with a progressToken', change((exchange) => void (meta(exchange).progressToken = 'p-1'))],
    ['_meta with a logLevel', change((exchange) => void (meta(exchange)['io.modelcontextprotocol/logLevel'] = 'debug'))],
    ['clientInfo without a version', change((exchange) => void (meta(exchange)[CLIENT_INFO_META_KEY] = { name: 'direct-test' }))],
    ['clientCapabilities invalid', change((exchange) => void (meta(exchange)[CLIENT_CAPABILITIES_META_KEY] = { roots: { listChanged: 'yes' } }))],
    ['arguments an array', change((exchange) => void (params(exchange).arguments = ['octo']))],
    ['name a number', change((exchange) => void (params(exchange).name = 42))],
    ['id null', change((exchange) => void ((exchange.body as Record<string, unknown>).id = null))],
    ['id fractional', change((exchange) => void ((exchange.body as Record<string, unknown>).id = 1.5))],
    ['an extra top-level key', change((exchange) => void ((exchange.body as Record<string, unknown>).extra = true))],
    ['content-type text/plain', change((exchange) => void (exchange.headers['content-type'] = 'text/plain'))],
  ];

  /** The gateway's answer for alice, and the bare SDK handler's for the same exchange. */
  async function gatewayAndSdk(exchange: Exchange) {
    const gateway = await answerOf(await github.hub.request(requestOf(exchange, { extraHeaders: { authorization: `Bearer ${github.alice.key}` } })));
    const reference = await answerOf(await bareSdk.fetch(requestOf(exchange), { authInfo, parsedBody: parsed(exchange) }));
    return { gateway, reference };
  }

  it.each(nearMisses)('%s: not recognised, and the gateway answers exactly as the SDK', async (_case, build) => {
    const exchange = build();
    expect(recognizeToolCall(requestOf(exchange), parsed(exchange))).toBeNull();
    const { gateway, reference } = await gatewayAndSdk(exchange);
    expect(gateway).toEqual(reference);
  });

  it('a batch: not recognised, and the gateway refuses it as it refuses every batch on a revision without batching', async () => {
    const exchange = toolCall(NOT_ENABLED, 22);
    exchange.body = [exchange.body];
    expect(recognizeToolCall(requestOf(exchange), parsed(exchange))).toBeNull();
    const gateway = await answerOf(await github.hub.request(requestOf(exchange, { extraHeaders: { authorization: `Bearer ${github.alice.key}` } })));
    expect(gateway).toEqual(await answerOf(batchRefusal(requestOf(exchange), parsed(exchange))!));
  });

  it('headers with the whitespace HTTP allows around them are recognised, and answered as the SDK answers', async () => {
    const exchange = toolCall(NOT_ENABLED, 23);
    for (const name of ['mcp-protocol-version', 'mcp-method', 'mcp-name']) exchange.headers[name] = ` \t${exchange.headers[name]}\t `;
    expect(recognizeToolCall(requestOf(exchange), parsed(exchange))).toEqual({ id: 23, name: NOT_ENABLED, arguments: {} });
    const { gateway, reference } = await gatewayAndSdk(exchange);
    expect(gateway).toEqual(reference);
    expect((gateway.body as { result: CallToolResult }).result.isError).toBe(true);
  });
});

describe('a client that hangs up', () => {
  type Serve = (handler: CallHandler, exchange: Exchange, request: Request) => Promise<Response>;
  const { logger } = captureLogger();
  const paths: Array<[string, Serve]> = [
    ['the direct path', (handler, exchange, request) => serveDirectCall(recognizeToolCall(request, parsed(exchange))!, principal, handler, request, logger)],
    ['the SDK path', (handler, _exchange, request) => createMcpHandler(createServerFactory(handler, logger)).fetch(request, { authInfo })],
  ];

  it.each(paths)('on %s gets 499, and its call’s signal is aborted', async (_path, serve) => {
    let sawAbort = false;
    let started = () => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    // Runs until its signal is aborted, as an upstream request does.
    const waiting: CallHandler = ({ signal }) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          sawAbort = true;
          reject(signal.reason as Error);
        });
        started();
      });
    const exchange = toolCall('slow');
    const controller = new AbortController();
    const answer = serve(waiting, exchange, requestOf(exchange, { signal: controller.signal }));
    await running;
    controller.abort();
    expect((await answer).status).toBe(499);
    expect(sawAbort).toBe(true);
  });
});
