/** Integrations: the catalog, each with whether it is connected for the signed-in user, to connect or disconnect. */
'use client';
import { useState } from 'react';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { IntegrationCard } from './integration-card.tsx';

export default function IntegrationsPage() {
  const [loaded, reload] = useLoad(() => api.integrations.get({ query: {} }));
  // Whose credential each integration connected in this page holds: the list itself only says "connected".
  const [accounts, setAccounts] = useState<Record<string, string | null>>({});
  const remember = (slug: string, account: string | null | undefined) => {
    setAccounts(({ [slug]: _, ...others }) => (account === undefined ? others : { ...others, [slug]: account }));
    reload();
  };
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Integrations</h1>
      <View loaded={loaded} retry={reload} what="integrations" isEmpty={(page) => page.items.length === 0} empty="No integrations are installed in this hub.">
        {(page) => (
          <ul className="grid gap-3 sm:grid-cols-2">
            {page.items.map((integration) => (
              <IntegrationCard
                key={integration.slug}
                integration={integration}
                account={accounts[integration.slug]}
                onConnected={(account) => remember(integration.slug, account)}
                onDisconnected={() => remember(integration.slug, undefined)}
              />
            ))}
          </ul>
        )}
      </View>
    </>
  );
}
