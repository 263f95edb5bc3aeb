/**
 * A remote MCP server on 127.0.0.1 for the hub to add as an integration
 * (issue 15), built on the SDK's server like any real one, that records who
 * called (by the credential it was sent) with what. Two shapes:
 *
 * - `stateless` (default): `createMcpHandler`, serving 2026-07-28 and
 *   stateless 2025-era clients, with list_changed through the handler;
 * - `sessions`: a 2025-era server with `Mcp-Session-Id` sessions
 *   (`WebStandardStreamableHTTPServerTransport`), which `restart()` forgets,
 *   so an old session gets 404 as from a restarted server.
 *
 * Its tools have the names real servers use: dots, slashes, hyphens,
 * spaces, and one too long for `slug__tool` in 64 characters.
 */
import { randomUUID } from 'node:crypto';
import { Server, WebStandardStreamableHTTPServerTransport, createMcpHandler, isInitializeRequest, type ServerContext, type Tool } from '@modelcontextprotocol/server';

export interface RecordedCall {
  /** Whom the credential named (`identify`'s answer). */
  caller: string;
  tool: string;
  arguments: Record<string, unknown>;
  sessionId: string | null;
}

export interface FakeRemoteMcp {
  url: string;
  calls: RecordedCall[];
  /** Every credential-bearing request, as `caller` (tools/list, initialize… included). */
  callers: string[];
  cancelled: string[];
  /** Replaces the tool list and tells open sessions (notifications/tools/list_changed). */
  setTools(tools: Tool[]): void;
  /** Forgets every session (as a restarted server would). */
  restart(): void;
  /** Sessions the server has opened (sessions mode). */
  sessionsOpened: number;
  close(): Promise<void>;
}

export const LONG_TOOL_NAME = 'a_really_long_tool_name_that_together_with_its_slug_does_not_fit_the_limit';

export const DEFAULT_TOOLS: Tool[] = [
  { name: 'echo', description: 'Returns its message and who called.', inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] }, annotations: { readOnlyHint: true } },
  { name: 'search.docs', description: 'Searches the docs.', inputSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { q: { type: 'string' } } }, annotations: { readOnlyHint: true, openWorldHint: false } },
  { name: 'files/read', description: 'Reads a file.', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'get-page', description: 'Gets a page.', inputSchema: { type: 'object', properties: {} } },
  { name: 'Create Item', description: 'Creates an item.', inputSchema: { type: 'object', properties: {} }, annotations: { destructiveHint: true } },
  { name: LONG_TOOL_NAME, description: 'Has a long name.', inputSchema: { type: 'object', properties: {} } },
  { name: 'count', description: 'Counts to `to`, reporting progress.', inputSchema: { type: 'object', properties: { to: { type: 'number' } } } },
  { name: 'wait', description: 'Waits until cancelled.', inputSchema: { type: 'object', properties: {} } },
  { name: 'big', description: 'Returns `bytes` characters.', inputSchema: { type: 'object', properties: { bytes: { type: 'number' } } } },
  { name: 'slow', description: 'Answers after `ms`.', inputSchema: { type: 'object', properties: { ms: { type: 'number' } } } },
  { name: 'fail', description: 'Answers a JSON-RPC error.', inputSchema: { type: 'object', properties: {} } },
];

export interface FakeRemoteOptions {
  /** Whom a request's headers name, or null to answer 401. Default: anyone, as `anonymous`. */
  identify?: (headers: Headers) => string | null;
  mode?: 'stateless' | 'sessions';
  tools?: Tool[];
  /** Answers some paths itself before the credential check (OAuth protected resource metadata, say). */
  routes?: (request: Request, origin: string) => Response | null;
  /** The WWW-Authenticate value of a 401 (default `Bearer`). */
  challenge?: (origin: string) => string;
}

/** Accepts `Authorization: Bearer <token>` for the tokens given, naming their owner. */
export const bearerTokens = (tokens: Record<string, string>) => (headers: Headers) => {
  const match = /^Bearer (.+)$/.exec(headers.get('authorization') ?? '');
  return match ? (tokens[match[1]!] ?? null) : null;
};

export function startFakeRemoteMcp(options: FakeRemoteOptions = {}): FakeRemoteMcp {
  const identify = options.identify ?? (() => 'anonymous');
  let tools = options.tools ?? DEFAULT_TOOLS;
  const calls: RecordedCall[] = [];
  const callers: string[] = [];
  const cancelled: string[] = [];
  const servers = new Set<Server>();

  function createServer(caller: () => string, sessionId: () => string | null): Server {
    const server = new Server({ name: 'fake-remote', version: '1.0.0' }, { capabilities: { tools: { listChanged: true }, prompts: {}, resources: {} } });
    server.setRequestHandler('tools/list', () => ({ tools }));
    server.setRequestHandler('prompts/list', () => ({ prompts: [{ name: 'greet', description: 'Greets someone', arguments: [{ name: 'who', required: true }] }, { name: 'weekly.report', description: 'A report' }] }));
    server.setRequestHandler('prompts/get', (request) => ({
      messages: [{ role: 'user' as const, content: { type: 'text' as const, text: `${request.params.name}: hello ${request.params.arguments?.who ?? 'nobody'} (for ${caller()})` } }],
    }));
    server.setRequestHandler('resources/list', () => ({ resources: [{ uri: 'memo://welcome', name: 'welcome', mimeType: 'text/plain' }] }));
    server.setRequestHandler('resources/templates/list', () => ({ resourceTemplates: [{ uriTemplate: 'memo://{name}', name: 'memo' }] }));
    server.setRequestHandler('resources/read', (request) => ({ contents: [{ uri: request.params.uri, mimeType: 'text/plain', text: `contents of ${request.params.uri} (for ${caller()})` }] }));
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const args = (request.params.arguments ?? {}) as Record<string, unknown>;
      calls.push({ caller: caller(), tool: request.params.name, arguments: args, sessionId: sessionId() });
      switch (request.params.name) {
        case 'echo':
          return { content: [{ type: 'text' as const, text: `${String(args.message)} (for ${caller()})` }] };
        case 'count':
          return count(Number(args.to ?? 3), ctx);
        case 'wait':
          await new Promise<void>((resolve) => ctx.mcpReq.signal.addEventListener('abort', () => resolve(), { once: true }));
          cancelled.push(request.params.name);
          return { content: [{ type: 'text' as const, text: 'cancelled' }], isError: true };
        case 'big':
          return { content: [{ type: 'text' as const, text: 'x'.repeat(Number(args.bytes ?? 10)) }] };
        case 'slow':
          await new Promise((resolve) => setTimeout(resolve, Number(args.ms ?? 100)));
          return { content: [{ type: 'text' as const, text: 'slow answer' }] };
        case 'fail':
          throw new Error('the fake refuses this call');
        default:
          return { content: [{ type: 'text' as const, text: `called ${request.params.name}` }] };
      }
    });
    servers.add(server);
    return server;
  }

  const refuse = (origin: string) => Response.json({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'unauthorized' } }, { status: 401, headers: { 'WWW-Authenticate': options.challenge?.(origin) ?? 'Bearer' } });

  // Stateless: one handler; the caller of the request in flight is passed through its authInfo.
  const stateless = createMcpHandler(({ authInfo }) => createServer(() => String(authInfo?.extra?.caller ?? 'unknown'), () => null));
  // Sessions: one transport per session id.
  let sessions = new Map<string, WebStandardStreamableHTTPServerTransport>();
  let sessionsOpened = 0;

  async function serveSessions(request: Request, caller: string): Promise<Response> {
    const sessionId = request.headers.get('mcp-session-id');
    if (sessionId) {
      const transport = sessions.get(sessionId);
      if (!transport) return Response.json({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } }, { status: 404 });
      return transport.handleRequest(request);
    }
    const body = request.method === 'POST' ? await request.clone().json().catch(() => null) : null;
    if (!isInitializeRequest(body)) return Response.json({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Bad Request: no session' } }, { status: 400 });
    let id: string | null = null;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (newId) => {
        id = newId;
        sessions.set(newId, transport);
        sessionsOpened += 1;
      },
    });
    await createServer(() => caller, () => id).connect(transport);
    return transport.handleRequest(request, { parsedBody: body });
  }

  const http = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    reusePort: false,
    idleTimeout: 60,
    async fetch(request) {
      const origin = new URL(request.url).origin;
      const routed = options.routes?.(request, origin);
      if (routed) return routed;
      const caller = identify(request.headers);
      if (caller === null) return refuse(origin);
      callers.push(caller);
      if (options.mode === 'sessions') return serveSessions(request, caller);
      return stateless.fetch(request, { authInfo: { token: caller, clientId: caller, scopes: [], extra: { caller } } });
    },
  });

  return {
    url: `http://127.0.0.1:${http.port}/mcp`,
    calls,
    callers,
    cancelled,
    get sessionsOpened() {
      return sessionsOpened;
    },
    setTools(next) {
      tools = next;
      stateless.notify.toolsChanged();
      for (const server of servers) void server.sendToolListChanged().catch(() => {});
    },
    restart() {
      for (const transport of sessions.values()) void transport.close().catch(() => {});
      sessions = new Map();
    },
    async close() {
      await stateless.close();
      for (const transport of sessions.values()) await transport.close().catch(() => {});
      await http.stop(true);
    },
  };
}

async function count(to: number, ctx: ServerContext) {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  for (let step = 1; step <= to; step++) {
    if (progressToken !== undefined) await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress: step, total: to, message: `step ${step}` } });
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { content: [{ type: 'text' as const, text: `counted to ${to}` }] };
}
