/** Logs: one row per call the signed-in user's keys made, newest first, with the error text the model saw. */
'use client';
import { DataTable } from '../../_components/data-table.tsx';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';

export default function LogsPage() {
  const [loaded, retry] = useLoad(() => api.logs.get({ query: {} }));
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Logs</h1>
      <View loaded={loaded} retry={retry} what="calls" isEmpty={(page) => page.items.length === 0} empty="No calls yet. Each tool call your AI client makes through this hub appears here.">
        {(page) => (
          <DataTable
            caption="Calls, newest first"
            rows={page.items}
            rowKey={(call) => call.id}
            columns={[
              { header: 'Time', cell: (call) => new Date(call.at).toLocaleString(), className: 'whitespace-nowrap' },
              { header: 'Tool', cell: (call) => call.tool, className: 'font-mono' },
              { header: 'Client', cell: (call) => call.client ?? '—' },
              { header: 'Outcome', cell: (call) => call.outcome },
              { header: 'Total', cell: (call) => `${call.totalMs} ms` },
              { header: 'Upstream', cell: (call) => `${call.upstreamMs} ms` },
              { header: 'Error', cell: (call) => call.error ?? '' },
            ]}
          />
        )}
      </View>
    </>
  );
}
