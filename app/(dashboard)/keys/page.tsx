/** API keys: the signed-in user's keys, with when each was last used and by which client. */
'use client';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toLocaleString());

export default function KeysPage() {
  const [loaded, retry] = useLoad(() => api.keys.get({ query: {} }));
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">API keys</h1>
      <View loaded={loaded} retry={retry} what="API keys" isEmpty={(page) => page.items.length === 0} empty="No keys yet. A key is what your AI client uses to reach this hub.">
        {(page) => (
          <table className="w-full border-collapse bg-white text-left text-sm">
            <caption className="sr-only">Your API keys</caption>
            <thead>
              <tr className="border-b border-gray-200">
                <th scope="col" className="p-2">Name</th>
                <th scope="col" className="p-2">Key</th>
                <th scope="col" className="p-2">Last used</th>
                <th scope="col" className="p-2">Last client</th>
                <th scope="col" className="p-2">Status</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((key) => (
                <tr key={key.id} className="border-b border-gray-100">
                  <td className="p-2">{key.name}</td>
                  <td className="p-2 font-mono">{key.prefix}…</td>
                  <td className="p-2">{when(key.lastUsedAt)}</td>
                  <td className="p-2">{key.lastClient ?? '—'}</td>
                  <td className="p-2">{key.revokedAt === null ? 'Active' : `Revoked ${when(key.revokedAt)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </View>
    </>
  );
}
