/**
 * One integration as its own Vercel function (`app/fn/<slug>/route.ts`). It
 * imports that integration and the function side of the hub only — not the
 * gateway, the store or the other integrations — so each function's bundle
 * stays small and scales on its own.
 */
import { EnvError, readEnv } from '../env.ts';
import { createLogger } from '../log.ts';
import type { AnyIntegration } from '../mcp/define.ts';
import { createRegistry } from '../mcp/registry.ts';
import { resolveConfig, SERVERLESS_DATA_DIR } from './config.ts';
import { createFunctions } from './functions.ts';

type RouteHandler = (request: Request) => Promise<Response>;

/**
 * The handler for `app/fn/<slug>/route.ts`: verifies the gateway's signature
 * and runs one integration's tool. It needs no store — the gateway forwards
 * the sealed credential and settings — only the shared encryption key and
 * forwarding secret.
 */
export function functionRoute(integration: AnyIntegration, source?: Record<string, string | undefined>): { POST: RouteHandler } {
  let handler: ((request: Request, slug: string) => Promise<Response>) | null = null;
  const build = () => {
    const env = readEnv(source);
    if (!env.MCPHUB_ENCRYPTION_KEY || !env.MCPHUB_FORWARD_SECRET) {
      throw new EnvError(`/fn/${integration.slug} needs MCPHUB_ENCRYPTION_KEY and MCPHUB_FORWARD_SECRET, the same values the gateway has.`);
    }
    const config = resolveConfig(env, { dataDir: env.MCPHUB_DATA_DIR ?? SERVERLESS_DATA_DIR });
    return createFunctions(config, createRegistry([integration]), createLogger({ level: config.logLevel })).functions;
  };
  return {
    POST: (request) => {
      handler ??= build();
      return handler(request, integration.slug);
    },
  };
}
