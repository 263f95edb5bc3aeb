/** API keys: the signed-in user's keys, with when each was last used and by which client. */
'use client';
import { DataTable } from '../../_components/data-table.tsx';
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
          <DataTable
            caption="Your API keys"
            rows={page.items}
            rowKey={(key) => key.id}
            columns={[
              { header: 'Name', cell: (key) => key.name },
              { header: 'Key', cell: (key) => `${key.prefix}…`, className: 'font-mono' },
              { header: 'Last used', cell: (key) => when(key.lastUsedAt) },
              { header: 'Last client', cell: (key) => key.lastClient ?? '—' },
              { header: 'Status', cell: (key) => (key.revokedAt === null ? 'Active' : `Revoked ${when(key.revokedAt)}`) },
            ]}
          />
        )}
      </View>
    </>
  );
}
