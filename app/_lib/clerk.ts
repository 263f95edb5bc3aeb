/**
 * Whether the dashboard signs in with Clerk, and its keys: the one place the
 * pages read the environment (Next's convention for its own server code; the
 * hub validated the same variables in lib/env.ts before starting Next).
 *
 * Read at request time, never at build time, so one build serves both modes:
 * `connection()` keeps a page that asks from being prerendered, and the names
 * are looked up by variable, as Next inlines `process.env.NEXT_PUBLIC_…`
 * written out in full into the build.
 */
import { connection } from 'next/server';

const PUBLISHABLE_KEY_VARS = ['NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY', 'CLERK_PUBLISHABLE_KEY'];

/**
 * Clerk's keys for the pages and proxy.ts; the JWT key lets the middleware
 * check a session token without calling Clerk. The secret key is not here:
 * Clerk reads CLERK_SECRET_KEY itself, and given as an option it would have
 * to be encrypted into the request for the pages (CLERK_ENCRYPTION_KEY).
 */
export interface ClerkConfig {
  publishableKey: string;
  jwtKey?: string;
}

const read = (name: string): string | undefined => process.env[name] || undefined;

/** Clerk's keys when a publishable key is set (with the secret key Clerk's middleware needs: lib/env.ts refuses one without the other), else null: local accounts. */
export function clerkConfigNow(): ClerkConfig | null {
  const publishableKey = PUBLISHABLE_KEY_VARS.map(read).find(Boolean);
  if (!publishableKey || !read('CLERK_SECRET_KEY')) return null;
  // An env file holds the PEM on one line with \n escapes (lib/server/config.ts unescapes it the same way for the hub).
  const jwtKey = read('CLERK_JWT_KEY')?.replaceAll('\\n', '\n');
  return { publishableKey, ...(jwtKey && { jwtKey }) };
}

/** For server components: `clerkConfigNow`, with the page rendered per request so the answer is this process's. */
export async function clerkConfig(): Promise<ClerkConfig | null> {
  await connection();
  return clerkConfigNow();
}
