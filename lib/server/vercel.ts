/**
 * The hub as Next.js route handlers, for Vercel (DESIGN.md, "Shape"): the same
 * Elysia app `npm start` serves, built once per function instance from the
 * environment and answering through `app.handle`. `app/mcp/route.ts` mounts
 * it; each integration is its own function, `app/fn/<slug>/route.ts`, built
 * from that integration alone, so a gateway configured with
 * `MCPHUB_FORWARD=http` forwards signed calls to separately scaled functions.
 *
 * A function's disk is temporary and shared by nothing, so the hub here must
 * use Convex; its usage spool lives in the temp dir and is flushed after each
 * response while the platform keeps the instance alive (`waitUntil`).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '@vercel/functions';
import { createSealer } from '../crypto/seal.ts';
import { SignatureVerifier } from '../crypto/signing.ts';
import { EnvError, readEnv } from '../env.ts';
import { createInProcessExecutor } from '../gateway/executor.ts';
import { createFunctionHandler } from '../gateway/forward.ts';
import { createLogger, errorFields } from '../log.ts';
import type { AnyIntegration } from '../mcp/define.ts';
import { createRegistry } from '../mcp/registry.ts';
import { resolveConfig, type HubConfig } from './config.ts';
import { openHub, type Hub } from './hub.ts';

type RouteHandler = (request: Request) => Promise<Response>;

/** The configuration a serverless instance runs with; throws an EnvError naming what is missing. */
export function serverlessConfig(source: Record<string, string | undefined> = process.env): HubConfig {
  const env = readEnv(source);
  if (env.MCPHUB_STORE !== 'convex') throw new EnvError('On Vercel the hub needs MCPHUB_STORE=convex: a function\'s disk is temporary and not shared between instances (README, "Scaling out").');
  return resolveConfig(env, { dataDir: env.MCPHUB_DATA_DIR ?? join(tmpdir(), 'mcphub') });
}

/** Handlers for `app/mcp/route.ts` (and `app/healthz/route.ts`): the whole hub app, one instance per function instance. */
export function hubRoute(config: () => HubConfig = serverlessConfig): { GET: RouteHandler; POST: RouteHandler; DELETE: RouteHandler } {
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
  return { GET: handle, POST: handle, DELETE: handle };
}

/**
 * The handler for `app/fn/<slug>/route.ts`: verifies the gateway's signature
 * and runs one integration's tool. It needs no store — the gateway forwards
 * the sealed credential and settings — only the shared encryption key and
 * forwarding secret.
 */
export function functionRoute(integration: AnyIntegration, source: Record<string, string | undefined> = process.env): { POST: RouteHandler } {
  let handler: ((request: Request, slug: string) => Promise<Response>) | null = null;
  const build = () => {
    const env = readEnv(source);
    if (!env.MCPHUB_ENCRYPTION_KEY || !env.MCPHUB_FORWARD_SECRET) {
      throw new EnvError(`/fn/${integration.slug} needs MCPHUB_ENCRYPTION_KEY and MCPHUB_FORWARD_SECRET, the same values the gateway has.`);
    }
    const config = resolveConfig(env, { dataDir: env.MCPHUB_DATA_DIR ?? join(tmpdir(), 'mcphub') });
    const logger = createLogger({ level: config.logLevel });
    const executor = createInProcessExecutor({ sealer: createSealer(config.encryptionKey), apiUrls: config.apiUrls, timeoutMs: config.toolTimeoutMs, logger });
    return createFunctionHandler({ registry: createRegistry([integration]), executor, verifier: new SignatureVerifier(config.forward.secret), logger });
  };
  return {
    POST: (request) => {
      handler ??= build();
      return handler(request, integration.slug);
    },
  };
}
