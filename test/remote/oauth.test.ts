/**
 * A remote MCP server with its own OAuth (issue 15), added from the
 * dashboard's API by a signed-in user against a local authorization server:
 * discovery (protected resource metadata → authorization server metadata),
 * dynamic client registration, PKCE, the callback taken for that user and
 * session only, the tools listed once signed in, calls with the user's
 * token — and, once the server refuses the access token, one refresh shared
 * by the calls refused at once (the refresh token rotates), and the calls
 * answered. No token ever comes out of the API or the logs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAuthorizationServer, type FakeAuthorizationServer } from '../helpers/fake-authorization-server.ts';
import { startFakeRemoteMcp, type FakeRemoteMcp } from '../helpers/fake-remote-mcp.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { remoteUser } from './helpers.ts';

let hub: InProcessHub | undefined;
let fake: FakeRemoteMcp | undefined;
let as: FakeAuthorizationServer | undefined;
afterEach(async () => {
  await hub?.close();
  await fake?.close();
  await as?.close();
  hub = fake = as = undefined;
});

const text = (result: { content?: unknown }) => ((result.content as Array<{ text?: string }> | undefined) ?? []).map((c) => c.text).join('');

function startProtectedServer(authorizationServer: FakeAuthorizationServer): FakeRemoteMcp {
  const metadata = (origin: string) => Response.json({ resource: `${origin}/mcp`, authorization_servers: [authorizationServer.url], bearer_methods_supported: ['header'] });
  return startFakeRemoteMcp({
    identify: (headers) => authorizationServer.ownerOf(/^Bearer (.+)$/.exec(headers.get('authorization') ?? '')?.[1] ?? ''),
    routes: (request, origin) => (new URL(request.url).pathname.startsWith('/.well-known/oauth-protected-resource') ? metadata(origin) : null),
    challenge: (origin) => `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`,
  });
}

describe('remote MCP servers: the server\'s own OAuth', () => {
  it('signs in with discovery, registration and PKCE, calls with the user\'s token, and refreshes it once refused', async () => {
    as = startFakeAuthorizationServer('ada');
    fake = startProtectedServer(as);
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    const started = await ada.browser.api('/remote-servers/oauth', { method: 'POST', body: { slug: 'acme', url: fake.url } });
    expect(started.status).toBe(200);
    const { authorizeUrl, server } = (await started.json()) as { authorizeUrl: string; server: { status: string; credentialKind: string } };
    expect(server).toMatchObject({ credentialKind: 'oauth' });
    expect(new URL(authorizeUrl).origin).toBe(as.url);
    expect(new URL(authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');
    expect(as.registrations).toBe(1);
    const pending = (await (await ada.browser.api('/remote-servers')).json()) as { items: Array<{ status: string; statusReason: string }> };
    expect(pending.items[0]).toMatchObject({ status: 'pending', statusReason: expect.stringMatching(/Waiting for you to sign in at 127\.0\.0\.1/) });

    // The person approves at the authorization server, which sends the browser back to the hub.
    const approved = await fetch(authorizeUrl, { redirect: 'manual' });
    const callback = new URL(approved.headers.get('location')!);
    expect(callback.pathname).toBe('/oauth/remote/callback');
    // Another signed-in browser cannot spend it.
    const eve = await remoteUser(hub, 'eve@example.com');
    const stolen = await hub.request(callback.pathname + callback.search, { headers: { cookie: eve.browser.cookie } });
    expect(stolen.status).toBe(400);
    expect(await stolen.text()).toMatch(/already used, has expired, or was started by someone else/);
    // The flow is single-use: eve's attempt spent it, so ada starts again.
    const again = (await (await ada.browser.api('/remote-servers/acme', { method: 'DELETE' })).json()) as { removed: boolean };
    expect(again.removed).toBe(true);
    const restarted = (await (await ada.browser.api('/remote-servers/oauth', { method: 'POST', body: { slug: 'acme', url: fake.url } })).json()) as { authorizeUrl: string };
    const back = new URL((await fetch(restarted.authorizeUrl, { redirect: 'manual' })).headers.get('location')!);
    const done = await hub.request(back.pathname + back.search, { headers: { cookie: ada.browser.cookie } });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/mcp-servers?connected=acme');
    expect(as.exchanges).toBe(1);

    const listed = (await (await ada.browser.api('/remote-servers')).json()) as { items: Array<{ status: string; tools: unknown[]; credentialKind: string }> };
    expect(listed.items[0]).toMatchObject({ status: 'ok', credentialKind: 'oauth' });
    expect(listed.items[0]!.tools.length).toBeGreaterThan(5);

    const client = await hub.connect(ada.key);
    try {
      expect(text(await client.callTool({ name: 'acme__echo', arguments: { message: 'signed in' } }))).toBe('signed in (for ada)');
      as.expireAccessTokens();
      // Three calls refused at once share one refresh: the refresh token rotates, so a second would fail.
      const afterRefresh = await Promise.all(['r1', 'r2', 'r3'].map((message) => client.callTool({ name: 'acme__echo', arguments: { message } })));
      expect(afterRefresh.map(text)).toEqual(['r1 (for ada)', 'r2 (for ada)', 'r3 (for ada)']);
      expect(as.refreshes).toBe(1);
    } finally {
      await client.close();
    }
    const api = await (await ada.browser.api('/remote-servers')).text();
    expect(api).not.toMatch(/at_[0-9a-f]{32}|rt_[0-9a-f]{32}/);
    expect(JSON.stringify(hub.logs)).not.toMatch(/at_[0-9a-f]{32}|rt_[0-9a-f]{32}/);
  });
});
