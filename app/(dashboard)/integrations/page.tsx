/**
 * Integrations: the catalog with each integration's status for the signed-in
 * user (from the API, so it survives a reload), narrowed by a search and a
 * category; connecting (with OAuth or a token), replacing the token,
 * settings and disconnecting on each card. The list loads again after each
 * change; the search stays. `?reconnect=<slug>` (where a chat's connect link
 * lands, lib/server/connect-links.ts) scrolls to that card with its token
 * form open, until the first change; `?connected=<slug>` (an OAuth connect
 * just came back) has that card say so.
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
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Integrations</h1>
      <p className="mb-6 text-gray-600">Connect a service and its tools appear in every AI client using your keys; disconnect it and they leave at once.</p>
      <Suspense>
        <Catalog />
      </Suspense>
    </>
  );
}

/** What the card an OAuth connect came back to (`?connected=<slug>`, the hub's callback) says. */
const CONNECTED = 'Connected with OAuth: its tools are in your AI clients now.';

function Catalog() {
  const search = useSearchParams();
  const [loaded, reload] = useLoad(() => api.integrations.get({ query: { limit: 100 } }));
  const [query, setQuery] = useState<CatalogQuery>({});
  const connected = search.get('connected');
  const [notice, setNotice] = useState<Notice | null>(connected ? { slug: connected, text: CONNECTED } : null);
  const [reconnect, setReconnect] = useState(search.get('reconnect'));
  const changed = (slug: string) => (text: string) => {
    setNotice({ slug, text });
    // The cards mount again with the list: the form the link opened stays closed from now on.
    setReconnect(null);
    reload();
  };
  return (
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
                  <IntegrationCard
                    key={integration.slug}
                    integration={integration}
                    notice={notice?.slug === integration.slug ? notice.text : null}
                    reconnecting={reconnect === integration.slug}
                    onChanged={changed(integration.slug)}
                  />
                ))}
              </ul>
            )}
          </>
        );
      }}
    </View>
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
