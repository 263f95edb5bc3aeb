/**
 * The typed client of `/api/v1` the dashboard uses (Eden treaty over
 * `HubApi`): every path, body, query and response type comes from the
 * route schemas. `init` passes Eden's options, e.g. a `fetcher` or headers.
 * Eden's date parsing is off: it turns any date-like string ("2026-12", a
 * day "2026-12-02") into a Date, which the schemas say is a string (and
 * React cannot render); every time this API gives is ms since 1970.
 */
import { treaty } from '@elysiajs/eden';
import type { HubApi } from './index.ts';

export function createApiClient(baseUrl: string, init?: Parameters<typeof treaty<HubApi>>[1]) {
  return treaty<HubApi>(baseUrl, { parseDate: false, ...init });
}

export type ApiClient = ReturnType<typeof createApiClient>;
