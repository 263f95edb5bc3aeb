/**
 * The local-account links (setup, an invite, a reset): with Clerk's keys the
 * hub makes none of these accounts — Clerk's sign-in does — so each says so
 * and points to it instead of a form the hub would refuse.
 */
import Link from 'next/link';
import type { ReactNode } from 'react';
import { clerkConfig } from '../../_lib/clerk.ts';

export default async function LocalAccountsLayout({ children }: { children: ReactNode }) {
  if (!(await clerkConfig())) return children;
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Sign-in is Clerk&apos;s</h1>
      <p className="text-gray-600">
        This hub signs people in with Clerk, so it has no setup, invite or password links. Your first sign-in makes your account.{' '}
        <Link href="/sign-in" className="underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
