/** The hub's plans side by side, the user's own marked: what each allows per month, per minute, in keys, integrations and log retention, and past its limit. */
import { DataTable } from '../../_components/data-table.tsx';
import { limitText, overageText, type PlanRow } from '../../_lib/billing.ts';

export function PlanTable({ plans, current }: { plans: readonly PlanRow[]; current: string }) {
  return (
    <DataTable
      caption="Plans on this hub"
      rows={plans}
      rowKey={(plan) => plan.id}
      columns={[
        { header: 'Plan', cell: (plan) => (plan.id === current ? <strong>{plan.name} (yours)</strong> : plan.name) },
        { header: 'Calls a month', cell: (plan) => limitText(plan.callsPerMonth) },
        { header: 'Calls a minute', cell: (plan) => `${plan.callsPerMinute.toLocaleString('en-US')} (bursts of ${plan.burst.toLocaleString('en-US')})` },
        { header: 'API keys', cell: (plan) => limitText(plan.maxKeys) },
        { header: 'Integrations', cell: (plan) => limitText(plan.maxIntegrations) },
        { header: 'Logs kept', cell: (plan) => `${plan.logRetentionDays} days` },
        { header: 'Past the limit', cell: overageText },
      ]}
    />
  );
}
