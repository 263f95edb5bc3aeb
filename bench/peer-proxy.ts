/**
 * The peer gateway for `bench/peer.bench.ts` and `bench/peer-remote.bench.ts`:
 * mcp-proxy's library on Bun, fronting `bench/echo-server.ts` over stdio (or,
 * with PEER_UPSTREAM_URL, an MCP server on Streamable HTTP through the SDK's
 * StreamableHTTPClientTransport, as `mcp-proxy --server` fronts a remote
 * one; PEER_UPSTREAM_NEGOTIATION `auto` or `legacy`, default `legacy` as the
 * CLI's client, picks the upstream revision) and serving Streamable HTTP at
 * `/mcp` (both the 2025-era sessionful leg and the 2026-07-28 per-request
 * leg). Wired the way the `mcp-proxy` CLI wires it (one upstream client, a
 * downstream `Server` per session or request forwarding through
 * `proxyServer`, upstream notifications bridged to `notify`), with the CLI's
 * defaults, bound to 127.0.0.1. Prints its `/mcp` URL once listening.
 *
 * Run as a process: `PEER_PORT=<port> [PEER_UPSTREAM_URL=<url>] bun bench/peer-proxy.ts`.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Server } from '@modelcontextprotocol/server';
import { getUpstreamBridge, proxyServer, startHTTPServer } from 'mcp-proxy';

const port = Number(process.env.PEER_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('set PEER_PORT to the port to listen on');

const upstreamUrl = process.env.PEER_UPSTREAM_URL;
const negotiation = process.env.PEER_UPSTREAM_NEGOTIATION === 'auto' ? 'auto' : 'legacy';
const client = new Client({ name: 'mcp-proxy', version: '1.0.0' }, { capabilities: {}, versionNegotiation: { mode: negotiation } });
await client.connect(
  upstreamUrl
    ? new StreamableHTTPClientTransport(new URL(upstreamUrl))
    : new StdioClientTransport({ command: process.execPath, args: [new URL('./echo-server.ts', import.meta.url).pathname], stderr: 'inherit' }),
);
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
