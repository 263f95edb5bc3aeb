/**
 * Remote MCP servers as integrations through the whole in-process hub (issue
 * 15): added through the API with each credential kind (checked by listing
 * their tools, refused in words a person can act on), their tools in the
 * user's catalog under the slug with names mapped to the hub's safe form and
 * reversed on call, each user's calls on their own session with their own
 * credential, and one usage event per forwarded call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WIRE_NAME_PATTERN } from '../../lib/mcp/names.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { bearerTokens, LONG_TOOL_NAME, startFakeRemoteMcp, type FakeRemoteMcp } from '../helpers/fake-remote-mcp.ts';
import { addServer, eventually, remoteUser } from './helpers.ts';

let hub: InProcessHub | undefined;
let fake: FakeRemoteMcp | undefined;
afterEach(async () => {
  await hub?.close();
  await fake?.close();
  hub = fake = undefined;
});

const text = (result: { content?: unknown }) => ((result.content as Array<{ text?: string }> | undefined) ?? []).map((c) => c.text).join('');

describe('remote MCP servers: credentials', () => {
  it('adds a server with no credential, lists its tools in the catalog and forwards a call', async () => {
    fake = startFakeRemoteMcp();
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    const added = await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ slug: 'acme', credentialKind: 'none', status: 'ok', forEveryone: false, manageable: true });
    expect(added.body.protocol).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const client = await hub.connect(ada.key);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('acme__echo');
      const echo = tools.find((tool) => tool.name === 'acme__echo')!;
      expect(echo).toMatchObject({ description: 'Returns its message and who called.', annotations: { readOnlyHint: true } });
      const result = await client.callTool({ name: 'acme__echo', arguments: { message: 'hello' } });
      expect(text(result)).toBe('hello (for anonymous)');
    } finally {
      await client.close();
    }
  });

  it('sends a bearer token, refuses a wrong one at add with a fix, and uses a replaced one from then on', async () => {
    fake = startFakeRemoteMcp({ identify: bearerTokens({ 'tok-ada-1': 'ada', 'tok-ada-2': 'ada-rotated' }) });
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    const wrong = await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'bearer', token: 'nope' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toMatch(/refused the credential.*Check the token/);
    expect(await hub.hub.store.listRemoteServers(ada.userId)).toEqual([]);
    const missing = await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'bearer' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/Give the bearer token/);

    expect((await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'bearer', token: 'tok-ada-1' })).status).toBe(200);
    const client = await hub.connect(ada.key);
    try {
      expect(text(await client.callTool({ name: 'acme__echo', arguments: { message: 'one' } }))).toBe('one (for ada)');
      const updated = await ada.browser.api('/remote-servers/acme/credential', { method: 'PUT', body: { credentialKind: 'bearer', token: 'tok-ada-2' } });
      expect(updated.status).toBe(200);
      // The principal is rebuilt from the change feed; the next call uses the new token on a new session.
      await eventually(async () => (text(await client.callTool({ name: 'acme__echo', arguments: { message: 'two' } })) === 'two (for ada-rotated)' ? true : undefined), 'the new token in use');
    } finally {
      await client.close();
    }
    // Neither token ever comes back out of the API.
    const listed = await (await ada.browser.api('/remote-servers')).text();
    expect(listed).not.toMatch(/tok-ada/);
    expect(JSON.stringify(hub.logs)).not.toMatch(/tok-ada/);
  });

  it('sends custom headers, and refuses a header the hub sets itself', async () => {
    fake = startFakeRemoteMcp({ identify: (headers) => (headers.get('x-api-key') === 'k-123' && headers.get('x-team') === 'blue' ? 'blue-team' : null) });
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    const reserved = await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'headers', headers: { 'Mcp-Session-Id': 'x' } });
    expect(reserved.status).toBe(422);
    expect(reserved.body.error.message).toMatch(/sets Mcp-Session-Id itself/);
    expect((await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'headers', headers: { 'X-Api-Key': 'k-123', 'X-Team': 'blue' } })).status).toBe(200);
    const client = await hub.connect(ada.key);
    try {
      expect(text(await client.callTool({ name: 'acme__echo', arguments: { message: 'hi' } }))).toBe('hi (for blue-team)');
    } finally {
      await client.close();
    }
  });

  it('refuses a slug of a built-in integration, a reserved one, one taken, and a URL with credentials in it', async () => {
    fake = startFakeRemoteMcp();
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    expect((await addServer(ada, { slug: 'github', url: fake.url, credentialKind: 'none' })).body.error.message).toMatch(/built-in integration/);
    expect((await addServer(ada, { slug: 'mcphub', url: fake.url, credentialKind: 'none' })).body.error.message).toMatch(/kept for the hub/);
    expect((await addServer(ada, { slug: 'Acme Corp', url: fake.url, credentialKind: 'none' })).status).toBe(422);
    expect((await addServer(ada, { slug: 'acme', url: fake.url.replace('http://', 'http://user:pw@'), credentialKind: 'none' })).body.error.message).toMatch(/no user name or password in the URL/);
    expect((await addServer(ada, { slug: 'acme', url: 'ftp://example.com/mcp', credentialKind: 'none' })).body.error.message).toMatch(/http or https/);
    expect((await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' })).status).toBe(200);
    const again = await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already have an MCP server with the slug acme; pick another/);
  });
});

describe('remote MCP servers: names', () => {
  it('maps names with dots, slashes, hyphens, spaces or too long to the safe form, shows the mapping, and reverses it on call', async () => {
    fake = startFakeRemoteMcp();
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    const added = await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' });
    const byName = new Map<string, { wireName: string; mapped: boolean }>((added.body.tools as Array<{ name: string; wireName: string; mapped: boolean }>).map((tool) => [tool.name, tool]));
    expect(byName.get('echo')).toMatchObject({ wireName: 'acme__echo', mapped: false });
    for (const name of ['search.docs', 'files/read', 'get-page', 'Create Item', LONG_TOOL_NAME]) {
      const tool = byName.get(name)!;
      expect(tool.mapped).toBe(true);
      expect(tool.wireName).toMatch(WIRE_NAME_PATTERN);
      expect(tool.wireName.slice('acme__'.length)).not.toContain('__');
    }
    expect(byName.get('search.docs')!.wireName).toMatch(/^acme__search_docs_[0-9a-f]{6}$/);
    expect(byName.get('Create Item')!.wireName).toMatch(/^acme__create_item_[0-9a-f]{6}$/);
    const client = await hub.connect(ada.key);
    try {
      const listed = (await client.listTools()).tools;
      const search = listed.find((tool) => tool.name === byName.get('search.docs')!.wireName)!;
      // Schemas pass through, `$schema` and all.
      expect(search.inputSchema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', properties: { q: { type: 'string' } } });
      for (const name of ['search.docs', 'files/read', LONG_TOOL_NAME]) await client.callTool({ name: byName.get(name)!.wireName, arguments: {} });
      expect(fake.calls.map((call) => call.tool)).toEqual(['search.docs', 'files/read', LONG_TOOL_NAME]);
    } finally {
      await client.close();
    }
  });
});

describe('remote MCP servers: per-user sessions and metering', () => {
  it('never uses one user\'s token or session for another, on the same server under the same slug', async () => {
    fake = startFakeRemoteMcp({ identify: bearerTokens({ 'tok-ada': 'ada', 'tok-bob': 'bob' }), mode: 'sessions' });
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    const bob = await remoteUser(hub, 'bob@example.com');
    expect((await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'bearer', token: 'tok-ada' })).status).toBe(200);
    expect((await addServer(bob, { slug: 'acme', url: fake.url, credentialKind: 'bearer', token: 'tok-bob' })).status).toBe(200);
    const [adaClient, bobClient] = await Promise.all([hub.connect(ada.key), hub.connect(bob.key)]);
    try {
      const order = ['ada', 'bob', 'ada', 'bob', 'bob', 'ada'];
      const answers = await Promise.all(order.map((who, i) => (who === 'ada' ? adaClient : bobClient).callTool({ name: 'acme__echo', arguments: { message: `${who}-${i}` } })));
      expect(answers.map(text)).toEqual(order.map((who, i) => `${who}-${i} (for ${who})`));
      const echoes = fake.calls.filter((call) => call.tool === 'echo');
      for (const call of echoes) expect(call.caller).toBe(String(call.arguments.message).split('-')[0]);
      // One upstream session per user, never shared.
      const sessionsOf = (who: string) => new Set(echoes.filter((call) => call.caller === who).map((call) => call.sessionId));
      expect(sessionsOf('ada').size).toBe(1);
      expect(sessionsOf('bob').size).toBe(1);
      expect([...sessionsOf('ada')][0]).not.toBe([...sessionsOf('bob')][0]);
    } finally {
      await adaClient.close();
      await bobClient.close();
    }
  });

  it('records exactly one usage event per forwarded call, with the slug as the integration and the outcome', async () => {
    fake = startFakeRemoteMcp();
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' });
    const client = await hub.connect(ada.key);
    try {
      await client.callTool({ name: 'acme__echo', arguments: { message: 'a' } });
      await client.callTool({ name: 'acme__echo', arguments: { message: 'b' } });
      const failed = await client.callTool({ name: 'acme__fail', arguments: {} });
      expect(failed.isError).toBe(true);
    } finally {
      await client.close();
    }
    const events = await eventually(async () => {
      const usage = await hub!.hub.store.listUsage({ userId: ada.userId });
      return usage.length >= 3 ? usage : undefined;
    }, 'three usage events');
    expect(events.map((e) => [e.integration, e.tool, e.outcome, e.billable]).reverse()).toEqual([
      ['acme', 'echo', 'ok', true],
      ['acme', 'echo', 'ok', true],
      ['acme', 'fail', 'upstream_error', false],
    ]);
    expect(fake.calls).toHaveLength(3);
  });
});

describe('remote MCP servers: for everyone, and a credential refused later', () => {
  it('lets an admin add a server for everyone: a member gets its tools but may not change it, nor add one for everyone', async () => {
    fake = startFakeRemoteMcp({ identify: bearerTokens({ 'tok-company': 'company' }) });
    hub = await startInProcessHub({ logLevel: 'warn' });
    const admin = await remoteUser(hub, 'admin@example.com');
    const member = await remoteUser(hub, 'member@example.com');
    expect((await addServer(member, { slug: 'acme', url: fake.url, credentialKind: 'none', forEveryone: true })).status).toBe(403);
    expect((await addServer(admin, { slug: 'company', url: fake.url, credentialKind: 'bearer', token: 'tok-company', forEveryone: true })).status).toBe(200);
    const listed = (await (await member.browser.api('/remote-servers')).json()) as { items: Array<{ slug: string; forEveryone: boolean; manageable: boolean }> };
    expect(listed.items).toEqual([expect.objectContaining({ slug: 'company', forEveryone: true, manageable: false })]);
    expect((await member.browser.api('/remote-servers/company', { method: 'DELETE' })).status).toBe(403);
    expect((await addServer(member, { slug: 'company', url: fake.url, credentialKind: 'none' })).status).toBe(409);
    const client = await hub.connect(member.key);
    try {
      expect(text(await client.callTool({ name: 'company__echo', arguments: { message: 'm' } }))).toBe('m (for company)');
    } finally {
      await client.close();
    }
    expect((await admin.browser.api('/remote-servers/company', { method: 'DELETE' })).status).toBe(200);
    expect((await member.browser.api('/remote-servers').then((r) => r.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('answers a call whose credential the server stopped accepting with the fix, and marks the server for the dashboard', async () => {
    const tokens: Record<string, string> = { 'tok-ada': 'ada' };
    fake = startFakeRemoteMcp({ identify: bearerTokens(tokens) });
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    expect((await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'bearer', token: 'tok-ada' })).status).toBe(200);
    delete tokens['tok-ada'];
    const client = await hub.connect(ada.key);
    try {
      const refused = await client.callTool({ name: 'acme__echo', arguments: { message: 'x' } });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toMatch(/The acme MCP server refused the stored credential\. Give the acme MCP server a new credential/);
    } finally {
      await client.close();
    }
    const server = await eventually(async () => {
      const [found] = await hub!.hub.store.listRemoteServers(ada.userId);
      return found?.status === 'error' ? found : undefined;
    }, 'the server marked');
    expect(server.statusReason).toMatch(/refused the stored credential/);
    expect(server.tools.length).toBeGreaterThan(0);
    const usage = await eventually(async () => (await hub!.hub.store.listUsage({ userId: ada.userId }))[0], 'the usage event');
    expect(usage).toMatchObject({ integration: 'acme', outcome: 'not_enabled', billable: false });
  });
});
