/**
 * `/billing`: the signed-in user's plan, month-to-date billable calls against
 * its limit with the reset time, a daily series of this month for the chart,
 * and the plan table for the upgrade choices — over lib/services/plans.ts.
 * (Checkout, the customer portal and invoices join this resource when Stripe
 * is configured; without it plans are set by an admin: PUT /users/:id/plan.)
 */
import { Elysia, t } from 'elysia';
import { billingOverview, planStatus, type PlanStatus } from '../services/plans.ts';
import type { Plan } from '../billing/plans.ts';
import { apiBase } from './base.ts';
import { actingAs, type ApiDeps } from './deps.ts';
import { errors } from './http.ts';

const Limit = (description: string) => t.Union([t.Number(), t.Null()], { description: `${description}; null = unlimited` });

export const PlanView = t.Object({
  id: t.String(),
  name: t.String(),
  callsPerMonth: Limit('billable tool calls per UTC month'),
  callsPerMinute: t.Number(),
  burst: t.Number(),
  maxKeys: Limit('unrevoked API keys'),
  maxIntegrations: Limit('enabled integrations'),
  logRetentionDays: t.Number(),
  overage: t.UnionEnum(['refuse', 'bill'] as const, { description: 'past callsPerMonth: refuse the call, or bill it as overage' }),
});

export const PlanStatusView = t.Object({
  plan: PlanView,
  period: t.String({ description: 'YYYY-MM, UTC' }),
  used: t.Number({ description: 'billable calls this period' }),
  limit: Limit('the plan\'s callsPerMonth'),
  resetsAt: t.Number({ description: 'ms: the first instant of the next UTC month' }),
  overage: t.UnionEnum(['refuse', 'bill'] as const),
  warning: t.Union([t.Literal('near'), t.Literal('reached'), t.Null()], { description: 'near: 80% of the limit used; reached: all of it' }),
});

const planView = (plan: Plan): typeof PlanView.static => ({ ...plan });
const statusView = (status: PlanStatus): typeof PlanStatusView.static => ({ ...status, plan: planView(status.plan) });

export function billingRoutes(deps: ApiDeps) {
  return new Elysia()
    .use(apiBase(deps))
    // The plan and its use without the chart: the store's count only, for what every page shows (the quota banner, the
    // Usage page's meter, the People page's plan choices) — the month's events are read only for the Billing page's chart.
    .get('/billing/status', async ({ me }) => ({ status: statusView(await planStatus(actingAs(deps, me), me.user.id, (deps.now ?? Date.now)())), plans: deps.services.plans.list().map(planView) }), {
      signedIn: true,
      response: { 200: t.Object({ status: PlanStatusView, plans: t.Array(PlanView) }), ...errors },
    })
    .get('/billing', async ({ me }) => {
    const overview = await billingOverview(actingAs(deps, me), me.user.id, (deps.now ?? Date.now)());
    return { status: statusView(overview.status), days: overview.days, plans: overview.plans.map(planView) };
  }, {
    signedIn: true,
    response: {
      200: t.Object({
        status: PlanStatusView,
        /** Billable calls per UTC day of this month, from the 1st to today. */
        days: t.Array(t.Object({ day: t.String({ description: 'YYYY-MM-DD, UTC' }), calls: t.Number() })),
        /** Every plan of this hub, in display order. */
        plans: t.Array(PlanView),
      }),
      ...errors,
    },
  });
}
