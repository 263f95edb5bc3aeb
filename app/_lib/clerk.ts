/**
 * Whether the dashboard signs in with Clerk, and its keys (lib/env.ts
 * `clerkPagesConfig`, the one place the environment is read). Read at
 * request time, never at build time, so one build serves both modes:
 * `connection()` keeps a page that asks from being prerendered.
 */
import { connection } from 'next/server';
import { clerkPagesConfig, type ClerkPagesConfig } from '../../lib/env.ts';

/** For proxy.ts, which runs per request anyway. */
export const clerkConfigNow = (): ClerkPagesConfig | null => clerkPagesConfig();

/** For server components: the keys, with the page rendered per request so the answer is this process's. */
export async function clerkConfig(): Promise<ClerkPagesConfig | null> {
  await connection();
  return clerkPagesConfig();
}
