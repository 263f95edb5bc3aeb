/**
 * `/usage`: what the Usage page shows for the signed-in user, in one answer —
 * calls and errors per UTC day per integration, p50/p95 per tool, the top
 * tools and the calls (and errors) this month — over lib/services/usage.ts.
 */
import { Elysia, t } from 'elysia';
import { windowStart } from '../usage/stats.ts';
import { MAX_USAGE_DAYS, callsThisMonth, toolStats, usageByDay } from '../services/usage.ts';
import { apiBase } from './base.ts';
import type { ApiDeps } from './deps.ts';
import { errors } from './http.ts';

const DEFAULT_DAYS = 30;
const TOP_TOOLS = 5;

const Count = t.Object({ slug: t.String(), calls: t.Number(), errors: t.Number() });
const Day = t.Object({ day: t.String({ description: 'YYYY-MM-DD, UTC' }), calls: t.Number(), errors: t.Number(), byIntegration: t.Array(Count) });
const Tool = t.Object({ integration: t.Union([t.String(), t.Null()]), tool: t.String(), calls: t.Number(), errors: t.Number(), p50Ms: t.Number(), p95Ms: t.Number() });

export function usageRoutes(deps: ApiDeps) {
  return new Elysia().use(apiBase(deps)).get('/usage', async ({ me, query }) => {
    const userId = me.user.id;
    const now = (deps.now ?? Date.now)();
    const days = query.days ?? DEFAULT_DAYS;
    const since = windowStart(now, days);
    const [byDay, tools, month] = await Promise.all([usageByDay(deps.services, { userId, days, now }), toolStats(deps.services, { userId, since, now }), callsThisMonth(deps.services, { userId, now })]);
    return { days: byDay, tools, topTools: tools.slice(0, TOP_TOOLS), month };
  }, {
    signedIn: true,
    query: t.Object({ days: t.Optional(t.Integer({ minimum: 1, maximum: MAX_USAGE_DAYS, description: `"days", a whole number from 1 to ${MAX_USAGE_DAYS} (default ${DEFAULT_DAYS}): how many UTC days back, today included` })) }),
    response: {
      200: t.Object({
        days: t.Array(Day),
        /** Every tool called in the window, most called first. */
        tools: t.Array(Tool),
        topTools: t.Array(Tool),
        month: t.Object({ period: t.String({ description: 'YYYY-MM, UTC' }), calls: t.Number(), billable: t.Number(), errors: t.Number({ description: 'calls whose outcome was not ok' }) }),
      }),
      ...errors,
    },
  });
}
