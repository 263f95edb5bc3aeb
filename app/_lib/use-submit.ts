/**
 * Sending a form through the API client: pending while it runs (the button
 * says so and cannot be pressed twice), the hub's message when refused, and
 * `onDone` with the data when accepted.
 */
'use client';
import { useState, type FormEvent } from 'react';
import { failureMessage, type EdenResult } from './api.ts';

export function useSubmit<T>(send: (form: FormData) => Promise<EdenResult<T>>, onDone: (data: T) => void) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
  return { pending, error, onSubmit };
}

/** A form field's text ('' when absent). */
export const text = (form: FormData, name: string): string => String(form.get(name) ?? '');
