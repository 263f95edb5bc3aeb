/**
 * A hub-shaped MCP server on 127.0.0.1 that offers what the real hub does not
 * (yet): progress, log messages, prompts and resources. It lets the client's
 * tests prove the bridge relays every part of the protocol, not only the
 * parts today's hub uses. Built on the SDK's `createMcpHandler`, like the hub,
 * and it checks the Bearer key the same way (401 otherwise).
 */
import { Server, createMcpHandler, type LoggingLevel, type ServerContext, type Tool } from '@modelcontextprotocol/server';

export interface FakeMcpHub {
  url: string;
  /** Tool calls that began running, by tool name. */
  started: string[];
  /** Tool calls whose abort signal fired, by tool name. */
  cancelled: string[];
  /** Publishes list_changed for all three lists to open subscriptions. */
  announceChanges(): void;
  close(): Promise<void>;
}

const TOOLS: Tool[] = [
  { name: 'demo__count', description: 'Counts to `to`, reporting progress at each step.', inputSchema: { type: 'object' as const, properties: { to: { type: 'number' } }, required: ['to'] } },
  {
    name: 'demo__say',
    description: 'Logs `text` at `level` (default info) as a notification, then returns it.',
    inputSchema: { type: 'object' as const, properties: { text: { type: 'string' }, level: { type: 'string' } }, required: ['text'] },
  },
  { name: 'demo__wait', description: 'Waits until cancelled.', inputSchema: { type: 'object' as const, properties: {} } },
];

export function startFakeMcpHub(key: string): FakeMcpHub {
  const started: string[] = [];
  const cancelled: string[] = [];

  function createServer(): Server {
    const server = new Server(
      { name: 'fake-hub', version: '0.0.1' },
      { capabilities: { tools: { listChanged: true }, prompts: { listChanged: true }, resources: { listChanged: true }, logging: {} } },
    );
    server.setRequestHandler('tools/list', () => ({ tools: TOOLS }));
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const args = (request.params.arguments ?? {}) as Record<string, unknown>;
      started.push(request.params.name);
      switch (request.params.name) {
        case 'demo__count':
          return count(Number(args.to), ctx);
        case 'demo__say':
          await ctx.mcpReq.log((args.level as LoggingLevel | undefined) ?? 'info', { said: args.text }, 'demo');
          return { content: [{ type: 'text', text: String(args.text) }] };
        case 'demo__wait':
          await new Promise<void>((resolve) => ctx.mcpReq.signal.addEventListener('abort', () => resolve(), { once: true }));
          cancelled.push(request.params.name);
          return { content: [{ type: 'text', text: 'cancelled' }], isError: true };
        default:
          return { content: [{ type: 'text', text: `no tool ${request.params.name}` }], isError: true };
      }
    });
    server.setRequestHandler('prompts/list', () => ({ prompts: [{ name: 'greet', description: 'Greets someone', arguments: [{ name: 'who', required: true }] }] }));
    server.setRequestHandler('prompts/get', (request) => ({
      messages: [{ role: 'user' as const, content: { type: 'text' as const, text: `Say hello to ${request.params.arguments?.who ?? 'nobody'}.` } }],
    }));
    server.setRequestHandler('resources/list', () => ({ resources: [{ uri: 'memo://welcome', name: 'welcome', mimeType: 'text/plain' }] }));
    server.setRequestHandler('resources/templates/list', () => ({ resourceTemplates: [{ uriTemplate: 'memo://{name}', name: 'memo' }] }));
    server.setRequestHandler('resources/read', (request) => ({ contents: [{ uri: request.params.uri, mimeType: 'text/plain', text: `contents of ${request.params.uri}` }] }));
    return server;
  }

  const handler = createMcpHandler(() => createServer());
  const http = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(request) {
      if (request.headers.get('authorization') !== `Bearer ${key}`) {
        return Response.json({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'bad key' } }, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
      }
      return handler.fetch(request);
    },
  });
  return {
    url: `http://127.0.0.1:${http.port}/mcp`,
    started,
    cancelled,
    announceChanges() {
      handler.notify.toolsChanged();
      handler.notify.promptsChanged();
      handler.notify.resourcesChanged();
    },
    async close() {
      await handler.close();
      await http.stop(true);
    },
  };
}

async function count(to: number, ctx: ServerContext) {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  for (let step = 1; step <= to; step++) {
    if (progressToken !== undefined) await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress: step, total: to, message: `step ${step}` } });
    // Each step takes a moment, as real work does. (The SDK client handles notifications a microtask after
    // the response that follows them in the same read, so progress sent right before a result can be dropped there.)
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { content: [{ type: 'text' as const, text: `counted to ${to}` }] };
}
