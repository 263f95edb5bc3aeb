/**
 * The one way the pages reach the hub: the typed Eden client of /api/v1
 * (lib/api/client.ts), on the origin the page came from (the hub itself on
 * `npm start`, the deployment on Vercel), with the session's CSRF token on
 * every request once a page has read it.
 */
import { createApiClient } from '../../lib/api/client.ts';

/** lib/api/auth.ts's CSRF_HEADER: not imported, as that module needs node:crypto, which has no place in a page's bundle. */
const CSRF_HEADER = 'x-csrf-token';
let csrfToken: string | null = null;

/** Remembers the session's CSRF token (GET /api/v1/session returns it) for the mutating requests that follow. */
export function rememberCsrfToken(token: string): void {
  csrfToken = token;
}

const origin = typeof window === 'undefined' ? 'http://localhost' : window.location.origin;

export const api = createApiClient(origin, { headers: () => (csrfToken === null ? {} : { [CSRF_HEADER]: csrfToken }) }).api.v1;

/** What an Eden call resolves to: the data, or an error (`{ status, value }`, the value being the API's error body). */
export type EdenResult<T> = { data: T; error: null } | { data: null; error: unknown };

/** What a failed call says to a person: the API's own message, else the status. */
export function failureMessage(error: unknown): string {
  const { status, value } = (error ?? {}) as { status?: unknown; value?: { error?: { message?: unknown } } | null };
  const message = value?.error?.message;
  return typeof message === 'string' ? message : `The hub answered ${String(status)}. Try again; if it keeps failing, the terminal running the hub says why.`;
}

/** True when the hub refused because nobody is signed in (or the session ended). */
export const isSignedOut = (error: unknown): boolean => (error as { status?: unknown } | null)?.status === 401;
