/** Integrations: the catalog, each with whether it is connected for the signed-in user. */
'use client';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';

export default function IntegrationsPage() {
  const [loaded, retry] = useLoad(() => api.integrations.get({ query: {} }));
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Integrations</h1>
      <View loaded={loaded} retry={retry} what="integrations" isEmpty={(page) => page.items.length === 0} empty="No integrations are installed in this hub.">
        {(page) => (
          <ul className="grid gap-3 sm:grid-cols-2">
            {page.items.map((integration) => (
              <li key={integration.slug} className="rounded border border-gray-200 bg-white p-4">
                <h2 className="font-semibold">{integration.name}</h2>
                <p className="text-sm text-gray-600">{integration.category}</p>
                <p className="mt-2 text-sm">{integration.description}</p>
                <p className="mt-2 text-sm font-medium">{integration.status === 'connected' ? 'Connected' : 'Not connected'}</p>
              </li>
            ))}
          </ul>
        )}
      </View>
    </>
  );
}
