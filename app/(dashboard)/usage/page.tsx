/** Usage: the signed-in user's calls this month, per day per integration (chart), and per tool with errors and p50/p95 latency. */
'use client';
import { DataTable } from '../../_components/data-table.tsx';
import { View } from '../../_components/states.tsx';
import { UsageChart } from '../../_components/usage-chart.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';

export default function UsagePage() {
  const [loaded, retry] = useLoad(() => api.usage.get({ query: {} }));
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Usage</h1>
      <View loaded={loaded} retry={retry} what="usage" isEmpty={(usage) => usage.tools.length === 0 && usage.month.calls === 0} empty="No calls yet. Calls your AI client makes through this hub show up here.">
        {(usage) => (
          <>
            <dl className="mb-6 grid grid-cols-2 gap-3">
              <div className="rounded border border-gray-200 bg-white p-4">
                <dt className="text-sm text-gray-600">Calls in {usage.month.period}</dt>
                <dd className="text-2xl font-semibold">{usage.month.calls}</dd>
              </div>
              <div className="rounded border border-gray-200 bg-white p-4">
                <dt className="text-sm text-gray-600">Billable in {usage.month.period}</dt>
                <dd className="text-2xl font-semibold">{usage.month.billable}</dd>
              </div>
            </dl>
            <h2 className="mb-2 text-lg font-semibold">Calls per day</h2>
            <UsageChart days={usage.days} />
            <DataTable
              caption="Calls per tool"
              rows={usage.tools}
              rowKey={(row) => `${row.integration}/${row.tool}`}
              columns={[
                { header: 'Tool', cell: (row) => row.tool, className: 'font-mono' },
                { header: 'Calls', cell: (row) => row.calls },
                { header: 'Errors', cell: (row) => row.errors },
                { header: 'p50', cell: (row) => `${row.p50Ms} ms` },
                { header: 'p95', cell: (row) => `${row.p95Ms} ms` },
              ]}
            />
          </>
        )}
      </View>
    </>
  );
}
