/**
 * Account: who you are, the browsers signed in as you (end them all), and
 * deleting the account with everything in it. With Clerk the signed-in
 * browsers are Clerk's sessions, which the hub neither keeps nor lists.
 */
import { clerkConfig } from '../../_lib/clerk.ts';
import { DeleteAccount, Profile, Sessions } from './sections.tsx';

export default async function AccountPage() {
  const clerk = await clerkConfig();
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Account</h1>
      <Profile />
      {clerk ? (
        <section aria-labelledby="sessions" className="mb-8">
          <h2 id="sessions" className="mb-3 text-lg font-semibold">Signed-in browsers</h2>
          <p className="text-gray-700">You sign in with Clerk, which keeps your sessions: sign out with the button at the top, and see your other browsers in your Clerk account.</p>
        </section>
      ) : (
        <Sessions />
      )}
      <DeleteAccount />
    </>
  );
}
