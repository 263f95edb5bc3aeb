/**
 * One integration as its own Vercel function (`app/fn/<slug>/route.ts`). It
 * imports that integration and the function side of the hub only — not the
 * gateway, the store or the other integrations — so each function's bundle
 * stays small and scales on its own. Its one call to the hub's Convex
 * deployment claims each signed request's nonce, so a replay is refused by
 * every instance of every function, and by the hub's own `/fn`, alike.
 */
import { EnvError, readEnv } from '../env.ts';
import { createLogger } from '../log.ts';
import type { AnyIntegration } from '../mcp/define.ts';
import { createRegistry } from '../mcp/registry.ts';
import { convexHttpCaller } from '../store/convex/caller.ts';
import { convexNonceClaimer } from '../store/convex/nonces.ts';
import { resolveConfig, SERVERLESS_DATA_DIR } from './config.ts';
import { createFunctions } from './functions.ts';

type RouteHandler = (request: Request) => Promise<Response>;

/**
 * The handler for `app/fn/<slug>/route.ts`: verifies the gateway's signature
 * and runs one integration's tool. It needs no store — the gateway forwards
 * the sealed credential and settings — only the shared encryption key and
 * forwarding secret, and the hub's Convex deployment for replay claims.
 */
export function functionRoute(integration: AnyIntegration, source?: Record<string, string | undefined>): { POST: RouteHandler } {
  let handler: ((request: Request, slug: string) => Promise<Response>) | null = null;
  const build = () => {
    const env = readEnv(source);
    const missing: string[] = (['MCPHUB_ENCRYPTION_KEY', 'MCPHUB_FORWARD_SECRET', 'MCPHUB_CONVEX_URL', 'MCPHUB_CONVEX_SECRET'] as const).filter((name) => !env[name]);
    if (env.MCPHUB_STORE !== 'convex') missing.unshift('MCPHUB_STORE=convex');
    if (missing.length > 0) {
      throw new EnvError(`/fn/${integration.slug} needs ${missing.join(', ')}, the same values the gateway has: the Convex deployment records each call a function accepts, so a replay is refused by every instance.`);
    }
    const config = resolveConfig(env, { dataDir: env.MCPHUB_DATA_DIR ?? SERVERLESS_DATA_DIR });
    const nonces = convexNonceClaimer({ caller: convexHttpCaller(env.MCPHUB_CONVEX_URL!), secret: env.MCPHUB_CONVEX_SECRET! });
    return createFunctions(config, createRegistry([integration]), createLogger({ level: config.logLevel }), nonces).functions;
  };
  return {
    POST: (request) => {
      handler ??= build();
      return handler(request, integration.slug);
    },
  };
}
