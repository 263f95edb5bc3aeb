/**
 * The typed client of `/api/v1` the dashboard uses (Eden treaty over
 * `HubApi`): every path, body, query and response type comes from the
 * route schemas. `init` passes Eden's options, e.g. a `fetcher` or headers.
 * Eden's `parseDate` is off: it turns any date-looking string (a usage day,
 * "2026-12-02") into a `Date` its types still call a string, which React
 * cannot render; times in this API are numbers anyway.
 */
import { treaty } from '@elysiajs/eden';
import type { HubApi } from './index.ts';

export function createApiClient(baseUrl: string, init?: Parameters<typeof treaty<HubApi>>[1]) {
  return treaty<HubApi>(baseUrl, { parseDate: false, ...init });
}

export type ApiClient = ReturnType<typeof createApiClient>;
