/**
 * The Elysia shell (STYLE.md 1): mount points, body limits and error shaping
 * around the framework-free gateway and function handlers. The same app is
 * served by Bun standalone and can be mounted in a Next.js route handler.
 */
import { Elysia } from 'elysia';
import type { Gateway } from '../gateway/handler.ts';
import type { Logger } from '../log.ts';
import { errorFields } from '../log.ts';

export const HUB_VERSION = '0.1.0';
/** The SDK reads at most 4 MiB of an MCP body; Bun refuses anything larger before it is buffered. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/**
 * Bun's settings, overriding Elysia's defaults: no `reusePort` (a second hub on
 * the same port must fail, not silently share it), the longest idle timeout Bun
 * allows (a slow tool call sends nothing until it answers), and no development
 * error pages.
 */
const SERVE_OPTIONS = { maxRequestBodySize: MAX_BODY_BYTES, reusePort: false, idleTimeout: 255, development: false };

export interface AppOptions {
  gateway: Gateway;
  functions: (request: Request, slug: string) => Promise<Response>;
  logger: Logger;
  storeKind: string;
}

export function createApp({ gateway, functions, logger, storeKind }: AppOptions) {
  return new Elysia({ serve: SERVE_OPTIONS })
    .onError(({ code, error, request }) => {
      if (code === 'NOT_FOUND') {
        return Response.json({ error: 'not_found', message: `Nothing at ${new URL(request.url).pathname}. The MCP endpoint is /mcp; health is /healthz.` }, { status: 404 });
      }
      logger.error('request failed', { path: new URL(request.url).pathname, code: String(code), ...errorFields(error) });
      return Response.json({ error: 'internal_error', message: 'MCP Hub hit an internal error; details are in the hub log.' }, { status: 500 });
    })
    .get('/healthz', () => ({ status: 'ok', version: HUB_VERSION, store: storeKind }))
    .all('/mcp', ({ request }) => gateway.fetch(request))
    .post('/fn/:slug', ({ request, params }) => functions(request, params.slug));
}

export type HubApp = ReturnType<typeof createApp>;
