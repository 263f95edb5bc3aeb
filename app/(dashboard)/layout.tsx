/** The signed-in pages: the nav, and the plan's usage banner once it is due, above each page's content. */
import type { ReactNode } from 'react';
import { Nav } from '../_components/nav.tsx';
import { QuotaBanner } from '../_components/quota-banner.tsx';
import { clerkConfig } from '../_lib/clerk.ts';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header>
        <Nav clerk={(await clerkConfig()) !== null} />
        <QuotaBanner />
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
