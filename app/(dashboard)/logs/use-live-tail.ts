/**
 * The live tail: an EventSource on GET /api/v1/logs/stream with the page's
 * filters (the hub sends only the calls they match), on this origin with the
 * session cookie (a GET needs no CSRF token). New calls come newest first;
 * `dropped` counts calls the hub skipped while this page read too slowly.
 * The browser reconnects by itself after a network error; a refusal (say,
 * the session ended) stops the tail. Closed when the page goes away or the
 * filters change.
 */
'use client';
import { useEffect, useState } from 'react';
import type { Call } from './call.ts';

/** How many live calls the page keeps above the list; older ones are in the list after a reload. */
const MAX_LIVE_CALLS = 500;

export type TailState = 'off' | 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface LiveTail {
  state: TailState;
  /** Calls that arrived since the page loaded, newest first. */
  calls: readonly Call[];
  /** Calls the hub skipped for this page. */
  dropped: number;
}

/** Follows new calls matching `search` (the hub's query string) while `on`. */
export function useLiveTail(search: string, on: boolean): LiveTail {
  const [state, setState] = useState<TailState>(on ? 'connecting' : 'off');
  const [calls, setCalls] = useState<readonly Call[]>([]);
  const [dropped, setDropped] = useState(0);
  useEffect(() => {
    if (!on) {
      setState('off');
      return;
    }
    setState('connecting');
    const source = new EventSource(`/api/v1/logs/stream${search ? `?${search}` : ''}`);
    source.addEventListener('ready', () => setState('live'));
    source.addEventListener('call', (event) => {
      const call = JSON.parse((event as MessageEvent<string>).data) as Call;
      setCalls((current) => (current.some((c) => c.id === call.id) ? current : [call, ...current].slice(0, MAX_LIVE_CALLS)));
    });
    source.addEventListener('dropped', (event) => {
      const { count } = JSON.parse((event as MessageEvent<string>).data) as { count: number };
      setDropped((n) => n + count);
    });
    source.addEventListener('error', () => setState(source.readyState === EventSource.CLOSED ? 'stopped' : 'reconnecting'));
    return () => source.close();
  }, [search, on]);
  return { state, calls, dropped };
}
