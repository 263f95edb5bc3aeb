/**
 * The calls for one set of filters: the first page from the hub, "Load more"
 * with its cursor, and the live tail's new calls above them (the hub filters
 * both). The page mounts a fresh one when the filters change. The drawer
 * opens on a call and gives focus back to its opener when it closes.
 */
'use client';
import { useMemo, useState } from 'react';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { useSubmit } from '../../_lib/use-submit.ts';
import type { Call, KeyNames } from './call.ts';
import { CallDrawer } from './call-drawer.tsx';
import { CallTable } from './call-table.tsx';
import { hasFilters, queryOf, searchOfQuery, type LogFilters } from './filters.ts';
import { LiveStatus } from './live-status.tsx';
import { useLiveTail } from './use-live-tail.ts';

const NO_CALLS = 'No calls yet. Each tool call your AI client makes through this hub appears here, as it is made.';
const NO_MATCH = 'No calls match these filters. Change or clear them to see more.';

/** Calls in arrival order without repeats: a live call may also be on the first page. */
const unique = (calls: readonly Call[]) => [...new Map(calls.map((call) => [call.id, call])).values()];

export function CallResults({ filters, keyNames, storingArguments, live, onLive }: { filters: LogFilters; keyNames: KeyNames; storingArguments: boolean | null; live: boolean; onLive: (on: boolean) => void }) {
  // One clock reading per mount: the list and the tail start from the same `since`.
  const query = useMemo(() => queryOf(filters, Date.now()), [filters]);
  const [first, retry] = useLoad(() => api.logs.get({ query }));
  const tail = useLiveTail(useMemo(() => searchOfQuery(query), [query]), live);
  const [more, setMore] = useState<{ calls: readonly Call[]; cursor: string | null } | null>(null);
  const [open, setOpen] = useState<{ id: string; opener: HTMLElement | null } | null>(null);
  const cursor = more ? more.cursor : first.state === 'ready' ? first.data.nextCursor : null;
  const loadMore = useSubmit(
    () => api.logs.get({ query: { ...query, cursor: cursor ?? undefined } }),
    (page) => setMore((current) => ({ calls: [...(current?.calls ?? []), ...page.items], cursor: page.nextCursor })),
  );
  const close = () => {
    open?.opener?.focus();
    setOpen(null);
  };
  return (
    <>
      <LiveStatus on={live} onToggle={onLive} tail={tail} />
      <View loaded={first} retry={retry} what="calls" isEmpty={(page) => page.items.length === 0 && tail.calls.length === 0} empty={hasFilters(filters) ? NO_MATCH : NO_CALLS}>
        {(page) => (
          <>
            <CallTable calls={unique([...tail.calls, ...page.items, ...(more?.calls ?? [])])} keyNames={keyNames} onOpen={(id, opener) => setOpen({ id, opener })} />
            {cursor && (
              <form onSubmit={loadMore.onSubmit} className="mt-3 flex items-center gap-3">
                <button type="submit" disabled={loadMore.pending} className="rounded border border-gray-300 bg-white px-4 py-2 font-medium disabled:opacity-60">
                  {loadMore.pending ? 'Loading…' : 'Load more'}
                </button>
                {loadMore.error && (
                  <p role="alert" className="text-red-900">
                    {loadMore.error}
                  </p>
                )}
              </form>
            )}
          </>
        )}
      </View>
      {open && <CallDrawer key={open.id} id={open.id} keyNames={keyNames} storingArguments={storingArguments} onClose={close} />}
    </>
  );
}
