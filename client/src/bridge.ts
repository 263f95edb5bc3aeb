/**
 * The MCP server the AI client talks to over stdio. Every request is passed
 * to the hub through `HubLink`; the answer comes back unchanged, progress and
 * cancellation included. When the hub cannot be used, the client still gets a
 * well-formed answer that says what to do:
 *
 * - `tools/call` → an `isError` result with the message (the model shows it);
 * - `tools/list` → through a short outage, the last list the hub gave; when
 *   there is none, or the key was rejected, or the URL is wrong, one tool,
 *   `mcphub_status`, whose description is the message. Every client shows
 *   a server's tools and their descriptions, while an error on `tools/list`
 *   is hidden in a log file by some and shown as "0 tools" by others. Once
 *   the hub answers, `list_changed` brings its tools in its place;
 * - other list requests → the last (or an empty) list through an outage, a
 *   JSON-RPC error when the person must change something.
 */
import type { Client } from '@modelcontextprotocol/client';
import {
  LOG_LEVEL_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type CallToolResult,
  type ListToolsResult,
  type LoggingLevel,
  type Progress,
  type ServerContext,
  type Tool,
} from '@modelcontextprotocol/server';
import { describeFailure, isTransient, type HubFailure } from './failures.ts';
import type { HubLink } from './hub-link.ts';
import type { Log } from './log.ts';
import { PassThroughValidator } from './pass-through-validator.ts';

/** Same text the hub gives HTTP clients; repeated because `initialize` is answered before the hub is reached. */
const INSTRUCTIONS =
  'MCP Hub gives you the tools of every integration this user has enabled. Tool names are <integration>__<tool>, e.g. github__create_issue. ' +
  'When a tool reports that an integration is not enabled or its token was rejected, tell the user what the message says to do.';

/** The hub bounds each tool run (MCPHUB_TOOL_TIMEOUT_MS ≤ 240 s); this only guards against a hub that never answers. */
const CALL_TIMEOUT_MS = 300_000;
const LIST_TIMEOUT_MS = 30_000;
/** JSON-RPC code the hub itself uses for a rejected key. */
const UNAUTHORIZED = -32001;
/** What the hub is asked to send when the AI client never chose a level. */
const DEFAULT_LOG_LEVEL: LoggingLevel = 'info';
const ENVELOPE_PREFIX = 'io.modelcontextprotocol/';

type RequestOptions = { signal: AbortSignal; timeout: number };
type Params = { _meta?: Record<string, unknown> } | undefined;
/** How a handler answers when the hub cannot be used: return something, or throw. */
type OnFailure<T> = (failure: HubFailure, message: string) => T;

function refuse(failure: HubFailure, message: string): never {
  throw new ProtocolError(failure.kind === 'rejected' ? UNAUTHORIZED : ProtocolErrorCode.InternalError, message);
}

/** List requests keep working through an outage (`list_changed` follows recovery); a rejected key or a wrong URL is an error. */
function listOr<T>(fallback: () => T): OnFailure<T> {
  return (failure, message) => (isTransient(failure) ? fallback() : refuse(failure, message));
}

/** Stands in for the hub's tools while they cannot be listed (see the header). No `__` in its name, so no hub tool can have it. */
export const STATUS_TOOL = 'mcphub_status';

function statusTool(message: string): Tool {
  return { name: STATUS_TOOL, title: 'MCP Hub: not connected', description: message, inputSchema: { type: 'object', properties: {} }, annotations: { readOnlyHint: true } };
}

/** To the model a broken connection is the tool's failure: it reads the message and can tell the user what to do. */
function failedCall(_failure: HubFailure, message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

export function createBridgeServer(link: HubLink, log: Log, version: string): Server {
  const server = new Server(
    { name: 'mcphub', title: 'MCP Hub', version },
    {
      capabilities: { tools: { listChanged: true }, prompts: { listChanged: true }, resources: { listChanged: true }, logging: {} },
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: new PassThroughValidator(),
    },
  );
  let lastTools: ListToolsResult | undefined;
  /** Set by a 2025 client's `logging/setLevel`; 2026-07-28 clients say it per request instead. */
  let sessionLogLevel: LoggingLevel | undefined;

  /**
   * Runs one request against the hub with the AI client's params (see `forwardedParams`).
   * The hub's own JSON-RPC errors and cancellations pass through unchanged.
   */
  async function viaHub<P extends Params, T>(
    request: { params?: P },
    ctx: ServerContext,
    timeout: number,
    run: (client: Client, params: P, options: RequestOptions) => Promise<T>,
    onFailure: OnFailure<T> = refuse,
  ): Promise<T> {
    const started = performance.now();
    const elapsed = () => `${Math.round(performance.now() - started)} ms`;
    const logLevel = ((ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[LOG_LEVEL_META_KEY] as LoggingLevel | undefined) ?? sessionLogLevel ?? DEFAULT_LOG_LEVEL;
    try {
      const result = await run(await link.client(), forwardedParams(request.params as P, logLevel), { signal: ctx.mcpReq.signal, timeout });
      log.debug(`${ctx.mcpReq.method} ok in ${elapsed()}`);
      return result;
    } catch (error) {
      log.debug(`${ctx.mcpReq.method} failed in ${elapsed()}: ${(error as Error).message}`);
      const failure = link.noteFailure(error);
      if (!failure) throw error;
      return onFailure(failure, describeFailure(failure, link.url));
    }
  }

  // Replaces the SDK's built-in handler: the hub filters by this level, so the bridge relays whatever arrives.
  server.setRequestHandler('logging/setLevel', (request) => {
    sessionLogLevel = request.params.level;
    return {};
  });

  server.setRequestHandler('tools/list', (request, ctx) =>
    viaHub(
      request,
      ctx,
      LIST_TIMEOUT_MS,
      async (client, params, options) => {
        const result = await client.listTools(params, options);
        if (!params?.cursor) lastTools = result;
        return result;
      },
      (failure, message) => (isTransient(failure) && lastTools ? lastTools : { tools: [statusTool(message)] }),
    ),
  );

  server.setRequestHandler('tools/call', (request, ctx): Promise<CallToolResult> => {
    if (request.params.name === STATUS_TOOL) {
      // Answered with the hub's state now: a list request tells whether it can be used.
      return viaHub(request, ctx, LIST_TIMEOUT_MS, async (client, _params, options): Promise<CallToolResult> => {
        await client.listTools(undefined, options);
        return { content: [{ type: 'text', text: `MCP Hub at ${link.url.origin} is connected again; list the tools once more to see them.` }] };
      }, failedCall);
    }
    const progressToken = request.params._meta?.progressToken;
    // Progress is relayed in order and always before the result: a client drops progress that arrives after it.
    let relayed = Promise.resolve();
    const relayProgress =
      progressToken === undefined
        ? undefined
        : (progress: Progress) => {
            relayed = relayed.then(() => ctx.mcpReq.notify({ method: 'notifications/progress', params: { ...progress, progressToken } })).catch((error: Error) => log.debug(`progress relay failed: ${error.message}`));
          };
    return viaHub(
      request,
      ctx,
      CALL_TIMEOUT_MS,
      async (client, params, options) => {
        const result = await client.callTool(params, { ...options, resetTimeoutOnProgress: true, onprogress: relayProgress });
        await relayed;
        return result;
      },
      failedCall,
    );
  });

  server.setRequestHandler('prompts/list', (request, ctx) =>
    viaHub(request, ctx, LIST_TIMEOUT_MS, (client, params, options) => client.listPrompts(params, options), listOr(() => ({ prompts: [] }))),
  );
  server.setRequestHandler('prompts/get', (request, ctx) => viaHub(request, ctx, LIST_TIMEOUT_MS, (client, params, options) => client.getPrompt(params, options)));
  server.setRequestHandler('resources/list', (request, ctx) =>
    viaHub(request, ctx, LIST_TIMEOUT_MS, (client, params, options) => client.listResources(params, options), listOr(() => ({ resources: [] }))),
  );
  server.setRequestHandler('resources/templates/list', (request, ctx) =>
    viaHub(request, ctx, LIST_TIMEOUT_MS, (client, params, options) => client.listResourceTemplates(params, options), listOr(() => ({ resourceTemplates: [] }))),
  );
  server.setRequestHandler('resources/read', (request, ctx) =>
    viaHub(request, ctx, LIST_TIMEOUT_MS, (client, params, options) => client.readResource(params, { ...options, cacheMode: 'bypass' })),
  );

  return server;
}

/**
 * The AI client's params as the hub should see them. Dropped: the client's
 * progress token (the SDK issues one for the hub hop, and `tools/call`
 * relays) and its 2026-07-28 envelope keys (the hub must see this bridge's
 * protocol version and capabilities, not the AI client's). Added: the log
 * level, which on 2026-07-28 is how the hub learns to send log messages.
 */
export function forwardedParams<P extends Params>(params: P, logLevel: LoggingLevel): P {
  const meta: Record<string, unknown> = { [LOG_LEVEL_META_KEY]: logLevel };
  for (const [key, value] of Object.entries(params?._meta ?? {})) {
    if (key !== 'progressToken' && !key.startsWith(ENVELOPE_PREFIX)) meta[key] = value;
  }
  return { ...params, _meta: meta } as P;
}
