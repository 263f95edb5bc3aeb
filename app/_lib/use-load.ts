/**
 * Loading one thing through the API client for a page: the three states
 * every view shows (loading, failed with the hub's message, loaded), and a
 * way to load again after a change.
 */
'use client';
import { useCallback, useEffect, useState } from 'react';
import { failureMessage, isSignedOut, type EdenResult } from './api.ts';

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; message: string; signedOut: boolean } | { state: 'ready'; data: T };

export function useLoad<T>(load: () => Promise<EdenResult<T>>): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    load().then(
      (result) => {
        if (!current) return;
        // Eden gives data or an error, never both; the data is a JSON body, never null.
        if (result.data === null) setLoaded({ state: 'failed', message: failureMessage(result.error), signedOut: isSignedOut(result.error) });
        else setLoaded({ state: 'ready', data: result.data });
      },
      (error: unknown) => current && setLoaded({ state: 'failed', message: `Could not reach the hub (${(error as Error).message}). Is it running?`, signedOut: false }),
    );
    return () => {
      current = false;
    };
    // `load` is a new function each render; `round` is what asks for a reload.
  }, [round]);
  return [loaded, useCallback(() => setRound((n) => n + 1), [])];
}
