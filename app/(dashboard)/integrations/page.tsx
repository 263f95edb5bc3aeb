/**
 * Integrations: the catalog with each integration's status for the signed-in
 * user (from the API, so it survives a reload), narrowed by a search and a
 * category; connecting (with OAuth or a token), replacing the token,
 * settings and disconnecting on each card. The list loads again after each
 * change; the search stays.
 */
'use client';
import { useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { Empty, View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { matchesCatalogQuery, type CatalogQuery } from '../../../lib/mcp/catalog-match.ts';
import { CatalogFilter } from './catalog-filter.tsx';
import { IntegrationCard } from './integration-card.tsx';

/** What the last change on a card said, shown on that card after the list loads again. */
interface Notice {
  slug: string;
  text: string;
}

export default function IntegrationsPage() {
  // useSearchParams needs a Suspense boundary to be rendered ahead of time.
  return (
    <Suspense>
      <Integrations />
    </Suspense>
  );
}

/** `?connected=<slug>`: an OAuth connect just came back here (the hub's callback); that card says so. */
const CONNECTED = 'Connected with OAuth: its tools are in your AI clients now.';

function Integrations() {
  const connected = useSearchParams().get('connected');
  const [loaded, reload] = useLoad(() => api.integrations.get({ query: { limit: 100 } }));
  const [query, setQuery] = useState<CatalogQuery>({});
  const [notice, setNotice] = useState<Notice | null>(connected ? { slug: connected, text: CONNECTED } : null);
  const changed = (slug: string) => (text: string) => {
    setNotice({ slug, text });
    reload();
  };
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Integrations</h1>
      <p className="mb-6 text-gray-600">Connect a service and its tools appear in every AI client using your keys; disconnect it and they leave at once.</p>
      <View loaded={loaded} retry={reload} what="integrations" isEmpty={(page) => page.items.length === 0} empty="No integrations are installed in this hub.">
        {(page) => {
          const shown = page.items.filter((integration) => matchesCatalogQuery(integration, query));
          return (
            <>
              <CatalogFilter integrations={page.items} shown={shown.length} query={query} onChange={setQuery} />
              {shown.length === 0 ? (
                <NoMatch query={query} onClear={() => setQuery({})} />
              ) : (
                <ul aria-label="Integrations" className="grid gap-3 sm:grid-cols-2">
                  {shown.map((integration) => (
                    <IntegrationCard key={integration.slug} integration={integration} notice={notice?.slug === integration.slug ? notice.text : null} onChanged={changed(integration.slug)} />
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </View>
    </>
  );
}

function NoMatch({ query, onClear }: { query: CatalogQuery; onClear: () => void }) {
  const words = query.q?.trim();
  return (
    <Empty>
      No integration matches {words ? <>&ldquo;{words}&rdquo;</> : 'this search'}
      {query.category ? ` in ${query.category}` : ''}.{' '}
      <button type="button" onClick={onClear} className="font-medium underline">
        Clear the search
      </button>
    </Empty>
  );
}
