/**
 * Signing in: Clerk's sign-in when the hub has Clerk's keys (the hub makes
 * the account on the first signed-in request), else the local account form.
 * `?next=<local path>` is where it goes once signed in (a chat's connect
 * link sends a signed-out person here and back).
 */
import { SignIn } from '@clerk/nextjs';
import { clerkConfig } from '../../_lib/clerk.ts';
import { localPath } from '../../_lib/next-path.ts';
import { LocalSignIn } from './local-sign-in.tsx';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const clerk = await clerkConfig();
  const { next: asked } = await searchParams;
  const next = localPath(typeof asked === 'string' ? asked : null);
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Sign in</h1>
      {clerk ? (
        <section aria-label="Sign in with Clerk">
          <SignIn routing="hash" {...(next ? { forceRedirectUrl: next } : { fallbackRedirectUrl: '/integrations' })} />
        </section>
      ) : (
        <LocalSignIn next={next ?? '/'} />
      )}
    </>
  );
}
