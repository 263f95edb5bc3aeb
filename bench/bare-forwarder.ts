/**
 * The floor for bench/peer-remote.bench.ts: the least any gateway on Bun can
 * add to a call. A Bun server that passes each POST's body and MCP headers to
 * the upstream with fetch and returns its answer — no authentication, no
 * catalog, no metering, no checks. Whatever a gateway adds beyond this is its
 * own work; this much is two more loopback hops through Bun's HTTP server and
 * client.
 *
 * Run as a process: `bun bench/bare-forwarder.ts` with FORWARD_TO (the
 * upstream URL) and FORWARD_PORT (default any free port); prints its URL.
 */
const upstream = new URL(process.env.FORWARD_TO!);
const PASSED = ['content-type', 'accept', 'mcp-protocol-version', 'mcp-method', 'mcp-name', 'mcp-session-id'];

const http = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.env.FORWARD_PORT ?? 0),
  async fetch(request) {
    const headers: Record<string, string> = {};
    for (const name of PASSED) {
      const value = request.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const answer = await fetch(upstream, { method: request.method, headers, body: await request.text() });
    return new Response(await answer.text(), { status: answer.status, headers: { 'content-type': answer.headers.get('content-type') ?? 'application/json' } });
  },
});

process.stdout.write(`http://127.0.0.1:${http.port}/mcp\n`);
process.on('SIGTERM', () => process.exit(0));
