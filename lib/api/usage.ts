/** `/usage`: the signed-in user's calls summarised (totals, per integration with p50/p95), over lib/services/usage.ts. */
import { Elysia, t } from 'elysia';
import { readUsage } from '../services/usage.ts';
import { apiBase } from './base.ts';
import type { ApiDeps } from './deps.ts';
import { errors } from './http.ts';

const Totals = t.Object({ calls: t.Number(), errors: t.Number(), billable: t.Number() });
const IntegrationUsage = t.Object({ slug: t.String(), calls: t.Number(), errors: t.Number(), billable: t.Number(), p50Ms: t.Number(), p95Ms: t.Number() });

export function usageRoutes(deps: ApiDeps) {
  return new Elysia().use(apiBase(deps)).get('/usage', ({ me, query }) => readUsage(deps.services, { userId: me.user.id, ...(query.since !== undefined && { since: query.since }) }), {
    signedIn: true,
    query: t.Object({ since: t.Optional(t.Integer({ minimum: 0, description: '"since", a time in ms since 1970 (UTC); calls before it are left out' })) }),
    response: { 200: t.Object({ totals: Totals, byIntegration: t.Array(IntegrationUsage) }), ...errors },
  });
}
