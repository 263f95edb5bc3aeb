/**
 * Month-to-date billable calls against the plan's limit: a bar with the limit
 * as its end, the figures in words beside it, and when it resets. The Billing
 * and Usage pages show the same one.
 */
import { overageText, resetText, usedText, type PlanStatus } from '../_lib/billing.ts';

export function QuotaMeter({ status }: { status: PlanStatus }) {
  const share = status.limit === null || status.limit === 0 ? (status.limit === 0 ? 1 : 0) : Math.min(1, status.used / status.limit);
  const colour = status.warning === 'reached' ? 'bg-red-600' : status.warning === 'near' ? 'bg-amber-500' : 'bg-blue-600';
  return (
    <section aria-label="Calls this month" className="mb-6 rounded border border-gray-200 bg-white p-4">
      <p className="mb-2 text-sm text-gray-700">
        <span className="font-semibold">{usedText(status)}</span> in {status.period} on the {status.plan.name} plan. Resets on {resetText(status.resetsAt)} (UTC). {overageText(status.plan)}.
      </p>
      {status.limit !== null && (
        <div
          role="meter"
          aria-label={`Billable calls this month against the ${status.plan.name} plan's limit`}
          aria-valuemin={0}
          aria-valuemax={status.limit}
          aria-valuenow={Math.min(status.used, status.limit)}
          aria-valuetext={usedText(status)}
          className="h-3 w-full overflow-hidden rounded bg-gray-100"
        >
          <div className={`h-full ${colour}`} style={{ width: `${(share * 100).toFixed(1)}%` }} />
        </div>
      )}
    </section>
  );
}
