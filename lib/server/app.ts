/**
 * The hub app (STYLE.md 1): the Elysia routes — mount points and error
 * shaping around the framework-free gateway and function handlers — behind
 * the edge (lib/server/edge), which bounds and checks every request before a
 * route sees it. `handle` is the one way in: Bun calls it with what it knows
 * about the connection (serve.ts); tests and the Vercel route call it with a
 * bare Request.
 */
import { Elysia } from 'elysia';
import { createApi } from '../api/index.ts';
import type { ApiDeps } from '../api/deps.ts';
import type { Gateway } from '../gateway/handler.ts';
import type { Logger } from '../log.ts';
import { errorFields } from '../log.ts';
import type { HubConfig } from './config.ts';
import { connectLinkRoutes, type ConnectLinkRouteOptions } from './connect-links.ts';
import { bridgeTarballRoutes, createBridgePacker } from './bridge-tarball.ts';
import { isHubPath } from './dashboard/paths.ts';
import { createEdge, type EdgeHandler, type Handler } from './edge/index.ts';
import { mcpbBundleRoutes } from './mcpb-bundle.ts';
import { oauthRoutes } from './oauth-routes.ts';

export const HUB_VERSION = '0.1.0';

export interface AppOptions {
  gateway: Gateway;
  functions: (request: Request, slug: string) => Promise<Response>;
  logger: Logger;
  storeKind: string;
  /** What the management API (/api/v1) is built from. */
  api: ApiDeps;
  /** Where a tool result's connect link lands (connect-links.ts); it signs in with the API's sessions. */
  connectLinks: Omit<ConnectLinkRouteOptions, 'api'>;
  /** The dashboard (lib/server/dashboard), for every path that is not the hub's own; without it those get the hub's 404. */
  dashboard?: Handler;
  /** What the edge needs: where the hub listens, its limits, and how long a tool call may take. */
  edge: Pick<HubConfig, 'host' | 'limits' | 'toolTimeoutMs'>;
  /** Where the bridge tarball (and so the .mcpb) the hub serves is packed (the data dir). */
  dataDir: string;
  /** `POST /webhooks/stripe` (lib/billing/stripe/webhook.ts): it reads the raw body itself, for the signature. */
  stripeWebhook: Handler;
}

export interface HubApp {
  handle: EdgeHandler;
}

function createRoutes({ gateway, functions, logger, storeKind, api, dataDir, connectLinks, stripeWebhook }: Omit<AppOptions, 'edge'>) {
  const pack = createBridgePacker(dataDir);
  return new Elysia()
    // Before the hub's onError, which would otherwise answer the API's errors first: /api/v1 shapes its own (lib/api/base.ts).
    .use(createApi(api))
    // Also before it: a mangled connect link gets its page (connect-links.ts), not the hub's JSON.
    .use(connectLinkRoutes({ api, ...connectLinks }))
    // Its own pages for its own errors: a person's browser lands there, not a client reading JSON.
    .use(oauthRoutes(api))
    .onError(({ code, error, request }) => {
      if (code === 'NOT_FOUND') {
        return Response.json({ error: 'not_found', message: `Nothing at ${new URL(request.url).pathname}. The MCP endpoint is /mcp; health is /healthz.` }, { status: 404 });
      }
      logger.error('request failed', { path: new URL(request.url).pathname, code: String(code), ...errorFields(error) });
      return Response.json({ error: 'internal_error', message: 'MCP Hub hit an internal error; details are in the hub log.' }, { status: 500 });
    })
    .get('/healthz', () => ({ status: 'ok', version: HUB_VERSION, store: storeKind }))
    .use(bridgeTarballRoutes({ pack, logger }))
    .use(mcpbBundleRoutes({ pack, logger }))
    .all('/mcp', ({ request }) => gateway.fetch(request))
    .post('/fn/:slug', ({ request, params }) => functions(request, params.slug))
    // Unparsed: the signature covers the exact bytes Stripe sent. Stripe's server-to-server POST has no Origin, so the edge lets it by.
    .post('/webhooks/stripe', ({ request }) => stripeWebhook(request), { parse: 'none' });
}

export function createApp({ edge, dashboard, ...options }: AppOptions): HubApp {
  const routes = createRoutes(options);
  const withEdge = createEdge({ limits: edge.limits, listenHost: edge.host, toolTimeoutMs: edge.toolTimeoutMs, logger: options.logger });
  // Dashboard pages pass the same edge as every hub route: one set of bounds per client, whatever it asks for.
  return { handle: withEdge((request) => (dashboard && !isHubPath(new URL(request.url).pathname) ? dashboard(request) : routes.handle(request))) };
}
