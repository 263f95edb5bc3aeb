/**
 * An MCP server on the 2024-11-05 HTTP+SSE transport (GET the event stream,
 * POST to the endpoint it names), as older servers still run: the SDK v1's
 * SSEServerTransport under node:http on 127.0.0.1. A POST to the stream's
 * URL gets 405, as those servers answer a Streamable HTTP client.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import * as z from 'zod';

export interface LegacySseServer {
  url: string;
  close(): Promise<void>;
}

export async function startLegacySseServer(): Promise<LegacySseServer> {
  const { McpServer } = (await import('@modelcontextprotocol/sdk/server/mcp.js' as string)) as { McpServer: new (info: object, options?: object) => { registerTool(name: string, config: object, handler: (args: Record<string, unknown>) => unknown): void; connect(transport: unknown): Promise<void> } };
  const { SSEServerTransport } = (await import('@modelcontextprotocol/sdk/server/sse.js' as string)) as { SSEServerTransport: new (endpoint: string, res: unknown) => { sessionId: string; handlePostMessage(req: unknown, res: unknown): Promise<void> } };
  const transports = new Map<string, { handlePostMessage(req: unknown, res: unknown): Promise<void> }>();
  const http: HttpServer = createHttpServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/sse') {
      const server = new McpServer({ name: 'legacy-sse', version: '1.0.0' });
      server.registerTool('shout', { description: 'Upper-cases its text.', inputSchema: { text: z.string() } }, ({ text }) => ({ content: [{ type: 'text', text: String(text).toUpperCase() }] }));
      const transport = new SSEServerTransport('/messages', res);
      transports.set(transport.sessionId, transport);
      await server.connect(transport);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/messages') {
      const transport = transports.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) return void res.writeHead(404).end('no session');
      return transport.handlePostMessage(req, res);
    }
    res.writeHead(405, { allow: 'GET' }).end('Method Not Allowed');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/sse`,
    close: () => new Promise<void>((resolve) => {
      http.closeAllConnections();
      http.close(() => resolve());
    }),
  };
}
