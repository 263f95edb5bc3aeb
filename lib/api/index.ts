/**
 * The management API, `/api/v1` (DESIGN.md, Shape): one Elysia plugin of
 * small resource plugins, each thin over lib/services (STYLE.md 15). The
 * hub mounts it behind the edge (lib/server/app.ts); the dashboard reaches it
 * through `createApiClient` (lib/api/client.ts), typed by `HubApi`.
 */
import { Elysia } from 'elysia';
import { ServiceError } from '../services/errors.ts';
import { apiBase } from './base.ts';
import { accountRoutes } from './account.ts';
import { billingRoutes } from './billing.ts';
import { clientConfigRoutes } from './client-config.ts';
import { exportRoutes } from './exports.ts';
import type { ApiDeps } from './deps.ts';
import { integrationRoutes } from './integrations.ts';
import { keyRoutes } from './keys.ts';
import { logRoutes } from './logs.ts';
import { remoteServerRoutes } from './remote-servers.ts';
import { sessionRoutes } from './session.ts';
import { toolsetRoutes } from './toolsets.ts';
import { usageRoutes } from './usage.ts';
import { billingStripeRoutes } from './billing-stripe.ts';
import { userRoutes } from './users.ts';

export const API_PREFIX = '/api/v1';

export function createApi(deps: ApiDeps) {
  return new Elysia({ prefix: API_PREFIX })
    .use(sessionRoutes(deps))
    .use(accountRoutes(deps))
    .use(keyRoutes(deps))
    .use(toolsetRoutes(deps))
    .use(integrationRoutes(deps))
    .use(remoteServerRoutes(deps))
    .use(usageRoutes(deps))
    .use(billingRoutes(deps))
    .use(exportRoutes(deps))
    .use(logRoutes(deps))
    .use(clientConfigRoutes(deps))
    .use(userRoutes(deps))
    .use(billingStripeRoutes(deps))
    .use(unknownRoutes(deps));
}

/** Any other path under /api/v1 gets the API's own error body, not the hub's 404. */
function unknownRoutes(deps: ApiDeps) {
  return new Elysia().use(apiBase(deps)).all('/*', ({ request }) => {
    throw new ServiceError('not_found', `No API route ${request.method} ${new URL(request.url).pathname}. The routes are listed in lib/api (keys, toolsets, integrations, remote-servers, usage, usage/exports, billing, logs, account, session, client-config, users).`);
  });
}

/** The API's type, for Eden's `treaty` (end-to-end types, no hand-written twins). */
export type HubApi = ReturnType<typeof createApi>;
