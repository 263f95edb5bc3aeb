/**
 * The hub's forwarding to the dashboard's Next server (lib/server/dashboard):
 * which paths go there, and that a request and its answer pass through whole —
 * streamed bodies, status, headers, redirects left to the browser — against a
 * real server on 127.0.0.1 standing in for Next.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHubPath } from '../../lib/server/dashboard/paths.ts';
import { proxyTo } from '../../lib/server/dashboard/proxy.ts';

describe('which paths are the dashboard', () => {
  it.each(['/mcp', '/api/v1/keys', '/api', '/fn/github', '/healthz', '/oauth/github/callback', '/webhooks/stripe', '/connect/github', '/connect/github/done'])('%s is the hub', (path) => {
    expect(isHubPath(path)).toBe(true);
  });
  it.each(['/', '/integrations', '/setup', '/_next/static/chunks/a.js', '/mcpx', '/apis', '/favicon.ico', '/connect', '/connector'])('%s is the dashboard', (path) => {
    expect(isHubPath(path)).toBe(false);
  });
});

describe('proxyTo', () => {
  let next: ReturnType<typeof Bun.serve>;
  let seen: { method: string; url: string; headers: Headers; body: string } | null = null;
  beforeAll(() => {
    next = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      reusePort: false,
      async fetch(request) {
        const url = new URL(request.url);
        seen = { method: request.method, url: url.pathname + url.search, headers: request.headers, body: await request.text() };
        if (url.pathname === '/redirect') return new Response(null, { status: 307, headers: { location: '/integrations' } });
        if (url.pathname === '/slow') return new Promise(() => {});
        // A streamed answer in three chunks.
        const chunks = ['one ', 'two ', 'three'];
        const body = new ReadableStream({ pull: (controller) => (chunks.length ? controller.enqueue(new TextEncoder().encode(chunks.shift()!)) : controller.close()) });
        return new Response(body, { status: 201, headers: { 'content-type': 'text/plain', 'x-next': 'yes', connection: 'keep-alive' } });
      },
    });
  });
  afterAll(() => next?.stop(true));

  const origin = () => `http://127.0.0.1:${next.port}`;

  it('forwards method, path, query and a streamed body, and streams the answer back with its status and headers', async () => {
    const upload = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('a=1&')), c.enqueue(new TextEncoder().encode('b=2')), c.close()) });
    const answer = await proxyTo(origin())(new Request('http://127.0.0.1:8787/setup?token=abc', { method: 'POST', body: upload, headers: { cookie: 'mcphub_session=s', 'content-type': 'application/x-www-form-urlencoded' }, duplex: 'half' } as RequestInit));
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-next')).toBe('yes');
    expect(answer.headers.get('connection')).toBeNull();
    expect(await answer.text()).toBe('one two three');
    expect(seen).toMatchObject({ method: 'POST', url: '/setup?token=abc', body: 'a=1&b=2' });
    expect(seen!.headers.get('cookie')).toBe('mcphub_session=s');
    // Next builds absolute URLs from the origin the browser used, not its own loopback port.
    expect(seen!.headers.get('x-forwarded-host')).toBe('127.0.0.1:8787');
    expect(seen!.headers.get('x-forwarded-proto')).toBe('http');
    // An answer Bun's fetch would unpack must not arrive compressed with its Content-Encoding kept.
    expect(seen!.headers.get('accept-encoding')).toBe('identity');
  });

  it("leaves Next's redirects to the browser", async () => {
    const answer = await proxyTo(origin())(new Request('http://127.0.0.1:8787/redirect'));
    expect(answer.status).toBe(307);
    expect(answer.headers.get('location')).toBe('/integrations');
  });

  it('gives up on a Next server that does not begin to answer, saying so', async () => {
    await expect(proxyTo(origin(), 200)(new Request('http://127.0.0.1:8787/slow'))).rejects.toThrow(/did not answer within 0.2 s/);
  });
});
