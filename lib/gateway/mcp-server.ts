/**
 * Builds the MCP server that answers one request for one principal. The SDK's
 * `createMcpHandler` calls this factory per request (stateless on both the
 * 2026-07-28 and 2025-11-25 protocol revisions), so it only wires two handlers
 * over the principal's catalog, which the principal cache already holds.
 */
import { CLIENT_INFO_META_KEY, isInputRequiredResult, ProtocolError, ProtocolErrorCode, type CallToolResult, type InputRequiredResult, type McpServerFactory, type Tool } from '@modelcontextprotocol/server';
import { answerOf, offersUrlElicitation } from './connect-elicitation.ts';
import { clientOf } from '../usage/client.ts';
import type { Logger } from '../log.ts';
import { HubServer } from './jsonrpc.ts';
import type { ProgressUpdate } from './catalog.ts';
import type { CallHandler, RateLimitedCall, ToolCall, ToolCallOutcome } from './pipeline.ts';
import type { Principal } from './principals.ts';
import type { RemoteExtras } from '../remote/extras.ts';

export const SERVER_INFO = { name: 'mcphub', version: '0.1.0' };

const INSTRUCTIONS =
  'MCP Hub gives you the tools of every integration this user has enabled. Tool names are <integration>__<tool>, e.g. github__create_issue. ' +
  'When a tool reports that an integration is not enabled or its token was rejected, tell the user what the message says to do.';

/** For a key in progressive mode (lib/gateway/discovery): how to find and call the tools it does not list. */
const PROGRESSIVE_INSTRUCTIONS =
  'MCP Hub gives you the tools of the integrations this user enabled, found by search instead of listed: call hub__search_tools with what you want to do, ' +
  'hub__describe_tool for a tool\'s input schema, then hub__call_read_tool (read-only tools) or hub__call_write_tool (tools that may change data) with its name and arguments. ' +
  'When a tool reports that an integration is not enabled or its token was rejected, tell the user what the message says to do.';

/** For a key bound to a pass-through toolset: the names are the server's own, so the usual naming note would mislead. */
const passThroughInstructions = (slug: string) =>
  `MCP Hub passes the ${slug} MCP server through: its tools, prompts and resources keep their own names and URIs. ` +
  'When a tool reports that its credential was rejected, tell the user what the message says to do.';

/** What the model sees when the hub itself failed; the call log records the same words. */
export const INTERNAL_ERROR_MESSAGE = 'MCP Hub hit an internal error running this tool; the operator can find details in the hub log.';

export function principalOf(authInfo: { extra?: Record<string, unknown> } | undefined): Principal {
  const principal = authInfo?.extra?.principal as Principal | undefined;
  if (!principal) throw new Error('gateway bug: MCP request reached the server without a principal');
  return principal;
}

/**
 * One `tools/call` through the pipeline, for the SDK's handler and the direct
 * path (direct-call.ts) alike: its result (or, for a client that takes URL
 * elicitation, the connect ask: connect-elicitation.ts), or a `ProtocolError`
 * — a refusal the pipeline threw as is, anything else logged and turned into
 * an internal error that gives nothing away.
 */
export async function callTool(callHandler: CallHandler, logger: Logger, call: ToolCall): Promise<CallToolResult | InputRequiredResult> {
  let outcome: ToolCallOutcome;
  try {
    outcome = await callHandler(call);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    logger.error('tools/call failed inside the hub', { tool: call.name, userId: call.principal.userId, error: (error as Error).message, stack: (error as Error).stack });
    throw new ProtocolError(ProtocolErrorCode.InternalError, INTERNAL_ERROR_MESSAGE);
  }
  // Thrown here, past the pipeline, so usage metering recorded it as the `rate_limited` outcome it is.
  if (outcome.rateLimited) throw rateLimitError(outcome);
  return answerOf(outcome, call.urlElicitation);
}

/**
 * The JSON-RPC error code of a rate-limit refusal: JSON-RPC 2.0 §5.1 leaves
 * -32000 to -32099 to the server; 29 echoes HTTP 429. Its `data` says which
 * plan and when to retry, for clients that read it.
 */
export const RATE_LIMITED_ERROR_CODE = -32029;

export interface RateLimitErrorData extends RateLimitedCall {
  code: 'RATE_LIMITED';
}

function rateLimitError(outcome: ToolCallOutcome): ProtocolError {
  const text = outcome.result.content.find((block) => block.type === 'text')?.text ?? 'RATE_LIMITED';
  const data: RateLimitErrorData = { code: 'RATE_LIMITED', ...outcome.rateLimited! };
  return new ProtocolError(RATE_LIMITED_ERROR_CODE, text, data);
}

/** The rate-limit details of an error callTool threw, or null for any other error. */
export function rateLimitOf(error: unknown): RateLimitErrorData | null {
  const data = (error as ProtocolError | null)?.data as Partial<RateLimitErrorData> | undefined;
  return (error as ProtocolError | null)?.code === RATE_LIMITED_ERROR_CODE && data?.code === 'RATE_LIMITED' ? (data as RateLimitErrorData) : null;
}

/** `extras`: remote MCP servers' prompts and resources (lib/remote/extras.ts), offered to principals that have remote servers. */
export function createServerFactory(callHandler: CallHandler, logger: Logger, extras?: RemoteExtras): McpServerFactory {
  return ({ authInfo, requestInfo }) => {
    const principal = principalOf(authInfo);
    const passThrough = principal.catalog.passThrough;
    const instructions = passThrough ? passThroughInstructions(passThrough) : principal.catalog.mode === 'progressive' ? PROGRESSIVE_INSTRUCTIONS : INSTRUCTIONS;
    const remote = extras && (principal.remoteServers?.length ?? 0) > 0 ? extras : undefined;
    // logging: setLevel is accepted (the SDK's handler) as the spec asks of a server that declares it; the hub itself sends no log messages.
    const capabilities = { tools: { listChanged: true }, ...(remote && { prompts: {}, resources: { subscribe: true }, logging: {} }) };
    const server = new HubServer(SERVER_INFO, { capabilities, instructions });
    if (remote) serveRemoteExtras(server, principal, remote);
    // The catalog's own array, shared by every list of this principal: the SDK only reads it.
    server.setRequestHandler('tools/list', () => ({ tools: principal.catalog.listings as Tool[] }));
    server.setRequestHandler('tools/call', async (request, ctx) => {
      // The SDK lifts the 2026-07-28 envelope out of `_meta`; its type names no keys, so the clientInfo is read by name.
      const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
      const client = clientOf(envelope?.[CLIENT_INFO_META_KEY], requestInfo?.headers);
      const urlElicitation = offersUrlElicitation(envelope, ctx.mcpReq.inputResponses);
      const progressToken = ctx.mcpReq._meta?.progressToken;
      // Relayed as the upstream reports it (remote MCP servers); a client that gave no token gets none.
      const progress = progressToken === undefined ? undefined : (update: ProgressUpdate) => {
        void ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, ...update } }).catch(() => {});
      };
      const call = { principal, name: request.params.name, arguments: request.params.arguments, signal: ctx.mcpReq.signal, urlElicitation, ...(client !== undefined && { client }), ...(progress && { progress }) };
      try {
        const answer = await callTool(callHandler, logger, call);
        return isInputRequiredResult(answer) ? answer : server.projectCallToolResult(answer, undefined);
      } catch (error) {
        noteRateLimit(authInfo, error);
        throw error;
      }
    });
    return server;
  };
}

/**
 * Remembers on the request's auth info that its call was refused by the rate
 * limit, so a transport answering one JSON body (legacy-json.ts) can send it
 * as HTTP 429 with Retry-After, as the direct path does. The auth info is
 * built per request (handler.ts), so nothing outlives the request.
 */
function noteRateLimit(authInfo: { extra?: Record<string, unknown> } | undefined, error: unknown): void {
  const limited = rateLimitOf(error);
  if (limited && authInfo?.extra) authInfo.extra.rateLimited = limited;
}

/** The rate limit a request's call was refused by (noteRateLimit), or null. */
export function notedRateLimit(authInfo: { extra?: Record<string, unknown> } | undefined): RateLimitErrorData | null {
  return (authInfo?.extra?.rateLimited as RateLimitErrorData | undefined) ?? null;
}

/**
 * prompts/* and resources/* over the principal's remote servers; a name or
 * URI of none of them is an invalid parameter. A pass-through toolset's
 * principal sees only its one server, under that server's own names.
 */
function serveRemoteExtras(server: HubServer, principal: Principal, extras: RemoteExtras): void {
  const slug = principal.catalog.passThrough;
  const servers = principal.remoteServers ?? [];
  const caller = slug ? { userId: principal.userId, remoteServers: servers.filter((remote) => remote.slug === slug), passThrough: true } : { userId: principal.userId, remoteServers: servers };
  server.setRequestHandler('prompts/list', async () => ({ prompts: await extras.listPrompts(caller) }));
  server.setRequestHandler('prompts/get', async (request) => {
    const result = await extras.getPrompt(caller, request.params.name, request.params.arguments);
    if (!result) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt "${request.params.name}". Call prompts/list for the prompts you can use.`);
    return result;
  });
  server.setRequestHandler('resources/list', async () => ({ resources: await extras.listResources(caller) }));
  server.setRequestHandler('resources/templates/list', async () => ({ resourceTemplates: await extras.listResourceTemplates(caller) }));
  server.setRequestHandler('resources/read', async (request) => {
    const result = await extras.readResource(caller, request.params.uri);
    if (!result) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource "${request.params.uri.slice(0, 200)}". Call resources/list for the resources you can read.`);
    return result;
  });
  for (const [method, subscribe] of [['resources/subscribe', true], ['resources/unsubscribe', false]] as const) {
    server.setRequestHandler(method, async (request) => {
      if (!(await extras.subscription(caller, request.params.uri, subscribe))) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource "${request.params.uri.slice(0, 200)}". Call resources/list for the resources you can subscribe to.`);
      return {};
    });
  }
}
