/**
 * Signing in: Clerk's sign-in when the hub has Clerk's keys (the hub makes
 * the account on the first signed-in request), else the local account form.
 */
import { SignIn } from '@clerk/nextjs';
import { clerkConfig } from '../../_lib/clerk.ts';
import { LocalSignIn } from './local-sign-in.tsx';

export default async function SignInPage() {
  const clerk = await clerkConfig();
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Sign in</h1>
      {clerk ? (
        <section aria-label="Sign in with Clerk">
          <SignIn routing="hash" fallbackRedirectUrl="/integrations" />
        </section>
      ) : (
        <LocalSignIn />
      )}
    </>
  );
}
