/** Logs: one row per call the signed-in user's keys made, newest first, with the error text the model saw. */
'use client';
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
          <table className="w-full border-collapse bg-white text-left text-sm">
            <caption className="sr-only">Calls, newest first</caption>
            <thead>
              <tr className="border-b border-gray-200">
                <th scope="col" className="p-2">Time</th>
                <th scope="col" className="p-2">Tool</th>
                <th scope="col" className="p-2">Client</th>
                <th scope="col" className="p-2">Outcome</th>
                <th scope="col" className="p-2">Total</th>
                <th scope="col" className="p-2">Upstream</th>
                <th scope="col" className="p-2">Error</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((call) => (
                <tr key={call.id} className="border-b border-gray-100 align-top">
                  <td className="p-2 whitespace-nowrap">{new Date(call.at).toLocaleString()}</td>
                  <td className="p-2 font-mono">{call.tool}</td>
                  <td className="p-2">{call.client ?? '—'}</td>
                  <td className="p-2">{call.outcome}</td>
                  <td className="p-2">{call.totalMs} ms</td>
                  <td className="p-2">{call.upstreamMs} ms</td>
                  <td className="p-2">{call.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </View>
    </>
  );
}
