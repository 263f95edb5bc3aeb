/**
 * Sending a form through the API client: pending while it runs (the button
 * says so and cannot be pressed twice), the hub's message when refused, and
 * `onDone` with the data when accepted. `ready` turns true once the page's
 * script runs: until then a submit would be the browser's own — a GET that
 * puts the fields (a password, a token) in the address — so forms with
 * secrets keep their button disabled until ready, and say `method="post"`.
 */
'use client';
import { useEffect, useState, type FormEvent } from 'react';
import { failureMessage, type EdenResult } from './api.ts';

export function useSubmit<T>(send: (form: FormData) => Promise<EdenResult<T>>, onDone: (data: T) => void) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await send(new FormData(event.currentTarget));
      if (result.data === null) setError(failureMessage(result.error));
      else onDone(result.data);
    } catch (thrown) {
      setError(`Could not reach the hub (${(thrown as Error).message}). Is it running?`);
    } finally {
      setPending(false);
    }
  }
  return { pending, ready, error, onSubmit };
}

/** A form field's text ('' when absent). */
export const text = (form: FormData, name: string): string => String(form.get(name) ?? '');
