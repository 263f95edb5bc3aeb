/**
 * The direct path for `tools/call` (lib/gateway/direct-call.ts) gives the
 * answers the gateway's SDK legs give, on both eras it recognises: the SDK's
 * modern leg for 2026-07-28, and legacy-json.ts's JSON leg (the SDK's stateless
 * transport) for 2025-11-25 and 2025-06-18. Over one call handler, the same
 * request answered by that leg and by `serveDirectCall` has the same status,
 * content type and body; a real SDK client's call is recognised on each era (so
 * clients take the direct path, not only the benchmark); every near miss is
 * left to the SDK and answered, through the real gateway, exactly as the leg
 * the gateway routes it to answers it; a client that hangs up gets 499 with its
 * call's signal aborted; and a direct call still writes its one usage event.
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
  type McpServerFactory,
} from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrations } from '../../integrations/index.ts';
import { recognizeToolCall, serveDirectCall } from '../../lib/gateway/direct-call.ts';
import { batchRefusal } from '../../lib/gateway/jsonrpc.ts';
import { serveLegacyJson } from '../../lib/gateway/legacy-json.ts';
import { createServerFactory } from '../../lib/gateway/mcp-server.ts';
import type { CallHandler } from '../../lib/gateway/pipeline.ts';
import type { Principal } from '../../lib/gateway/principals.ts';
import { createRouter } from '../../lib/gateway/router.ts';
import { createRegistry } from '../../lib/mcp/registry.ts';
import { remoteHints } from '../../lib/server/hints.ts';
import { captureLogger } from '../helpers/logs.ts';
import { IN_PROCESS_ORIGIN, startGitHubHub, type GitHubHub } from '../helpers/in-process-hub.ts';

const REVISION = '2026-07-28';
/** The 2025-era revision a negotiating SDK client settles on; 2025-06-18 is the other one recognised. */
const LEGACY_REVISION = '2025-11-25';
const principal: Principal = { keyId: 'key_direct', keyHash: 'hash_direct', userId: 'usr_direct', email: 'direct@example.com', catalog: { listings: [], tools: [], resolve: () => undefined, describe: () => undefined, mode: 'flat', toolset: null }, storeArguments: false, plan: 'free' };
const authInfo = { token: principal.keyId, clientId: principal.keyId, scopes: [], extra: { principal } };

/** What a client of the answer can see: status, content type and the parsed body (text when it is not JSON). */
async function answerOf(response: Response): Promise<{ status: number; type: string | null; body: unknown }> {
  const type = response.headers.get('content-type');
  const text = await response.text();
  return { status: response.status, type, body: type?.startsWith('application/json') && text ? JSON.parse(text) : text };
}

/** A POST as a conformant client sends it: headers and a body, both open to change by a near miss. */
interface Exchange {
  headers: Record<string, string>;
  body: unknown;
}

/**
 * A `tools/call` on `revision`: on 2026-07-28 with the per-request envelope and
 * the SEP-2243 headers; on a 2025-era revision as a stateless client sends it
 * after `initialize`, with neither (only the revision header).
 */
function toolCall(name: string, id: string | number = 1, revision = REVISION): Exchange {
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': revision };
  if (revision !== REVISION) return { headers, body: { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } } };
  return {
    headers: { ...headers, 'mcp-method': 'tools/call', 'mcp-name': name },
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

/**
 * The gateway's answer today for a call it does not take directly, on the era
 * of `revision`: the SDK's modern leg (2026-07-28), or legacy-json.ts's JSON
 * leg over the SDK's stateless transport (2025 era), from the same factory.
 */
function sdkLeg(revision: string, factory: McpServerFactory): { answer(request: Request, parsedBody: unknown): Promise<Response>; close(): Promise<void> } {
  if (revision !== REVISION) return { answer: (request, parsedBody) => serveLegacyJson(factory, request, { authInfo, parsedBody }), close: async () => {} };
  const sdk = createMcpHandler(factory);
  return { answer: (request) => sdk.fetch(request, { authInfo }), close: () => sdk.close() };
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
    case 'needs_connecting':
      return { ...outcome({ content: [{ type: 'text', text: 'GitHub is not enabled. Or open https://hub.example/connect/github?t=x …' }], isError: true }), connect: { slug: 'github', url: 'https://hub.example/connect/github?t=x', message: 'Connect GitHub' } };
    default:
      throw new Error(`test bug: no tool ${name}`);
  }
};

describe.each([
  [REVISION, 'modern'],
  [LEGACY_REVISION, 'legacy'],
  ['2025-06-18', 'legacy'],
] as const)('on %s, the direct path answers as the gateway’s SDK leg does (same call handler)', (revision, era) => {
  const { logger, lines } = captureLogger();
  const sdk = sdkLeg(revision, createServerFactory(callHandler, logger));
  afterAll(() => sdk.close());
  const call = (name: string, id?: string | number) => toolCall(name, id, revision);

  async function bothAnswers(exchange: Exchange) {
    const request = requestOf(exchange);
    const recognized = recognizeToolCall(request, parsed(exchange));
    expect(recognized, 'the canonical request is recognised, on its era').toMatchObject({ era });
    const direct = await answerOf(await serveDirectCall(recognized!, principal, callHandler, request, logger));
    const viaSdk = await answerOf(await sdk.answer(requestOf(exchange), parsed(exchange)));
    return { direct, viaSdk };
  }

  it.each(['ordinary', 'failing', 'array_output', 'refused', 'buggy', 'rich', 'resource_link', 'needs_connecting'])('%s: same status, content type and body, for a numeric and a string id', async (name) => {
    for (const id of [7, 'call-7']) {
      const { direct, viaSdk } = await bothAnswers(call(name, id));
      expect(direct).toEqual(viaSdk);
      expect(direct.status).toBe(200);
      expect((direct.body as { id: unknown }).id).toBe(id);
    }
  });

  // Only a 2026-07-28 envelope can declare it; on a 2025-era revision this is the text result as above.
  it('a call that needs connecting, from a client that declares URL elicitation: the same answer (the connect ask on 2026-07-28)', async () => {
    const exchange = call('needs_connecting');
    const meta = (exchange.body as { params: { _meta?: Record<string, unknown> } }).params._meta;
    if (meta) meta[CLIENT_CAPABILITIES_META_KEY] = { elicitation: { url: {} } };
    const { direct, viaSdk } = await bothAnswers(exchange);
    expect(direct).toEqual(viaSdk);
    const result = (direct.body as { result: Record<string, unknown> }).result;
    if (era === 'modern') expect(result).toMatchObject({ resultType: 'input_required', inputRequests: { mcphub_connect_github: { method: 'elicitation/create', params: { mode: 'url', url: 'https://hub.example/connect/github?t=x' } } } });
    else expect(result).toMatchObject({ isError: true });
  });

  // On 2026-07-28 the SDK's stampServerInfoMeta adds the server identity beside the handler's `_meta` keys (and keeps a handler's own identity).
  it('a result’s own _meta keys are kept, as the SDK keeps them', async () => {
    const { direct, viaSdk } = await bothAnswers(call('own_meta'));
    expect(direct).toEqual(viaSdk);
    expect((viaSdk.body as { result: CallToolResult }).result._meta).toMatchObject({ 'com.example/trace': 'trace-1' });
  });

  it('the handler sees the same call on both paths, with arguments and without', async () => {
    const seen: unknown[] = [];
    const recording: CallHandler = async ({ principal: caller, name, arguments: args, signal }) => {
      seen.push({ caller, name, args, aborted: signal.aborted });
      return outcome({ content: [] });
    };
    const recordingSdk = sdkLeg(revision, createServerFactory(recording, logger));
    const withArguments = call('ordinary');
    (withArguments.body as { params: Record<string, unknown> }).params.arguments = { owner: 'octo', labels: ['bug'] };
    const withoutArguments = call('ordinary');
    delete (withoutArguments.body as { params: Record<string, unknown> }).params.arguments;
    for (const exchange of [withArguments, withoutArguments]) {
      const request = requestOf(exchange);
      await serveDirectCall(recognizeToolCall(request, parsed(exchange))!, principal, recording, request, logger);
      await recordingSdk.answer(requestOf(exchange), parsed(exchange));
    }
    await recordingSdk.close();
    const [directWith, sdkWith, directWithout, sdkWithout] = seen;
    expect(directWith).toEqual(sdkWith);
    expect(directWith).toEqual({ caller: principal, name: 'ordinary', args: { owner: 'octo', labels: ['bug'] }, aborted: false });
    expect(directWithout).toEqual(sdkWithout);
  });

  // 2025-era result schemas require an object structuredContent, so the SDK's 2025 codec wraps any other value; both codecs add the text fallback.
  it(`a non-object structuredContent without a text block gains its JSON as text (SEP-2106)${era === 'legacy' ? ' and is wrapped as { result }' : ''}, on both paths`, async () => {
    const { direct, viaSdk } = await bothAnswers(call('array_output'));
    expect(direct).toEqual(viaSdk);
    const { result } = direct.body as { result: CallToolResult };
    expect(result.content).toEqual([{ type: 'text', text: '[1,2,3]' }]);
    expect(result.structuredContent).toEqual(era === 'legacy' ? { result: [1, 2, 3] } : [1, 2, 3]);
  });

  it('a bug inside the hub is an internal error that gives nothing away; the log has the reason', async () => {
    const { direct } = await bothAnswers(call('buggy'));
    const { error } = direct.body as { error: { code: number; message: string } };
    expect(error.code).toBe(ProtocolErrorCode.InternalError);
    expect(error.message).not.toContain('shard-7');
    expect(lines.some((line) => line.includes('shard-7'))).toBe(true);
  });
});

describe('a real client takes the direct path; near misses are the SDK’s to answer', () => {
  let github: GitHubHub;
  /** A real SDK client per era: pinned to 2026-07-28, and negotiating a 2025-era revision with `initialize`. */
  const clients = new Map<string, Client>();
  /** Every request the real clients sent, as they sent it. */
  const sent: Request[] = [];
  /** The references, over the hub's own router for a principal with nothing enabled (as alice has nothing but GitHub): a bare SDK handler, and legacy-json.ts's leg. */
  const { logger } = captureLogger();
  const bareFactory = createServerFactory(createRouter({ registry: createRegistry(integrations), enableHint: remoteHints().enable }), logger);
  const bareSdk = createMcpHandler(bareFactory);
  /** A tool the hub has but alice has not enabled: answered by the router with a result, upstream never asked. */
  const NOT_ENABLED = 'linear__list_issues';

  beforeAll(async () => {
    github = await startGitHubHub();
    const recordingFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      sent.push(request.clone());
      return github.hub.request(request);
    }) as typeof fetch;
    for (const [revision, mode] of [[REVISION, { pin: REVISION }], [LEGACY_REVISION, 'legacy']] as const) {
      const client = new Client({ name: 'direct-recognition', version: '1.0.0' }, { versionNegotiation: { mode } });
      await client.connect(
        new StreamableHTTPClientTransport(new URL('/mcp', IN_PROCESS_ORIGIN), { fetch: recordingFetch, requestInit: { headers: { Authorization: `Bearer ${github.alice.key}` } } }),
      );
      clients.set(revision, client);
    }
  });
  afterAll(async () => {
    await Promise.all([...clients.values()].map((client) => client.close()));
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

  it.each([
    [REVISION, 'modern'],
    [LEGACY_REVISION, 'legacy'],
  ] as const)('the SDK client’s own tools/call on %s is recognised on its era, and its usage event is written once', async (revision, era) => {
    const before = await github.hub.hub.store.listUsage({ userId: github.alice.userId });
    const result = await clients.get(revision)!.callTool({ name: 'github__get_me', arguments: {} });
    expect(result.isError).toBeFalsy();
    const { request, body } = await lastToolCall();
    expect(request.headers.get('mcp-protocol-version')).toBe(revision);
    // The call log's client: the 2026-07-28 envelope's clientInfo; a 2025-era client sends none, and this one no User-Agent of its own.
    const client = era === 'modern' ? 'direct-recognition/1.0.0' : request.headers.get('user-agent') ?? undefined;
    expect(recognizeToolCall(request, body)).toEqual({ era, id: (body as { id: unknown }).id, name: 'github__get_me', arguments: {}, client, urlElicitation: false });
    const after = await github.hub.hub.store.listUsage({ userId: github.alice.userId });
    const added = after.filter((event) => !before.some((known) => known.id === event.id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ integration: 'github', tool: 'get_me', outcome: 'ok' });
  });

  /** Changes to the canonical call on `revision` that take it off the direct path. */
  const change =
    (edit: (exchange: Exchange) => void, revision = REVISION) =>
    () => {
      const exchange = toolCall(NOT_ENABLED, 21, revision);
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

  /** Where handler.ts sends a request it does not take directly: legacy-json.ts for a 2025-era POST (`isLegacyPost`), else the SDK handler. */
  type Leg = 'legacy-json' | 'sdk';
  /** The gateway's answer for alice, and the answer of the leg the gateway routes the same exchange to. */
  async function gatewayAndSdk(exchange: Exchange, leg: Leg = 'sdk') {
    const gateway = await answerOf(await github.hub.request(requestOf(exchange, { extraHeaders: { authorization: `Bearer ${github.alice.key}` } })));
    const parsedBody = parsed(exchange);
    const reference = await answerOf(await (leg === 'sdk' ? bareSdk.fetch(requestOf(exchange), { authInfo, parsedBody }) : serveLegacyJson(bareFactory, requestOf(exchange), { authInfo, parsedBody })));
    return { gateway, reference };
  }

  it.each(nearMisses)('%s: not recognised, and the gateway answers exactly as the SDK', async (_case, build) => {
    const exchange = build();
    expect(recognizeToolCall(requestOf(exchange), parsed(exchange))).toBeNull();
    const { gateway, reference } = await gatewayAndSdk(exchange);
    expect(gateway).toEqual(reference);
  });

  /** 2025-era changes, each with the leg that answers it and its status (the SDK's transport: 406 for an Accept without both types). */
  const legacyChange = (edit: (exchange: Exchange) => void) => change(edit, LEGACY_REVISION);
  const legacyNearMisses: Array<[string, Leg, number, () => Exchange]> = [
    ['MCP-Protocol-Version missing', 'legacy-json', 200, legacyChange((exchange) => void delete exchange.headers['mcp-protocol-version'])],
    ['MCP-Protocol-Version 2025-03-26', 'legacy-json', 200, legacyChange((exchange) => void (exchange.headers['mcp-protocol-version'] = '2025-03-26'))],
    // Not 2025-era to the SDK's classifier (`isLegacyPost` is false): the gateway hands it to the SDK handler, whose modern path refuses a revision header without an envelope.
    ['MCP-Protocol-Version an unknown revision', 'sdk', 400, legacyChange((exchange) => void (exchange.headers['mcp-protocol-version'] = '2099-01-01'))],
    ['an Mcp-Session-Id', 'legacy-json', 200, legacyChange((exchange) => void (exchange.headers['mcp-session-id'] = 'session-1'))],
    ['Accept without text/event-stream', 'legacy-json', 406, legacyChange((exchange) => void (exchange.headers.accept = 'application/json'))],
    ['Accept without application/json', 'legacy-json', 406, legacyChange((exchange) => void (exchange.headers.accept = 'text/event-stream'))],
    ['_meta with a progressToken', 'legacy-json', 200, legacyChange((exchange) => void (params(exchange)._meta = { progressToken: 'p-1' }))],
    ['arguments an array', 'legacy-json', 200, legacyChange((exchange) => void (params(exchange).arguments = ['octo']))],
    ['an extra params key', 'legacy-json', 200, legacyChange((exchange) => void (params(exchange).cursor = 'c-1'))],
  ];

  it.each(legacyNearMisses)('2025 era, %s: not recognised, and the gateway answers exactly as its %s leg', async (_case, leg, status, build) => {
    const exchange = build();
    expect(recognizeToolCall(requestOf(exchange), parsed(exchange))).toBeNull();
    const { gateway, reference } = await gatewayAndSdk(exchange, leg);
    expect(gateway).toEqual(reference);
    expect(gateway.status).toBe(status);
  });

  it('a batch: not recognised, and the gateway refuses it as it refuses every batch on a revision without batching', async () => {
    const exchange = toolCall(NOT_ENABLED, 22);
    exchange.body = [exchange.body];
    expect(recognizeToolCall(requestOf(exchange), parsed(exchange))).toBeNull();
    const gateway = await answerOf(await github.hub.request(requestOf(exchange, { extraHeaders: { authorization: `Bearer ${github.alice.key}` } })));
    expect(gateway).toEqual(await answerOf(batchRefusal(requestOf(exchange), parsed(exchange))!));
  });

  it('a canonical 2025-era call through the gateway is recognised, and answered as its legacy-json leg answers it', async () => {
    const exchange = toolCall(NOT_ENABLED, 24, LEGACY_REVISION);
    expect(recognizeToolCall(requestOf(exchange), parsed(exchange))).toEqual({ era: 'legacy', id: 24, name: NOT_ENABLED, arguments: {}, urlElicitation: false });
    const { gateway, reference } = await gatewayAndSdk(exchange, 'legacy-json');
    expect(gateway).toEqual(reference);
    expect((gateway.body as { result: CallToolResult }).result.isError).toBe(true);
  });

  it('headers with the whitespace HTTP allows around them are recognised, and answered as the SDK answers', async () => {
    const exchange = toolCall(NOT_ENABLED, 23);
    for (const name of ['mcp-protocol-version', 'mcp-method', 'mcp-name']) exchange.headers[name] = ` \t${exchange.headers[name]}\t `;
    expect(recognizeToolCall(requestOf(exchange), parsed(exchange))).toEqual({ era: 'modern', id: 23, name: NOT_ENABLED, arguments: {}, client: 'direct-test/1.0.0', urlElicitation: false });
    const { gateway, reference } = await gatewayAndSdk(exchange);
    expect(gateway).toEqual(reference);
    expect((gateway.body as { result: CallToolResult }).result.isError).toBe(true);
  });
});

describe('a client that hangs up', () => {
  type Serve = (handler: CallHandler, exchange: Exchange, request: Request) => Promise<Response>;
  const { logger } = captureLogger();
  const direct: Serve = (handler, exchange, request) => serveDirectCall(recognizeToolCall(request, parsed(exchange))!, principal, handler, request, logger);
  const viaSdk =
    (revision: string): Serve =>
    (handler, exchange, request) => {
      const sdk = sdkLeg(revision, createServerFactory(handler, logger));
      return sdk.answer(request, parsed(exchange)).finally(() => sdk.close());
    };
  const paths = [REVISION, LEGACY_REVISION].flatMap((revision): Array<[string, string, Serve]> => [
    ['the direct path', revision, direct],
    ['the SDK leg', revision, viaSdk(revision)],
  ]);

  it.each(paths)('on %s (%s) gets 499, and its call’s signal is aborted', async (_path, revision, serve) => {
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
    const exchange = toolCall('slow', 1, revision);
    const controller = new AbortController();
    const answer = serve(waiting, exchange, requestOf(exchange, { signal: controller.signal }));
    await running;
    controller.abort();
    expect((await answer).status).toBe(499);
    expect(sawAbort).toBe(true);
  });
});
