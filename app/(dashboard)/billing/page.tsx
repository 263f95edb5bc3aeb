/**
 * Billing: the signed-in user's plan, month-to-date billable calls against its
 * limit with the reset date, this month's calls per day, what they can do
 * about their plan (BillingActions) and the hub's plans. The QUOTA_EXCEEDED
 * message's link lands here.
 */
'use client';
import { BillingChart } from '../../_components/billing-chart.tsx';
import { QuotaMeter } from '../../_components/quota-meter.tsx';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { BillingActions } from './billing-actions.tsx';
import { PlanTable } from './plan-table.tsx';

export default function BillingPage() {
  const [loaded, retry] = useLoad(() => api.billing.get());
  const [session] = useLoad(() => api.session.get());
  const admin = session.state === 'ready' && session.data.user.role === 'admin';
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Billing</h1>
      <View loaded={loaded} retry={retry} what="your plan" isEmpty={(billing) => billing.plans.length === 0} empty="This hub offers no plans.">
        {(billing) => (
          <>
            <h2 className="mb-2 text-lg font-semibold">Your plan: {billing.status.plan.name}</h2>
            <QuotaMeter status={billing.status} />
            <BillingActions status={billing.status} admin={admin} />
            <h2 className="mb-2 text-lg font-semibold">Calls this month</h2>
            {billing.status.used === 0 && billing.days.every((day) => day.calls === 0) ? (
              <p className="mb-6 rounded border border-dashed border-gray-300 p-6 text-center text-gray-600">No billable calls yet this month. Successful tool calls count; refused and failed ones do not.</p>
            ) : (
              <BillingChart days={billing.days} limit={billing.status.limit} />
            )}
            <h2 className="mb-2 text-lg font-semibold">Plans</h2>
            <PlanTable plans={billing.plans} current={billing.status.plan.id} />
          </>
        )}
      </View>
    </>
  );
}
