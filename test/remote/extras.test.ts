/**
 * A remote server's prompts and resources through the hub (issue 15): its
 * prompts listed as `<slug>__<name>` (names mapped as tools are) and got
 * under the upstream's own name, its resources and templates listed with
 * URIs prefixed by `mcphub+remote://<slug>/` and read with the server's own
 * URI, on the calling user's session; an unknown prompt or resource is an
 * invalid parameter, and a user without remote servers is offered neither.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bearerTokens, startFakeRemoteMcp, type FakeRemoteMcp } from '../helpers/fake-remote-mcp.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { addServer, remoteUser } from './helpers.ts';

let hub: InProcessHub | undefined;
let fake: FakeRemoteMcp | undefined;
afterEach(async () => {
  await hub?.close();
  await fake?.close();
  hub = fake = undefined;
});

describe('remote MCP servers: prompts and resources', () => {
  it.each(['modern', 'legacy'] as const)('lists and gets prompts under prefixed names, lists and reads resources under prefixed URIs, for the calling user (%s client)', async (mode) => {
    fake = startFakeRemoteMcp({ identify: bearerTokens({ 'tok-ada': 'ada' }) });
    hub = await startInProcessHub({ logLevel: 'warn' });
    const ada = await remoteUser(hub, 'ada@example.com');
    const bob = await remoteUser(hub, 'bob@example.com');
    expect((await addServer(ada, { slug: 'acme', url: fake.url, credentialKind: 'bearer', token: 'tok-ada' })).status).toBe(200);
    const client = await hub.connect(ada.key, mode);
    const bobs = await hub.connect(bob.key, mode);
    try {
      const { prompts } = await client.listPrompts();
      expect(prompts.map((prompt) => prompt.name)).toEqual(['acme__greet', expect.stringMatching(/^acme__weekly_report_[0-9a-f]{6}$/)]);
      const got = await client.getPrompt({ name: 'acme__greet', arguments: { who: 'Grace' } });
      expect(got.messages[0]!.content).toMatchObject({ type: 'text', text: 'greet: hello Grace (for ada)' });
      const report = await client.getPrompt({ name: prompts[1]!.name });
      expect(JSON.stringify(report.messages)).toContain('weekly.report: hello nobody');

      const { resources } = await client.listResources();
      expect(resources).toEqual([expect.objectContaining({ uri: 'mcphub+remote://acme/memo://welcome', name: 'welcome' })]);
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates).toEqual([expect.objectContaining({ uriTemplate: 'mcphub+remote://acme/memo://{name}' })]);
      const read = await client.readResource({ uri: 'mcphub+remote://acme/memo://notes' });
      expect(read.contents).toEqual([expect.objectContaining({ uri: 'mcphub+remote://acme/memo://notes', text: 'contents of memo://notes (for ada)' })]);

      await expect(client.getPrompt({ name: 'acme__nope' })).rejects.toThrow(/Unknown prompt "acme__nope"/);
      await expect(client.readResource({ uri: 'mcphub+remote://other/memo://x' })).rejects.toThrow(/Unknown resource/);
      // Bob has no remote servers: the hub offers him no prompts or resources at all.
      expect(bobs.getServerCapabilities()?.prompts).toBeUndefined();
      expect(bobs.getServerCapabilities()?.resources).toBeUndefined();
    } finally {
      await client.close();
      await bobs.close();
    }
  });
});
