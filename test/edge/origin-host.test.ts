/**
 * DNS-rebinding protection and CORS at the edge, through the whole in-process
 * hub: a foreign Origin or Host is refused on every route with a message
 * naming the setting; an origin in MCPHUB_ALLOWED_ORIGINS is served to a real
 * SDK client with CORS headers, and its preflight is answered — for that
 * origin and no other.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, describe, expect, it } from 'vitest';
import { textOf } from '../helpers/hub-process.ts';
import { IN_PROCESS_ORIGIN, startGitHubHub, startInProcessHub } from '../helpers/in-process-hub.ts';

const APP_ORIGIN = 'https://inspector.example';
const { hub, alice, close } = await startGitHubHub({ env: { MCPHUB_ALLOWED_ORIGINS: `${APP_ORIGIN}/`, MCPHUB_ALLOWED_HOSTS: 'hub.internal' } });
afterAll(close);

const initialize = (headers: Record<string, string>) =>
  hub.request('/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${alice.key}`, ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
  });

describe('Origin', () => {
  it('refuses a foreign Origin on /mcp with 403, a JSON-RPC error naming MCPHUB_ALLOWED_ORIGINS, no CORS, and a closed connection', async () => {
    const response = await initialize({ origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('connection')).toBe('close');
    const body = (await response.json()) as { jsonrpc: string; id: null; error: { code: number; message: string } };
    expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000 } });
    expect(body.error.message).toContain('http://evil.example');
    expect(body.error.message).toContain('MCPHUB_ALLOWED_ORIGINS');
  });

  it('refuses the opaque "null" origin and a foreign origin on other routes too', async () => {
    expect((await initialize({ origin: 'null' })).status).toBe(403);
    const health = await hub.request('/healthz', { headers: { origin: 'http://evil.example' } });
    expect(health.status).toBe(403);
    expect(await health.json()).toMatchObject({ error: 'origin_not_allowed' });
  });

  it('serves requests without an Origin (native clients) and from the hub\'s own origin, without CORS headers', async () => {
    const headerSets: Record<string, string>[] = [{}, { origin: IN_PROCESS_ORIGIN }];
    for (const headers of headerSets) {
      const response = await initialize(headers);
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('serves a real SDK client on an allowed origin, every answer readable by that origin', async () => {
    const seen: Response[] = [];
    const client = new Client({ name: 'browser-app', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    const fetchThroughHub = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await hub.request(new Request(input, init));
      seen.push(response);
      return response;
    }) as typeof fetch;
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', IN_PROCESS_ORIGIN), { fetch: fetchThroughHub, requestInit: { headers: { authorization: `Bearer ${alice.key}`, origin: APP_ORIGIN } } }));
    const me = await client.callTool({ name: 'github__get_me', arguments: {} });
    expect(textOf(me)).toContain('alice');
    await client.close();
    expect(seen.length).toBeGreaterThan(0);
    for (const response of seen) {
      expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      expect(response.headers.get('access-control-expose-headers')).toContain('mcp-session-id');
      expect(response.headers.get('access-control-expose-headers')).toContain('www-authenticate');
    }
  });

  it('lets the allowed origin read a 401 and its challenge', async () => {
    const response = await hub.request('/mcp', { method: 'POST', headers: { origin: APP_ORIGIN, 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
  });
});

describe('CORS preflight', () => {
  const preflight = (origin: string, requestHeaders = 'authorization, content-type, mcp-protocol-version, mcp-method, mcp-name, mcp-param-region') =>
    hub.request('/mcp', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders } });

  it('answers 204 for an allowed origin with the methods and MCP headers a client sends', async () => {
    const response = await preflight(APP_ORIGIN);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE');
    const allowed = response.headers.get('access-control-allow-headers')!.split(', ');
    for (const name of ['authorization', 'content-type', 'mcp-protocol-version', 'mcp-session-id', 'last-event-id', 'mcp-method', 'mcp-name', 'mcp-param-region']) expect(allowed).toContain(name);
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('grants no header the browser did not ask for beyond the fixed list', async () => {
    const response = await preflight(APP_ORIGIN, 'authorization, x-custom-secret');
    expect(response.headers.get('access-control-allow-headers')).not.toContain('x-custom-secret');
  });

  it('refuses a preflight from any other origin, without CORS headers', async () => {
    for (const origin of ['https://inspector.example.evil.example', 'http://inspector.example', 'https://other.example']) {
      const response = await preflight(origin);
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
    }
  });
});

describe('Host', () => {
  it('refuses a non-loopback Host on a loopback hub with 403 naming MCPHUB_ALLOWED_HOSTS', async () => {
    const response = await initialize({ host: 'evil.example:8787' });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('"evil.example:8787"');
    expect(body.error.message).toContain('MCPHUB_ALLOWED_HOSTS');
    // A rebinding page sends its own name as Host and Origin alike: still refused.
    expect((await initialize({ host: 'evil.example', origin: 'http://evil.example' })).status).toBe(403);
  });

  it('accepts every loopback name on any port, and the names in MCPHUB_ALLOWED_HOSTS', async () => {
    for (const host of ['localhost:8787', 'localhost', 'app.localhost:3000', '127.0.0.1:1', '127.8.9.10:8787', '[::1]:8787', 'hub.internal', 'hub.internal:443']) {
      expect((await initialize({ host })).status, host).toBe(200);
    }
  });

  it('does not mistake look-alike names for loopback', async () => {
    for (const host of ['localhost.evil.example', '127.0.0.1.evil.example', '128.0.0.1', 'hub.internal.evil.example']) {
      expect((await initialize({ host })).status, host).toBe(403);
    }
  });
});

it('a hub listening on all interfaces answers any Host but still refuses foreign origins', async () => {
  const open = await startInProcessHub({ env: { HOST: '0.0.0.0' } });
  try {
    expect((await open.request('/healthz', { headers: { host: 'hub.example.com' } })).status).toBe(200);
    expect((await open.request('/healthz', { headers: { host: 'hub.example.com', origin: 'https://hub.example.com' } })).status).toBe(200);
    expect((await open.request('/healthz', { headers: { host: 'hub.example.com', origin: 'https://evil.example' } })).status).toBe(403);
  } finally {
    await open.close();
  }
});
