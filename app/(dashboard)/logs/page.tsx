/**
 * Logs: one row per call the signed-in user's keys made, newest first, with
 * the error text the model saw; filters (in the address, applied by the hub),
 * a drawer with each call in full, a live tail, and what the log keeps.
 */
'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useMemo, useState } from 'react';
import { Loading } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import type { KeyNames } from './call.ts';
import { CallResults } from './call-results.tsx';
import { FilterForm, type Choice } from './filter-form.tsx';
import { filtersFromSearch, searchOf, type LogFilters } from './filters.ts';
import { LogSettings } from './log-settings.tsx';

/** The most the API pages at once: enough keys and integrations for the selects and the Key column. */
const ALL = { limit: 100 };

export default function LogsPage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Logs</h1>
      {/* useSearchParams needs a boundary for the page's static shell. */}
      <Suspense fallback={<Loading what="calls" />}>
        <Logs />
      </Suspense>
    </>
  );
}

function Logs() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const search = searchOf(filters);
  const [keys] = useLoad(() => api.keys.get({ query: ALL }));
  const [integrations] = useLoad(() => api.integrations.get({ query: ALL }));
  const [settings, retrySettings] = useLoad(() => api.logs.settings.get());
  const [savedSettings, setSavedSettings] = useState<{ storeArguments: boolean } | null>(null);
  const [live, setLive] = useState(true);

  const keyItems = useMemo(() => (keys.state === 'ready' ? keys.data.items : []), [keys]);
  const keyNames: KeyNames = useMemo(() => (keys.state === 'loading' ? null : new Map(keyItems.map((key) => [key.id, key.name]))), [keys, keyItems]);
  const keyChoices: Choice[] = keyItems.map((key) => ({ value: key.id, label: key.revokedAt === null ? key.name : `${key.name} (revoked)` }));
  const integrationChoices: Choice[] = integrations.state === 'ready' ? integrations.data.items.map((item) => ({ value: item.slug, label: item.name })) : [];
  const storingArguments = savedSettings?.storeArguments ?? (settings.state === 'ready' ? settings.data.storeArguments : null);
  const apply = (next: LogFilters) => {
    const query = searchOf(next);
    router.push(query ? `${pathname}?${query}` : pathname);
  };

  return (
    <>
      {/* Keyed by the filters and the choices, so the form's fields start from what the address says once the selects can show it. */}
      <FilterForm key={`${search}|${keyChoices.length}|${integrationChoices.length}`} filters={filters} keys={keyChoices} integrations={integrationChoices} onApply={apply} />
      <CallResults key={search} filters={filters} keyNames={keyNames} storingArguments={storingArguments} live={live} onLive={setLive} />
      <LogSettings loaded={settings} retry={retrySettings} onSaved={setSavedSettings} />
    </>
  );
}
