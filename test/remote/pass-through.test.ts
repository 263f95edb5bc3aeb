/**
 * Pass-through toolsets (issue 15, conformance through the hub): a key bound
 * to one lists that remote server as it is — tools, prompts and resources
 * under their own names and URIs — and calls by those names on the user's
 * session, a name the server did not list forwarded to it, each call one
 * usage event; any toolset that is not exactly one of the user's remote
 * servers, flat and whole, is refused with what to change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TOOLS, bearerTokens, startFakeRemoteMcp, type FakeRemoteMcp } from '../helpers/fake-remote-mcp.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { addServer, eventually, remoteUser, type RemoteUser } from './helpers.ts';

let hub: InProcessHub | undefined;
let fake: FakeRemoteMcp | undefined;
afterEach(async () => {
  await hub?.close();
  await fake?.close();
  hub = fake = undefined;
});

const text = (result: { content?: unknown }) => ((result.content as Array<{ text?: string }>) ?? []).map((c) => c.text ?? '').join('');

async function createToolset(user: RemoteUser, body: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const response = await user.browser.api('/toolsets', { method: 'POST', body });
  return { status: response.status, body: await response.json() };
}

describe('pass-through toolsets', () => {
  it.each(['modern', 'legacy'] as const)('list the server under its own names and call by them, unlisted names forwarded, each call metered (%s client)', async (mode) => {
    fake = startFakeRemoteMcp({ identify: bearerTokens({ 'tok-ada': 'ada' }) });
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    expect((await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'bearer', token: 'tok-ada' })).status).toBe(200);
    const created = await createToolset(ada, { name: 'Acme as it is', rules: [{ kind: 'integration', slug: 'acme' }], passThrough: true });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ passThrough: true, mode: 'flat' });
    expect((await ada.browser.api(`/keys/${ada.keyId}/toolset`, { method: 'PUT', body: { toolsetId: created.body.id, mode: null } })).status).toBe(200);

    const client = await hub.connect(ada.key, mode);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(DEFAULT_TOOLS.map((tool) => tool.name));
      expect(tools.find((tool) => tool.name === 'search.docs')?.annotations).toMatchObject({ readOnlyHint: true });
      expect(text(await client.callTool({ name: 'echo', arguments: { message: 'hi' } }))).toBe('hi (for ada)');
      expect(text(await client.callTool({ name: 'files/read', arguments: { path: '/a' } }))).toBe('called files/read');
      // Not listed by the server: it goes to the server, which answers it as it would its own client.
      expect(text(await client.callTool({ name: 'unlisted-tool', arguments: {} }))).toBe('called unlisted-tool');
      // The hub's prefixed names are not this view's.
      expect(text(await client.callTool({ name: 'acme__echo', arguments: { message: 'x' } }))).toBe('called acme__echo');
      expect(fake.calls.map((call) => [call.caller, call.tool])).toEqual([['ada', 'echo'], ['ada', 'files/read'], ['ada', 'unlisted-tool'], ['ada', 'acme__echo']]);
      const usage = await eventually(async () => {
        const events = await hub!.hub.store.listUsage({ userId: ada.userId });
        return events.length >= 4 ? events : undefined;
      }, 'four usage events');
      expect(usage.map((event) => [event.integration, event.tool, event.outcome]).sort()).toEqual(
        [['acme', 'echo', 'ok'], ['acme', 'files/read', 'ok'], ['acme', 'unlisted-tool', 'ok'], ['acme', 'acme__echo', 'ok']].sort(),
      );

      const { prompts } = await client.listPrompts();
      expect(prompts.map((prompt) => prompt.name)).toEqual(['greet', 'weekly.report']);
      expect(JSON.stringify((await client.getPrompt({ name: 'weekly.report' })).messages)).toContain('weekly.report: hello nobody');
      expect((await client.listResources()).resources).toEqual([expect.objectContaining({ uri: 'memo://welcome' })]);
      expect((await client.listResourceTemplates()).resourceTemplates).toEqual([expect.objectContaining({ uriTemplate: 'memo://{name}' })]);
      expect((await client.readResource({ uri: 'memo://notes' })).contents).toEqual([expect.objectContaining({ uri: 'memo://notes', text: 'contents of memo://notes (for ada)' })]);
      expect(client.getServerCapabilities()?.logging).toEqual({});
      expect(client.getInstructions()).toContain('passes the acme MCP server through');
      // logging/setLevel exists on 2025-era revisions only (2026-07-28 removed it).
      if (mode === 'legacy') await client.setLoggingLevel('debug');
    } finally {
      await client.close();
    }
  });

  it('refuses a pass-through toolset that is not exactly one of the user’s remote servers, flat and whole, saying what to change', async () => {
    fake = startFakeRemoteMcp();
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    expect((await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'none' })).status).toBe(200);
    const acme = { kind: 'integration', slug: 'acme' };

    const builtIn = await createToolset(ada, { name: 'A', rules: [{ kind: 'integration', slug: 'github' }], passThrough: true });
    expect(builtIn.status).toBe(422);
    expect(builtIn.body.error.message).toMatch(/"github" is not one of yours \(yours: acme\)/);
    const two = await createToolset(ada, { name: 'B', rules: [acme, { kind: 'read_only' }], passThrough: true });
    expect(two.body.error.message).toMatch(/exactly one rule/);
    expect((await createToolset(ada, { name: 'C', rules: [acme], passThrough: true, excludeDestructive: true })).body.error.message).toMatch(/drop "no destructive tools"/);
    expect((await createToolset(ada, { name: 'D', rules: [acme], passThrough: true, mode: 'progressive' })).body.error.message).toMatch(/is flat/);

    const made = await createToolset(ada, { name: 'E', rules: [acme], passThrough: true });
    expect(made.status).toBe(200);
    const toProgressive = await ada.browser.api(`/toolsets/${made.body.id}`, { method: 'PATCH', body: { mode: 'progressive' } });
    expect(((await toProgressive.json()) as any).error.message).toMatch(/is flat/);
    const off = await ada.browser.api(`/toolsets/${made.body.id}`, { method: 'PATCH', body: { passThrough: false, mode: 'progressive' } });
    expect(await off.json()).toMatchObject({ passThrough: false, mode: 'progressive' });
  });
});
