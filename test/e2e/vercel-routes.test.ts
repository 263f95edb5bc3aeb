/**
 * The Vercel layout: the route modules in `app/` served the way Next.js serves
 * route handlers — a URL path picks a module, the request method picks its
 * export, and the export gets the web `Request`. A stand-in router on
 * 127.0.0.1 does that mapping; everything behind it is the real code: the hub
 * app from app/mcp/route.ts on a Convex deployment (convex-test over HTTP),
 * forwarding signed calls to app/fn/github/route.ts. The platform's
 * request context is emulated only to see what the hub hands to `waitUntil`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import githubIntegration from '../../integrations/github/index.ts';
import { integrations } from '../../integrations/index.ts';
import { signedHeaders } from '../../lib/crypto/signing.ts';
import { functionRoute } from '../../lib/server/vercel-function.ts';
import { serverlessConfig } from '../../lib/server/vercel.ts';
import { CONVEX_SECRET, startConvexBackend, type ConvexHttpBackend } from '../helpers/convex-backend.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { connectClient, createAccount, runCli, textOf } from '../helpers/hub-process.ts';
import { waitUntil } from '../helpers/wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = 'ghp_vercelRouteToken0000000000000000001';
type Route = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', (request: Request) => Promise<Response>>>;

let backend: ConvexHttpBackend;
let github: FakeGitHub;
let server: ReturnType<typeof Bun.serve>;
let env: Record<string, string>;
const saved = { ...process.env };
/** What the hub passed to the platform's `waitUntil`. */
const background: Promise<unknown>[] = [];
/** Requests the router dispatched, by path. */
const dispatched = new Map<string, number>();

/** Next's file-system routing for the paths this app has. */
async function routeFor(pathname: string): Promise<Route | null> {
  if (pathname === '/mcp') return import('../../app/mcp/route.ts');
  if (pathname.startsWith('/api/v1/')) return import('../../app/api/v1/[...path]/route.ts');
  if (/^\/oauth\/[a-z0-9-]+\/callback$/.test(pathname)) return import('../../app/oauth/[slug]/callback/route.ts');
  if (/^\/oauth\/[a-z0-9-]+\/start$/.test(pathname)) return import('../../app/oauth/[slug]/start/route.ts');
  if (/^\/connect\/[a-z0-9-]+\/done$/.test(pathname)) return import('../../app/connect/[slug]/done/route.ts');
  if (/^\/connect\/[a-z0-9-]+$/.test(pathname)) return import('../../app/connect/[slug]/route.ts');
  const slug = /^\/fn\/([a-z0-9-]+)$/.exec(pathname)?.[1];
  return slug && integrations.some((i) => i.slug === slug) ? import(`../../app/fn/${slug}/route.ts`) : null;
}

beforeAll(async () => {
  backend = await startConvexBackend();
  github = startFakeGitHub();
  github.tokens.set(TOKEN, 'vercel-user');
  server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const { pathname } = new URL(request.url);
      dispatched.set(pathname, (dispatched.get(pathname) ?? 0) + 1);
      const handler = (await routeFor(pathname))?.[request.method as keyof Route];
      return handler ? handler(request) : new Response('not found', { status: 404 });
    },
  });
  env = {
    MCPHUB_STORE: 'convex',
    MCPHUB_CONVEX_URL: backend.url,
    MCPHUB_CONVEX_SECRET: CONVEX_SECRET,
    MCPHUB_CONVEX_CHANGES: 'poll',
    MCPHUB_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    MCPHUB_FORWARD: 'http',
    MCPHUB_FORWARD_URL: `http://127.0.0.1:${server.port}`,
    MCPHUB_FORWARD_SECRET: 'vercel-forward-secret-0123456789abcdef',
    MCPHUB_GITHUB_API_URL: github.url,
    MCPHUB_DATA_DIR: mkdtempSync(join(tmpdir(), 'mcphub-vercel-')),
    MCPHUB_LOG_LEVEL: 'error',
  };
  // The route modules read the function's environment, as on Vercel.
  Object.assign(process.env, env);
  (globalThis as Record<symbol, unknown>)[Symbol.for('@vercel/request-context')] = { get: () => ({ waitUntil: (p: Promise<unknown>) => background.push(p) }) };
});

afterAll(async () => {
  server?.stop(true);
  for (const name of Object.keys(env ?? {})) if (!(name in saved)) delete process.env[name];
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('@vercel/request-context')];
  await backend?.close();
  github?.close();
});

describe('Vercel route handlers', () => {
  it('serve MCP from app/mcp/route.ts and run GitHub in its own function, on Convex', async () => {
    const cli = (args: string[], stdin?: string) => runCli(args, env, stdin);
    const account = await createAccount({ cli }, 'vercel@example.com', TOKEN);
    const client = await connectClient(`http://127.0.0.1:${server.port}/mcp`, account.key);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('github__get_me');
    const result = await client.callTool({ name: 'github__get_me', arguments: {} });
    await client.close();
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('vercel-user');
    expect(dispatched.get('/fn/github')).toBe(1); // the gateway forwarded the call to the function route
    // The usage flush was handed to the platform, and once it ran the event is in Convex.
    expect(background.length).toBeGreaterThan(0);
    await Promise.all(background);
    await waitUntil(async () => (await backend.t.run((ctx) => ctx.db.query('usageEvents').collect())).length === 1, 5_000, 'usage event in Convex');
  });

  it("serve the dashboard's API from app/api/v1/[...path]/route.ts: a reset link from the CLI, sign-in, a signed-in read and a CSRF-checked change", async () => {
    const cli = (args: string[], stdin?: string) => runCli(args, env, stdin);
    await createAccount({ cli }, 'pages@example.com', TOKEN);
    const link = JSON.parse((await cli(['users', 'link', '--email', 'pages@example.com', '--reset', '--json'])).stdout) as { url: string };
    const api = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${server.port}/api/v1${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
    const password = 'correct horse battery staple';
    expect((await api('/password-reset', { method: 'POST', body: JSON.stringify({ token: new URL(link.url).searchParams.get('token'), password }) })).status).toBe(200);
    const signedIn = await api('/session', { method: 'POST', body: JSON.stringify({ email: 'pages@example.com', password }) });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    const session = (await (await api('/session', { headers: { cookie } })).json()) as { csrfToken: string };
    expect(((await (await api('/keys', { headers: { cookie } })).json()) as { items: unknown[] }).items).toHaveLength(1);
    expect((await api('/logs/settings', { method: 'PATCH', headers: { cookie }, body: JSON.stringify({ storeArguments: true }) })).status).toBe(403);
    const changed = await api('/logs/settings', { method: 'PATCH', headers: { cookie, 'x-csrf-token': session.csrfToken }, body: JSON.stringify({ storeArguments: true }) });
    expect(await changed.json()).toMatchObject({ storeArguments: true });
  });

  it("serve the browser's OAuth callback and a chat's connect link from their route modules, as the pages a person reads", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const callback = await fetch(`${base}/oauth/github/callback?code=x&state=${'s'.repeat(43)}`);
    expect(callback.status).toBe(400);
    expect(callback.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${base}/oauth/github/start`, { redirect: 'manual' })).status).toBe(401);
    const link = await fetch(`${base}/connect/github?t=${'t'.repeat(43)}`);
    expect(link.status).toBe(401);
    expect(await link.text()).toContain('/sign-in?next=');
    const done = await fetch(`${base}/connect/github/done`);
    expect(await done.text()).toContain('You can go back to your chat');
  });

  it('refuse an unsigned call to a function route', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/fn/github`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tool: 'get_me', args: {} }) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_signature' });
  });

  it('refuse a call replayed to another instance of a function (the nonce is claimed in Convex, not in the instance)', async () => {
    const [first, second] = [functionRoute(githubIntegration, env), functionRoute(githubIntegration, env)];
    const body = JSON.stringify({ tool: 'nope', args: {}, userId: 'usr_x', sealedCredential: 'v1.a.b.c' });
    const captured = signedHeaders(env.MCPHUB_FORWARD_SECRET!, body);
    const call = (route: { POST: (request: Request) => Promise<Response> }) => route.POST(new Request(`http://127.0.0.1:${server.port}/fn/github`, { method: 'POST', headers: captured, body }));
    expect((await call(first)).status).toBe(404); // past the signature check: no such tool
    const replay = await call(second);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { message: string }).message).toContain('replayed');
  });

  it('name what a function route is missing to refuse replays across instances', () => {
    const { MCPHUB_CONVEX_URL: _url, MCPHUB_CONVEX_SECRET: _secret, ...withoutConvex } = env;
    const route = functionRoute(githubIntegration, { ...withoutConvex, MCPHUB_STORE: undefined });
    expect(() => route.POST(new Request('http://127.0.0.1/fn/github', { method: 'POST', body: '{}' }))).toThrow(
      /needs MCPHUB_STORE=convex, MCPHUB_CONVEX_URL, MCPHUB_CONVEX_SECRET, the same values the gateway has/,
    );
  });

  it('have one function route per integration, each importing only its own integration', async () => {
    for (const { slug } of integrations) {
      const source = readFileSync(join(ROOT, 'app/fn', slug, 'route.ts'), 'utf8');
      expect(source.match(/integrations\/[a-z0-9-]+\/index\.ts/g)).toEqual([`integrations/${slug}/index.ts`]);
      expect(typeof ((await routeFor(`/fn/${slug}`)) as Route).POST).toBe('function');
      // What the function would ship: its bundle holds its own integration and none of the gateway or the stores —
      // of the Convex adapter only its caller and the nonce claim (replay protection shared with every instance).
      const bundle = await Bun.build({ entrypoints: [join(ROOT, 'app/fn', slug, 'route.ts')], target: 'bun', packages: 'external' });
      const modules = new Set((await bundle.outputs[0]!.text()).match(/^\/\/ (integrations|lib|convex)\/\S+/gm));
      expect([...new Set([...modules].map((m) => /^\/\/ integrations\/([^/]+)\//.exec(m)?.[1]).filter(Boolean))]).toEqual([slug]);
      expect([...modules].filter((m) => /lib\/(store\/(embedded|convex\/index)|gateway\/handler|server\/hub|usage\/spool)/.test(m))).toEqual([]);
      expect([...modules].filter((m) => /lib\/store\/convex\//.test(m)).sort()).toEqual(['// lib/store/convex/caller.ts', '// lib/store/convex/nonces.ts']);
    }
  });

  it('refuse to run on the embedded store, whose disk would vanish with the instance', () => {
    expect(() => serverlessConfig({})).toThrow(/On Vercel the hub needs MCPHUB_STORE=convex/);
  });
});
