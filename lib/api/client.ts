/**
 * The typed client of `/api/v1` the dashboard uses (Eden treaty over
 * `HubApi`): every path, body, query and response type comes from the
 * route schemas. `init` passes Eden's options, e.g. a `fetcher` or headers.
 */
import { treaty } from '@elysiajs/eden';
import type { HubApi } from './index.ts';

export function createApiClient(baseUrl: string, init?: Parameters<typeof treaty<HubApi>>[1]) {
  return treaty<HubApi>(baseUrl, init);
}

export type ApiClient = ReturnType<typeof createApiClient>;
