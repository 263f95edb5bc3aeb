/**
 * The dashboard's proxy.ts with Clerk on: the hub's own paths (on Vercel,
 * route handlers behind the same proxy) pass through untouched — an MCP
 * client with an API key must never get Clerk's sign-in redirect. (That a
 * signed-out visitor of a page is sent to sign in is test/browser/clerk.test.ts's.)
 */
import { NextRequest, type NextFetchEvent } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import proxy from '../../proxy.ts';
import { CLERK_JWT_KEY, CLERK_PUBLISHABLE_KEY } from '../helpers/clerk-token.ts';

const CLERK_ENV = { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY: 'sk_test_offline', CLERK_JWT_KEY, CLERK_TELEMETRY_DISABLED: '1' };
const saved = { ...process.env };
const event = { waitUntil: () => {} } as unknown as NextFetchEvent;
const run = async (path: string, headers: Record<string, string> = {}) => (await proxy(new NextRequest(`http://localhost:3000${path}`, { headers }), event)) as Response;

beforeAll(() => void Object.assign(process.env, CLERK_ENV));
afterAll(() => {
  for (const name of Object.keys(CLERK_ENV)) if (!(name in saved)) delete process.env[name];
});

describe('proxy.ts with Clerk', () => {
  it.each(['/mcp', '/api/v1/integrations', '/fn/github', '/oauth/github/callback', '/client/mcphub.mcpb', '/healthz'])('passes %s through to the hub untouched', async (path) => {
    const response = await run(path, { authorization: 'Bearer mcp_sk_notAClerkToken' });
    expect(response.headers.get('x-middleware-next')).toBe('1');
    expect(response.headers.get('location')).toBeNull();
  });

});
