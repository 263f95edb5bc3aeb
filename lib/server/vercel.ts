/**
 * The hub as a Next.js route handler, for Vercel (DESIGN.md, "Shape"): the same
 * Elysia app `npm start` serves, built once per function instance from the
 * environment and answering through `app.handle`. `app/mcp/route.ts` and
 * `app/api/v1/[...path]/route.ts` (the dashboard's API) mount it; each integration is its own function (lib/server/vercel-function.ts), to
 * which a gateway configured with `MCPHUB_FORWARD=http` forwards signed calls.
 *
 * A function's disk is temporary and shared by nothing, so the hub here must
 * use Convex; its usage spool lives in the temp dir and is flushed after each
 * response while the platform keeps the instance alive (`waitUntil`).
 */
import { waitUntil } from '@vercel/functions';
import { EnvError, readEnv } from '../env.ts';
import { errorFields } from '../log.ts';
import { resolveConfig, SERVERLESS_DATA_DIR, type HubConfig } from './config.ts';
import { openHub, type Hub } from './hub.ts';

type RouteHandler = (request: Request) => Promise<Response>;

/** The configuration a serverless instance runs with (from `source`, else the environment through lib/env.ts); throws an EnvError naming what is missing. */
export function serverlessConfig(source?: Record<string, string | undefined>): HubConfig {
  const env = readEnv(source);
  if (env.MCPHUB_STORE !== 'convex') throw new EnvError('On Vercel the hub needs MCPHUB_STORE=convex: a function\'s disk is temporary and not shared between instances (README, "Scaling out").');
  const config = resolveConfig(env, { dataDir: env.MCPHUB_DATA_DIR ?? SERVERLESS_DATA_DIR });
  // The platform accepts connections under the deployment's names, not this process on loopback: no loopback
  // Host rule (MCPHUB_ALLOWED_HOSTS still applies). Vercel replaces any X-Forwarded-For a client sends with
  // the address it saw, so the edge's per-address bounds can trust it.
  return { ...config, host: '0.0.0.0', limits: { ...config.limits, trustProxy: true } };
}

/** Handlers for `app/mcp/route.ts` and `app/api/v1/[...path]/route.ts`: the whole hub app, one instance per function instance. */
export function hubRoute(config: () => HubConfig = serverlessConfig): Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS', RouteHandler> {
  let hub: Promise<Hub> | null = null;
  const handle: RouteHandler = async (request) => {
    hub ??= openHub(config()).catch((error) => {
      hub = null; // a bad environment or an unreachable store is retried by the next request
      throw error;
    });
    const instance = await hub;
    const response = await instance.app.handle(request);
    waitUntil(instance.store.flushUsage().catch((error) => instance.logger.warn('usage stays spooled until the next request', errorFields(error))));
    return response;
  };
  // OPTIONS: CORS preflights from MCPHUB_ALLOWED_ORIGINS are answered by the edge.
  return { GET: handle, POST: handle, PUT: handle, PATCH: handle, DELETE: handle, OPTIONS: handle };
}
