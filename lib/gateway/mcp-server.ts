/**
 * Builds the MCP server that answers one request for one principal. The SDK's
 * `createMcpHandler` calls this factory per request (stateless on both the
 * 2026-07-28 and 2025-11-25 protocol revisions), so it only wires two handlers
 * over the principal's catalog, which the principal cache already holds.
 */
import { CLIENT_INFO_META_KEY, ProtocolError, ProtocolErrorCode, type CallToolResult, type McpServerFactory, type Tool } from '@modelcontextprotocol/server';
import { clientOf } from '../usage/client.ts';
import type { Logger } from '../log.ts';
import { HubServer } from './jsonrpc.ts';
import type { ProgressUpdate } from './catalog.ts';
import type { CallHandler, ToolCall } from './pipeline.ts';
import type { Principal } from './principals.ts';
import type { RemoteExtras } from '../remote/extras.ts';

export const SERVER_INFO = { name: 'mcphub', version: '0.1.0' };

const INSTRUCTIONS =
  'MCP Hub gives you the tools of every integration this user has enabled. Tool names are <integration>__<tool>, e.g. github__create_issue. ' +
  'When a tool reports that an integration is not enabled or its token was rejected, tell the user what the message says to do.';

/** What the model sees when the hub itself failed; the call log records the same words. */
export const INTERNAL_ERROR_MESSAGE = 'MCP Hub hit an internal error running this tool; the operator can find details in the hub log.';

export function principalOf(authInfo: { extra?: Record<string, unknown> } | undefined): Principal {
  const principal = authInfo?.extra?.principal as Principal | undefined;
  if (!principal) throw new Error('gateway bug: MCP request reached the server without a principal');
  return principal;
}

/**
 * One `tools/call` through the pipeline, for the SDK's handler and the direct
 * path (direct-call.ts) alike: its result, or a `ProtocolError` — a refusal
 * the pipeline threw as is, anything else logged and turned into an internal
 * error that gives nothing away.
 */
export async function callTool(callHandler: CallHandler, logger: Logger, call: ToolCall): Promise<CallToolResult> {
  try {
    return (await callHandler(call)).result;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    logger.error('tools/call failed inside the hub', { tool: call.name, userId: call.principal.userId, error: (error as Error).message, stack: (error as Error).stack });
    throw new ProtocolError(ProtocolErrorCode.InternalError, INTERNAL_ERROR_MESSAGE);
  }
}

/** `extras`: remote MCP servers' prompts and resources (lib/remote/extras.ts), offered to principals that have remote servers. */
export function createServerFactory(callHandler: CallHandler, logger: Logger, extras?: RemoteExtras): McpServerFactory {
  return ({ authInfo, requestInfo }) => {
    const principal = principalOf(authInfo);
    const remote = extras && (principal.remoteServers?.length ?? 0) > 0 ? extras : undefined;
    const capabilities = { tools: { listChanged: true }, ...(remote && { prompts: {}, resources: {} }) };
    const server = new HubServer(SERVER_INFO, { capabilities, instructions: INSTRUCTIONS });
    if (remote) serveRemoteExtras(server, principal, remote);
    // The catalog's own array, shared by every list of this principal: the SDK only reads it.
    server.setRequestHandler('tools/list', () => ({ tools: principal.catalog.listings as Tool[] }));
    server.setRequestHandler('tools/call', async (request, ctx) => {
      // The SDK lifts the 2026-07-28 envelope out of `_meta`; its type names no keys, so the clientInfo is read by name.
      const client = clientOf((ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_INFO_META_KEY], requestInfo?.headers);
      const progressToken = ctx.mcpReq._meta?.progressToken;
      // Relayed as the upstream reports it (remote MCP servers); a client that gave no token gets none.
      const progress = progressToken === undefined ? undefined : (update: ProgressUpdate) => {
        void ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, ...update } }).catch(() => {});
      };
      const call = { principal, name: request.params.name, arguments: request.params.arguments, signal: ctx.mcpReq.signal, ...(client !== undefined && { client }), ...(progress && { progress }) };
      return server.projectCallToolResult(await callTool(callHandler, logger, call), undefined);
    });
    return server;
  };
}

/** prompts/* and resources/* over the principal's remote servers; a name or URI of none of them is an invalid parameter. */
function serveRemoteExtras(server: HubServer, principal: Principal, extras: RemoteExtras): void {
  const caller = { userId: principal.userId, remoteServers: principal.remoteServers ?? [] };
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
}
