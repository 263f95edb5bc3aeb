/** The pages before signing in (setup, sign-in, an invite, a reset): one narrow card, no nav. */
import type { ReactNode } from 'react';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="mx-auto mt-16 max-w-md rounded border border-gray-200 bg-white p-8 shadow-sm">
      <p className="mb-6 font-semibold">MCP Hub</p>
      {children}
    </main>
  );
}
