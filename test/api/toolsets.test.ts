/**
 * /api/v1/toolsets and PUT /keys/:id/toolset, in-process: a session (and its
 * CSRF token) is needed; each user sees and changes only their own toolsets
 * and keys; rules are checked against the hub's tools with messages that name
 * what is wrong; a key created or bound through the API lists exactly its
 * toolset over /mcp; a toolset in use cannot be deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { apiRequest, createSignedIn, type Browser } from './helpers.ts';

let hub: InProcessHub;
let ada: Browser;
let bob: Browser;

beforeAll(async () => {
  hub = await startInProcessHub();
  ada = await createSignedIn(hub, 'ada@example.com');
  bob = await createSignedIn(hub, 'bob@example.com');
  await hub.enable(ada.userId, 'github', 'ghp_unused_for_listing_only_000000000000');
  await hub.enable(ada.userId, 'slack', 'xoxb-unused-for-listing');
});
afterAll(() => hub.close());

const json = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
type ErrorJson = { error: { code: string; message: string } };
type ToolsetJson = { id: string; name: string; rules: unknown[]; mode: string; excludeDestructive: boolean };

describe('/api/v1/toolsets', () => {
  it('needs a session, and its CSRF token to change anything', async () => {
    expect((await apiRequest(hub, '/toolsets')).status).toBe(401);
    expect((await apiRequest(hub, '/toolsets/tools')).status).toBe(401);
    const noCsrf = await ada.api('/toolsets', { method: 'POST', body: { name: 'x', rules: [{ kind: 'read_only' }] }, csrf: false });
    expect(noCsrf.status).toBe(403);
    expect((await json<{ items: unknown[] }>(await ada.api('/toolsets'))).items).toEqual([]);
  });

  it("lists the picker's tools by integration with their annotations and whether each is enabled", async () => {
    const { integrations } = await json<{ integrations: Array<{ slug: string; enabled: boolean; tools: Array<{ name: string; annotations?: { readOnlyHint?: boolean } }> }> }>(await ada.api('/toolsets/tools'));
    expect(integrations.map((i) => [i.slug, i.enabled])).toEqual([['github', true], ['linear', false], ['notion', false], ['slack', true], ['postgres', false]]);
    const github = integrations.find((i) => i.slug === 'github')!;
    expect(github.tools.find((t) => t.name === 'github__get_issue')?.annotations?.readOnlyHint).toBe(true);
    expect(github.tools.find((t) => t.name === 'github__create_issue')?.annotations?.readOnlyHint).toBe(false);
  });

  it('creates, reads, changes and deletes a toolset; a tool alias is stored by its wire name', async () => {
    const created = await ada.api('/toolsets', { method: 'POST', body: { name: 'Triage', rules: [{ kind: 'integration', slug: 'slack' }, { kind: 'tool', name: 'github/get_issue' }], mode: 'progressive' } });
    expect(created.status).toBe(200);
    const toolset = await json<ToolsetJson>(created);
    expect(toolset).toMatchObject({ name: 'Triage', mode: 'progressive', excludeDestructive: false, rules: [{ kind: 'integration', slug: 'slack' }, { kind: 'tool', name: 'github__get_issue' }] });
    expect(toolset).not.toHaveProperty('userId');
    expect(await json(await ada.api(`/toolsets/${toolset.id}`))).toEqual(toolset);
    const changed = await json<ToolsetJson>(await ada.api(`/toolsets/${toolset.id}`, { method: 'PATCH', body: { excludeDestructive: true, mode: 'flat' } }));
    expect(changed).toMatchObject({ id: toolset.id, name: 'Triage', excludeDestructive: true, mode: 'flat' });
    expect((await json<{ items: ToolsetJson[] }>(await ada.api('/toolsets'))).items.map((t) => t.name)).toEqual(['Triage']);
    expect(await json(await ada.api(`/toolsets/${toolset.id}`, { method: 'DELETE' }))).toEqual({ deleted: true });
    expect((await ada.api(`/toolsets/${toolset.id}`)).status).toBe(404);
  });

  it('refuses unknown tools and integrations, no rules, a taken name and a bad mode, naming the problem and the fix', async () => {
    const unknown = await ada.api('/toolsets', { method: 'POST', body: { name: 'Bad', rules: [{ kind: 'tool', name: 'github__delete_everything' }, { kind: 'integration', slug: 'jira' }] } });
    expect(unknown.status).toBe(422);
    const message = (await json<ErrorJson>(unknown)).error.message;
    expect(message).toContain('"github__delete_everything"');
    expect(message).toContain('"jira"');
    expect(message).toContain('github__create_issue');
    const empty = await ada.api('/toolsets', { method: 'POST', body: { name: 'Empty', rules: [] } });
    expect((await json<ErrorJson>(empty)).error.message).toContain('at least one rule');
    await ada.api('/toolsets', { method: 'POST', body: { name: 'Taken', rules: [{ kind: 'read_only' }] } });
    const taken = await ada.api('/toolsets', { method: 'POST', body: { name: 'taken', rules: [{ kind: 'read_only' }] } });
    expect(taken.status).toBe(409);
    expect((await json<ErrorJson>(taken)).error.message).toContain('already have a toolset named');
    const badMode = await ada.api('/toolsets', { method: 'POST', body: { name: 'Mode', rules: [{ kind: 'read_only' }], mode: 'sideways' } });
    expect(badMode.status).toBe(400);
    const tooMany = await ada.api('/toolsets', { method: 'POST', body: { name: 'Many', rules: Array.from({ length: 201 }, () => ({ kind: 'read_only' })) } });
    expect(tooMany.status).toBe(400);
    const longName = await ada.api('/toolsets', { method: 'POST', body: { name: 'x'.repeat(61), rules: [{ kind: 'read_only' }] } });
    expect(longName.status).toBe(400);
  });

  it("keeps each user to their own toolsets and keys: another user's are not found", async () => {
    const adas = await json<ToolsetJson>(await ada.api('/toolsets', { method: 'POST', body: { name: 'Private', rules: [{ kind: 'read_only' }] } }));
    expect((await bob.api(`/toolsets/${adas.id}`)).status).toBe(404);
    expect((await bob.api(`/toolsets/${adas.id}`, { method: 'PATCH', body: { name: 'Mine' } })).status).toBe(404);
    expect((await bob.api(`/toolsets/${adas.id}`, { method: 'DELETE' })).status).toBe(404);
    const bobKey = await json<{ record: { id: string } }>(await bob.api('/keys', { method: 'POST', body: { name: 'bob' } }));
    expect((await bob.api(`/keys/${bobKey.record.id}/toolset`, { method: 'PUT', body: { toolsetId: adas.id, mode: null } })).status).toBe(404);
    expect((await bob.api('/keys', { method: 'POST', body: { name: 'sneaky', toolsetId: adas.id } })).status).toBe(404);
    const adaKey = await json<{ record: { id: string } }>(await ada.api('/keys', { method: 'POST', body: { name: 'ada' } }));
    expect((await bob.api(`/keys/${adaKey.record.id}/toolset`, { method: 'PUT', body: { toolsetId: null, mode: 'progressive' } })).status).toBe(404);
  });

  it('creates a key bound to a toolset and rebinds it; /mcp lists exactly the set; a toolset in use cannot be deleted', async () => {
    const toolset = await json<ToolsetJson>(await ada.api('/toolsets', { method: 'POST', body: { name: 'Just me', rules: [{ kind: 'tool', name: 'github__get_me' }] } }));
    const created = await json<{ record: { id: string; toolsetId: string | null; mode: string | null }; key: string }>(await ada.api('/keys', { method: 'POST', body: { name: 'bound', toolsetId: toolset.id } }));
    expect(created.record).toMatchObject({ toolsetId: toolset.id, mode: null });
    const client = await hub.connect(created.key);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['github__get_me']);
      const inUse = await ada.api(`/toolsets/${toolset.id}`, { method: 'DELETE' });
      expect(inUse.status).toBe(409);
      const message = (await json<ErrorJson>(inUse)).error.message;
      expect(message).toContain(created.record.id);
      expect(message).toContain('toolsets bind-key');
      const rebound = await json<{ toolsetId: string | null; mode: string | null }>(await ada.api(`/keys/${created.record.id}/toolset`, { method: 'PUT', body: { toolsetId: null, mode: 'progressive' } }));
      expect(rebound).toMatchObject({ toolsetId: null, mode: 'progressive' });
      await expect.poll(async () => (await client.listTools()).tools.map((t) => t.name), { timeout: 2_000 }).toEqual(['hub__search_tools', 'hub__describe_tool', 'hub__call_read_tool', 'hub__call_write_tool']);
      expect(await json(await ada.api(`/toolsets/${toolset.id}`, { method: 'DELETE' }))).toEqual({ deleted: true });
      const listed = await json<{ items: Array<{ id: string; toolsetId: string | null; mode: string | null }> }>(await ada.api('/keys'));
      expect(listed.items.find((k) => k.id === created.record.id)).toMatchObject({ toolsetId: null, mode: 'progressive' });
    } finally {
      await client.close();
    }
  });
});
