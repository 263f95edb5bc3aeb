/**
 * The dashboard's request proxy (Next 16's name for middleware). With Clerk's
 * keys it is Clerk's: `clerkMiddleware` checks the `__session` token
 * networkless with the JWT key and sends a signed-out visitor of a dashboard
 * page to /sign-in. Without them it passes every request through untouched,
 * so local accounts work as before from the same build (app/_lib/clerk.ts
 * reads the keys per request). /api/v1 never reaches Next: the hub in front
 * answers it and checks Clerk's token itself (lib/api/clerk.ts).
 */
import { clerkMiddleware, createRouteMatcher, type ClerkMiddlewareAuth } from '@clerk/nextjs/server';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { clerkConfigNow } from './app/_lib/clerk.ts';

/** The pages a signed-out person may open: signing in, and the local-account links (which then point to Clerk's sign-in). */
const isPublic = createRouteMatcher(['/sign-in(.*)', '/setup(.*)', '/invite(.*)', '/reset(.*)']);

async function protectPages(auth: ClerkMiddlewareAuth, request: NextRequest) {
  if (!isPublic(request)) await auth.protect();
}

export default function proxy(request: NextRequest, event: NextFetchEvent) {
  const keys = clerkConfigNow();
  return keys ? clerkMiddleware(protectPages, { ...keys, signInUrl: '/sign-in' })(request, event) : NextResponse.next();
}

export const config = {
  // Pages only: not Next's own assets or files with an extension (Clerk's suggested matcher, less its API routes: the hub owns /api).
  matcher: ['/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)'],
};
