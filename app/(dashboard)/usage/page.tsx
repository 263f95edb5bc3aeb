/** Usage: the signed-in user's calls this month, and per tool with errors and p50/p95 latency. */
'use client';
import { View } from '../../_components/states.tsx';
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
            <table className="w-full border-collapse bg-white text-left text-sm">
              <caption className="sr-only">Calls per tool</caption>
              <thead>
                <tr className="border-b border-gray-200">
                  <th scope="col" className="p-2">Tool</th>
                  <th scope="col" className="p-2">Calls</th>
                  <th scope="col" className="p-2">Errors</th>
                  <th scope="col" className="p-2">p50</th>
                  <th scope="col" className="p-2">p95</th>
                </tr>
              </thead>
              <tbody>
                {usage.tools.map((row) => (
                  <tr key={`${row.integration}/${row.tool}`} className="border-b border-gray-100">
                    <td className="p-2 font-mono">{row.tool}</td>
                    <td className="p-2">{row.calls}</td>
                    <td className="p-2">{row.errors}</td>
                    <td className="p-2">{row.p50Ms} ms</td>
                    <td className="p-2">{row.p95Ms} ms</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </View>
    </>
  );
}
