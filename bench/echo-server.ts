/**
 * The upstream mcp-proxy fronts in `bench/peer.bench.ts`: an MCP server on our
 * SDK over stdio (mcp-proxy proxies stdio servers) with one tool, `echo`,
 * that returns its `message` as text. Run as a process: `bun bench/echo-server.ts`.
 */
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import * as z from 'zod';

serveStdio(() => {
  const server = new McpServer({ name: 'bench-echo', version: '1.0.0' });
  server.registerTool('echo', { description: 'Returns its message.', inputSchema: z.object({ message: z.string() }) }, ({ message }) => ({ content: [{ type: 'text', text: message }] }));
  return server;
});
