/**
 * The one upstream of `bench/peer-remote.bench.ts`: the same SDK echo server
 * as bench/echo-server.ts (one tool, `echo`, returning its `message` as
 * text), served on Streamable HTTP at `/mcp` on 127.0.0.1 with the SDK's
 * `createMcpHandler` (2026-07-28 per request, and stateless 2025-era
 * clients). Prints its URL once listening.
 *
 * Run as a process: `bun bench/echo-http-server.ts` (ECHO_PORT, default any free port).
 */
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import * as z from 'zod';

const handler = createMcpHandler(() => {
  const server = new McpServer({ name: 'bench-echo', version: '1.0.0' });
  server.registerTool('echo', { description: 'Returns its message.', inputSchema: z.object({ message: z.string() }), annotations: { readOnlyHint: true } }, ({ message }) => ({ content: [{ type: 'text', text: message }] }));
  return server;
});

const http = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.env.ECHO_PORT ?? 0),
  idleTimeout: 60,
  fetch: (request) => (new URL(request.url).pathname === '/mcp' ? handler.fetch(request) : new Response('not found', { status: 404 })),
});

process.stdout.write(`http://127.0.0.1:${http.port}/mcp\n`);
process.on('SIGTERM', () => {
  void handler.close().finally(() => process.exit(0));
});
