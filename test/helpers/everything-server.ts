/**
 * The reference MCP server (`@modelcontextprotocol/server-everything`) on
 * 127.0.0.1 only: its own HTTP entry listens on every interface, so its
 * `createServer()` is embedded here behind a Streamable HTTP endpoint with
 * sessions (the SDK v1 web-standard transport it was built with). Run as a
 * child process with a clean environment (its `get-env` tool returns the
 * whole environment; DESIGN.md facts): `startEverythingServer` does that and
 * reads the port it prints.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export interface EverythingServer {
  url: string;
  close(): Promise<void>;
}

/** Starts this file as a process with nothing in its environment but PATH, and waits for its URL. */
export async function startEverythingServer(): Promise<EverythingServer> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the everything server did not start: ${out}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`the everything server exited (${code}): ${out}`)));
  });
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

async function serve(): Promise<void> {
  const { createServer } = (await import('@modelcontextprotocol/server-everything/dist/server/index.js' as string)) as { createServer: () => { server: { connect(t: unknown): Promise<void> }; cleanup(id?: string): void } };
  const { WebStandardStreamableHTTPServerTransport } = (await import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js' as string)) as {
    WebStandardStreamableHTTPServerTransport: new (options: { sessionIdGenerator: () => string; onsessioninitialized: (id: string) => void }) => { handleRequest(request: Request): Promise<Response> };
  };
  const sessions = new Map<string, { handleRequest(request: Request): Promise<Response> }>();
  const http = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    reusePort: false,
    idleTimeout: 60,
    async fetch(request) {
      const id = request.headers.get('mcp-session-id');
      if (id) {
        const transport = sessions.get(id);
        return transport ? transport.handleRequest(request) : Response.json({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } }, { status: 404 });
      }
      const { server } = createServer();
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (newId) => sessions.set(newId, transport) });
      await server.connect(transport);
      return transport.handleRequest(request);
    },
  });
  process.stdout.write(`listening http://127.0.0.1:${http.port}/mcp\n`);
  process.once('SIGTERM', () => {
    void http.stop(true).finally(() => process.exit(0));
  });
}

if (import.meta.main) await serve();
