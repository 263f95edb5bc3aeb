/**
 * Who is signed in, and signing out. The session (read once by the nav) also
 * gives this tab the CSRF token its changes must carry (for a Clerk session
 * too: the hub derives it from Clerk's session id); a browser that is not
 * signed in goes to the sign-in page. Signing out ends the hub's session, or
 * with Clerk, Clerk's (the hub keeps nothing of a Clerk session).
 */
'use client';
import { useClerk } from '@clerk/nextjs';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api, failureMessage, rememberCsrfToken } from '../_lib/api.ts';
import type { Loaded } from '../_lib/use-load.ts';

/** The button that ends a hub session through the API. */
function LocalSignOut({ onError }: { onError: (message: string) => void }) {
  const router = useRouter();
  const signOut = async () => {
    const result = await api.session.delete();
    if (result.error) onError(failureMessage(result.error));
    else router.replace('/sign-in');
  };
  return <SignOutButton onClick={signOut} />;
}

/** The button that ends a Clerk session, in the browser where Clerk keeps it. */
function ClerkSignOut() {
  const { signOut } = useClerk();
  return <SignOutButton onClick={() => void signOut({ redirectUrl: '/sign-in' })} />;
}

function SignOutButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" onClick={onClick} className="rounded border border-gray-300 px-3 py-1">
      Sign out
    </button>
  );
}

/** GET /api/v1/session's answer, as the API's schema types it. */
export type Session = NonNullable<Awaited<ReturnType<typeof api.session.get>>['data']>;

/** `clerk`: whether this hub signs in with Clerk (the dashboard layout knows, from app/_lib/clerk.ts). */
export function SessionMenu({ session, clerk }: { session: Loaded<Session>; clerk: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (session.state === 'ready') rememberCsrfToken(session.data.csrfToken);
    if (session.state === 'failed' && session.signedOut) router.replace('/sign-in');
  }, [session, router]);
  if (session.state !== 'ready') return null;
  return (
    <span className="flex items-center gap-3 text-sm">
      <span>
        <span className="sr-only">Signed in as </span>
        {session.data.user.email}
      </span>
      {clerk ? <ClerkSignOut /> : <LocalSignOut onError={setError} />}
      {error && <span role="alert">{error}</span>}
    </span>
  );
}
