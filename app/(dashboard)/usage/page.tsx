/** Usage: the signed-in user's calls and errors this month against the plan's limit, per day per integration (chart), the top tools, per tool with errors and p50/p95 latency, and monthly exports. */
'use client';
import { DataTable } from '../../_components/data-table.tsx';
import { QuotaMeter } from '../../_components/quota-meter.tsx';
import { View } from '../../_components/states.tsx';
import { UsageChart } from '../../_components/usage-chart.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { toolLabel } from '../../_lib/tool-label.ts';
import { Exports } from './exports.tsx';

const percent = (part: number, whole: number) => (whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(1)}%`);

function Stat({ term, value }: { term: string; value: string | number }) {
  return (
    <div className="rounded border border-gray-200 bg-white p-4">
      <dt className="text-sm text-gray-600">{term}</dt>
      <dd className="text-2xl font-semibold">{value}</dd>
    </div>
  );
}

export default function UsagePage() {
  const [loaded, retry] = useLoad(() => api.usage.get({ query: {} }));
  // The plan's limit line; the Billing page says more (and the Usage page works without it).
  const [billing] = useLoad(() => api.billing.status.get());
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Usage</h1>
      {billing.state === 'ready' && <QuotaMeter status={billing.data.status} />}
      <View loaded={loaded} retry={retry} what="usage" isEmpty={(usage) => usage.tools.length === 0 && usage.month.calls === 0} empty="No calls yet. Calls your AI client makes through this hub show up here.">
        {(usage) => (
          <>
            <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
              <Stat term={`Calls in ${usage.month.period}`} value={usage.month.calls} />
              <Stat term={`Billable in ${usage.month.period}`} value={usage.month.billable} />
              <Stat term={`Errors in ${usage.month.period}`} value={usage.month.errors} />
              <Stat term="Error rate" value={percent(usage.month.errors, usage.month.calls)} />
            </dl>
            <h2 className="mb-2 text-lg font-semibold">Calls per day</h2>
            <UsageChart days={usage.days} />
            <h2 className="mb-2 text-lg font-semibold">Top tools</h2>
            <ol aria-label="Top tools by calls" className="mb-6 list-decimal rounded border border-gray-200 bg-white py-2 pr-4 pl-10">
              {usage.topTools.map((row) => (
                <li key={`${row.integration}/${row.tool}`} className="py-1">
                  <span className="font-mono">{toolLabel(row)}</span>: {row.calls} {row.calls === 1 ? 'call' : 'calls'}, {percent(row.errors, row.calls)} errors
                </li>
              ))}
            </ol>
            <h2 className="mb-2 text-lg font-semibold">Every tool</h2>
            <DataTable
              caption="Calls per tool"
              rows={usage.tools}
              rowKey={(row) => `${row.integration}/${row.tool}`}
              columns={[
                { header: 'Tool', cell: toolLabel, className: 'font-mono' },
                { header: 'Calls', cell: (row) => row.calls },
                { header: 'Errors', cell: (row) => row.errors },
                { header: 'p50', cell: (row) => `${row.p50Ms} ms` },
                { header: 'p95', cell: (row) => `${row.p95Ms} ms` },
              ]}
            />
          </>
        )}
      </View>
      <Exports />
    </>
  );
}
