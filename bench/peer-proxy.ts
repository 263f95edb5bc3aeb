/**
 * The peer gateway for `bench/peer.bench.ts`: mcp-proxy's library on Bun,
 * fronting `bench/echo-server.ts` over stdio and serving Streamable HTTP at
 * `/mcp` (both the 2025-era sessionful leg and the 2026-07-28 per-request
 * leg). Wired the way the `mcp-proxy` CLI wires it (one upstream client, a
 * downstream `Server` per session or request forwarding through
 * `proxyServer`, upstream notifications bridged to `notify`), with the CLI's
 * defaults, bound to 127.0.0.1. Prints its `/mcp` URL once listening.
 *
 * Run as a process: `PEER_PORT=<port> bun bench/peer-proxy.ts`.
 */
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Server } from '@modelcontextprotocol/server';
import { getUpstreamBridge, proxyServer, startHTTPServer } from 'mcp-proxy';

const port = Number(process.env.PEER_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('set PEER_PORT to the port to listen on');

const client = new Client({ name: 'mcp-proxy', version: '1.0.0' }, { capabilities: {} });
await client.connect(new StdioClientTransport({ command: process.execPath, args: [new URL('./echo-server.ts', import.meta.url).pathname], stderr: 'inherit' }));
const serverCapabilities = client.getServerCapabilities()!;
const serverInfo = client.getServerVersion()!;

const proxy = await startHTTPServer({
  host: '127.0.0.1',
  port,
  sseEndpoint: null,
  createServer: async () => {
    // What mcp-proxy's own createProxyServer does (it is not exported).
    const server = new Server({ name: serverInfo.name, version: serverInfo.version }, { capabilities: serverCapabilities, instructions: client.getInstructions() });
    await proxyServer({ client, server, serverCapabilities });
    return server;
  },
});
getUpstreamBridge({ client }).subscribe({ toolsListChanged: () => proxy.notify.toolsChanged() });

process.stdout.write(`http://127.0.0.1:${port}/mcp\n`);
process.on('SIGTERM', () => {
  void proxy.close().then(() => client.close()).finally(() => process.exit(0));
});
