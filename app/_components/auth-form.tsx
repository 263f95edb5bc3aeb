/**
 * The form every pre-sign-in page is: its fields, one submit button that
 * says when it is busy, and the hub's refusal read out as an alert. On
 * success the session has started; the page goes to the dashboard, or to
 * `next`: a path the hub answers itself (a connect link) is loaded by the
 * browser, never fetched by the client router, which would spend the link.
 */
'use client';
import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { isHubPath } from '../../lib/server/dashboard/paths.ts';
import { rememberCsrfToken, type EdenResult } from '../_lib/api.ts';
import { useSubmit } from '../_lib/use-submit.ts';

export function AuthForm<T extends object>({ send, submitLabel, busyLabel, children, next = '/' }: { send: (form: FormData) => Promise<EdenResult<T>>; submitLabel: string; busyLabel: string; children: ReactNode; next?: string }) {
  const router = useRouter();
  const { pending, ready, error, onSubmit } = useSubmit(send, (data) => {
    // A route that starts a session answers as GET /session does, CSRF token included.
    if ('csrfToken' in data && typeof data.csrfToken === 'string') rememberCsrfToken(data.csrfToken);
    if (isHubPath(new URL(next, window.location.href).pathname)) window.location.assign(next);
    else router.replace(next);
  });
  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-col gap-4">
      {children}
      {error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending || !ready} className="rounded bg-gray-900 px-4 py-2 font-medium text-white disabled:opacity-60">
        {pending ? busyLabel : submitLabel}
      </button>
    </form>
  );
}

/** The link token from `?token=`, or null. */
export function useLinkToken(search: URLSearchParams | null): string | null {
  const token = search?.get('token');
  return token ? token : null;
}
