/**
 * The dashboard's request proxy (Next 16's name for middleware). With Clerk's
 * keys it is Clerk's: `clerkMiddleware` checks the `__session` token
 * networkless with the JWT key and sends a signed-out visitor of a dashboard
 * page to /sign-in. Without them it passes every request through untouched,
 * so local accounts work as before from the same build (app/_lib/clerk.ts
 * reads the keys per request). The hub's own paths pass through untouched:
 * on `npm start` they never reach Next, and on Vercel their route handlers
 * check their callers themselves.
 */
import { clerkMiddleware, createRouteMatcher, type ClerkMiddlewareAuth } from '@clerk/nextjs/server';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { clerkConfigNow } from './app/_lib/clerk.ts';
import { isHubPath } from './lib/server/dashboard/paths.ts';

/** The pages a signed-out person may open: signing in, and the local-account links (which then point to Clerk's sign-in). */
const isPublic = createRouteMatcher(['/sign-in(.*)', '/setup(.*)', '/invite(.*)', '/reset(.*)']);

async function protectPages(auth: ClerkMiddlewareAuth, request: NextRequest) {
  if (!isPublic(request)) await auth.protect();
}

export default function proxy(request: NextRequest, event: NextFetchEvent) {
  // On Vercel the hub's own routes (app/mcp, app/api/v1, app/fn) come through here too: they check their own callers
  // (API keys, signatures, Clerk's token in lib/api/clerk.ts), and a page redirect would break every MCP client.
  if (isHubPath(request.nextUrl.pathname)) return NextResponse.next();
  const keys = clerkConfigNow();
  return keys ? clerkMiddleware(protectPages, { ...keys, signInUrl: '/sign-in' })(request, event) : NextResponse.next();
}

export const config = {
  // Pages only: not Next's own assets or files with an extension (Clerk's suggested matcher, less its API routes: the hub owns /api).
  matcher: ['/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)'],
};
