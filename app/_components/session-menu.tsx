/**
 * Who is signed in, and signing out. The session (read once by the nav) also
 * gives this tab the CSRF token its changes must carry; a browser that is not
 * signed in goes to the sign-in page.
 */
'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api, failureMessage, rememberCsrfToken } from '../_lib/api.ts';
import type { Loaded } from '../_lib/use-load.ts';

/** GET /api/v1/session's answer, as the API's schema types it. */
export type Session = NonNullable<Awaited<ReturnType<typeof api.session.get>>['data']>;

export function SessionMenu({ session }: { session: Loaded<Session> }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (session.state === 'ready') rememberCsrfToken(session.data.csrfToken);
    if (session.state === 'failed' && session.signedOut) router.replace('/sign-in');
  }, [session, router]);
  if (session.state !== 'ready') return null;
  const signOut = async () => {
    const result = await api.session.delete();
    if (result.error) setError(failureMessage(result.error));
    else router.replace('/sign-in');
  };
  return (
    <span className="flex items-center gap-3 text-sm">
      <span>
        <span className="sr-only">Signed in as </span>
        {session.data.user.email}
      </span>
      <button type="button" onClick={signOut} className="rounded border border-gray-300 px-3 py-1">
        Sign out
      </button>
      {error && <span role="alert">{error}</span>}
    </span>
  );
}
