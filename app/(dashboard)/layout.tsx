/** The signed-in pages: the nav above each page's content. */
import type { ReactNode } from 'react';
import { Nav } from '../_components/nav.tsx';
import { clerkConfig } from '../_lib/clerk.ts';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header>
        <Nav clerk={(await clerkConfig()) !== null} />
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
