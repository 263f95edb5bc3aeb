/**
 * The root layout: the document, its styles, and a skip link; the nav is the
 * dashboard group's (app/(dashboard)/layout.tsx). With Clerk's keys the
 * document sits in Clerk's provider, given the publishable key read for this
 * request (app/_lib/clerk.ts), so one build serves Clerk and local accounts.
 */
import { ClerkProvider } from '@clerk/nextjs';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { clerkConfig } from './_lib/clerk.ts';
import './globals.css';

export const metadata: Metadata = { title: 'MCP Hub', description: 'One MCP endpoint for every tool your AI agents need.' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const clerk = await clerkConfig();
  const document = (
    <html lang="en">
      <body className="min-h-screen bg-gray-50 text-gray-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
  return clerk ? (
    <ClerkProvider publishableKey={clerk.publishableKey} signInUrl="/sign-in" telemetry={false}>
      {document}
    </ClerkProvider>
  ) : (
    document
  );
}
