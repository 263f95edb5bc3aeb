/**
 * Toolsets and progressive discovery through the real gateway: an in-process
 * hub, a real SDK Client, a GitHub-shaped fake upstream. A key bound to a
 * toolset lists exactly that set and can call exactly what it lists; a change
 * reaches an open session as tools/list_changed; in progressive mode the
 * meta-tools search, describe and call, a write tool is refused through the
 * read call, and a meta call is metered once, as its inner tool.
 */
import { ProtocolError } from '@modelcontextprotocol/client';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { integrations } from '../../integrations/index.ts';
import type { ToolMode, ToolsetSpec } from '../../lib/store/toolsets.ts';
import { textOf } from '../helpers/hub-process.ts';
import { startGitHubHub } from '../helpers/in-process-hub.ts';
import { waitUntil } from '../helpers/wait.ts';

// Slack's and Linear's calls go to a closed port: they fail fast upstream, which still proves the catalog resolved them.
const { hub, alice, fake, close } = await startGitHubHub({ env: { MCPHUB_SLACK_API_URL: 'http://127.0.0.1:9/api/', MCPHUB_LINEAR_API_URL: 'http://127.0.0.1:9/graphql' } });
await hub.enable(alice.userId, 'slack', 'xoxb-test-token-1234567890');
await hub.enable(alice.userId, 'linear', 'lin_api_testtoken1234567890abcdef');
afterAll(close);
const store = hub.hub.store;

/** A new key of alice's bound to a new toolset with `spec`. */
async function boundKey(spec: Partial<ToolsetSpec> & Pick<ToolsetSpec, 'rules'>, mode: ToolMode | null = null) {
  const toolset = await store.createToolset({ userId: alice.userId, name: `set ${Math.random().toString(36).slice(2, 8)}`, excludeDestructive: false, mode: 'flat', ...spec });
  const generated = generateApiKey();
  const key = await store.createApiKey({ userId: alice.userId, name: 'bound', hash: generated.hash, prefix: generated.prefix, toolsetId: toolset.id, mode });
  return { toolset, key: generated.key, keyId: key.id };
}

const allWireNames = integrations.filter((i) => ['github', 'slack', 'linear'].includes(i.slug)).flatMap((i) => i.tools.map((t) => `${i.slug}__${t.name}`));

async function callOutcome(client: Awaited<ReturnType<typeof hub.connect>>, name: string, args: Record<string, unknown> = {}) {
  try {
    const result = await client.callTool({ name, arguments: args });
    return { kind: 'result' as const, isError: result.isError === true, text: textOf(result) };
  } catch (error) {
    if (error instanceof ProtocolError) return { kind: 'protocol_error' as const, code: error.code, message: error.message };
    throw error;
  }
}

describe('a key bound to a toolset', () => {
  it('lists exactly the tools its rules take in, and every other tool of the hub is unknown (-32602) to tools/call: list and call agree', async () => {
    const { key } = await boundKey({ rules: [{ kind: 'integration', slug: 'slack' }, { kind: 'tool', name: 'github__get_issue' }, { kind: 'tool', name: 'linear__list_teams' }] });
    const client = await hub.connect(key);
    try {
      const listed = (await client.listTools()).tools.map((t) => t.name).sort();
      const slack = integrations.find((i) => i.slug === 'slack')!.tools.map((t) => `slack__${t.name}`);
      expect(listed).toEqual([...slack, 'github__get_issue', 'linear__list_teams'].sort());
      for (const name of allWireNames) {
        const outcome = await callOutcome(client, name);
        if (listed.includes(name)) expect(outcome, name).toMatchObject({ kind: 'result' });
        else expect(outcome, name).toMatchObject({ kind: 'protocol_error', code: -32602, message: expect.stringContaining('does not include it') });
      }
    } finally {
      await client.close();
    }
  });

  it('answers a tool the set takes in but the user has not enabled as for any key: not enabled, with the fix (not "unknown")', async () => {
    const { key } = await boundKey({ rules: [{ kind: 'integration', slug: 'notion' }] });
    const client = await hub.connect(key);
    try {
      const outcome = await callOutcome(client, 'notion__search_workspace');
      expect(outcome).toMatchObject({ kind: 'result', isError: true, text: expect.stringContaining('Notion is not enabled for your account') });
      // Still unknown: what the set leaves out.
      expect(await callOutcome(client, 'github__get_me')).toMatchObject({ kind: 'protocol_error', code: -32602, message: expect.stringContaining('does not include it') });
    } finally {
      await client.close();
    }
  });

  it('applies annotation rules: read-only tools only, or everything but destructive tools', async () => {
    const readOnly = await boundKey({ rules: [{ kind: 'read_only' }] });
    const safe = await boundKey({ rules: [{ kind: 'integration', slug: 'github' }, { kind: 'integration', slug: 'slack' }], excludeDestructive: true });
    const client = await hub.connect(readOnly.key);
    const safeClient = await hub.connect(safe.key);
    try {
      const tools = (await client.listTools()).tools;
      expect(tools.length).toBeGreaterThan(10);
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      expect(tools.map((t) => t.name)).not.toContain('github__create_issue');
      const safeTools = (await safeClient.listTools()).tools;
      expect(safeTools.some((t) => t.annotations?.readOnlyHint === false)).toBe(true);
      expect(safeTools.every((t) => t.annotations?.readOnlyHint === true || t.annotations?.destructiveHint === false)).toBe(true);
    } finally {
      await client.close();
      await safeClient.close();
    }
  });

  it('reaches an open session as tools/list_changed within a second when the toolset changes or the key is rebound', async () => {
    const { toolset, key, keyId } = await boundKey({ rules: [{ kind: 'tool', name: 'github__get_me' }] });
    const counts: number[] = [];
    const client = await hub.connect(key, 'modern', { onToolsChanged: (count) => counts.push(count) });
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['github__get_me']);
      await store.updateToolset({ userId: alice.userId, id: toolset.id, rules: [{ kind: 'tool', name: 'github__get_me' }, { kind: 'tool', name: 'github__get_issue' }] });
      await waitUntil(() => counts.includes(2), 1_000, 'list_changed with two tools');
      await store.bindApiKey({ userId: alice.userId, keyId, toolsetId: null, mode: null });
      const everything = allWireNames.length;
      await waitUntil(() => counts.includes(everything), 1_000, 'list_changed with every enabled tool');
      expect((await callOutcome(client, 'github__create_issue', { owner: 'octo', repo: 'invalid', title: 'x' })).kind).toBe('result');
    } finally {
      await client.close();
    }
  });
});

describe('progressive discovery', () => {
  it('lists only the four meta-tools, with names that fit the wire pattern and the call tools carrying readOnlyHint / destructiveHint', async () => {
    const { key } = await boundKey({ rules: [{ kind: 'integration', slug: 'github' }] }, 'progressive');
    const client = await hub.connect(key);
    try {
      const tools = (await client.listTools()).tools;
      expect(tools.map((t) => t.name)).toEqual(['hub__search_tools', 'hub__describe_tool', 'hub__call_read_tool', 'hub__call_write_tool']);
      expect(tools.every((t) => /^[a-zA-Z0-9_-]{1,64}$/.test(t.name))).toBe(true);
      expect(tools.find((t) => t.name === 'hub__call_read_tool')?.annotations).toMatchObject({ readOnlyHint: true });
      expect(tools.find((t) => t.name === 'hub__call_write_tool')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      expect(await callOutcome(client, 'github__get_me')).toMatchObject({ kind: 'protocol_error', code: -32602, message: expect.stringContaining('hub__search_tools') });
    } finally {
      await client.close();
    }
  });

  it('searches, describes, calls a read tool and a write tool through a real client, each upstream call metered once as the inner tool', async () => {
    const { key, keyId } = await boundKey({ rules: [{ kind: 'integration', slug: 'github' }, { kind: 'integration', slug: 'slack' }], mode: 'progressive' });
    const client = await hub.connect(key);
    const usage = async () => (await store.listUsage({ userId: alice.userId })).filter((e) => e.keyId === keyId);
    try {
      const search = await client.callTool({ name: 'hub__search_tools', arguments: { query: 'open a new issue in a github repository', limit: 3 } });
      const hits = (JSON.parse(textOf(search)) as { tools: Array<{ name: string; description: string; annotations: Record<string, boolean> }> }).tools;
      expect(hits[0]).toMatchObject({ name: 'github__create_issue', annotations: { readOnlyHint: false, destructiveHint: false } });
      expect(hits.length).toBeLessThanOrEqual(3);
      expect(hits.every((h) => h.name.startsWith('github__') || h.name.startsWith('slack__'))).toBe(true);

      const described = await client.callTool({ name: 'hub__describe_tool', arguments: { name: 'github/create_issue' } });
      expect(JSON.parse(textOf(described))).toMatchObject({ name: 'github__create_issue', inputSchema: { type: 'object', properties: { owner: expect.anything(), title: expect.anything() } }, annotations: { readOnlyHint: false } });
      expect(await usage()).toHaveLength(0);

      const me = await client.callTool({ name: 'hub__call_read_tool', arguments: { name: 'github__get_me', arguments: {} } });
      expect(me.isError).toBeFalsy();
      expect(textOf(me)).toContain('alice');
      const created = await client.callTool({ name: 'hub__call_write_tool', arguments: { name: 'github__create_issue', arguments: { owner: 'octo', repo: 'hello', title: 'Through progressive mode' } } });
      expect(created.isError).toBeFalsy();
      expect(textOf(created)).toContain('Through progressive mode');

      const events = await usage();
      expect(events.map((e) => [e.integration, e.tool, e.outcome, e.billable]).sort()).toEqual([
        ['github', 'create_issue', 'ok', true],
        ['github', 'get_me', 'ok', true],
      ]);
    } finally {
      await client.close();
    }
  });

  it('refuses a tool that may write through hub__call_read_tool, naming the write call, without reaching upstream or metering', async () => {
    const { key, keyId } = await boundKey({ rules: [{ kind: 'integration', slug: 'github' }] }, 'progressive');
    const client = await hub.connect(key);
    try {
      const before = fake.requests.length;
      const refused = await client.callTool({ name: 'hub__call_read_tool', arguments: { name: 'github__create_issue', arguments: { owner: 'octo', repo: 'hello', title: 'must not exist' } } });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain('hub__call_write_tool');
      expect(fake.requests.length).toBe(before);
      const unknown = await client.callTool({ name: 'hub__call_write_tool', arguments: { name: 'slack__post_message', arguments: {} } });
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toContain('hub__search_tools');
      expect((await store.listUsage({ userId: alice.userId })).filter((e) => e.keyId === keyId)).toHaveLength(0);
    } finally {
      await client.close();
    }
  });

  it("takes the key's mode over its toolset's: a progressive toolset with a flat key lists every tool of the set", async () => {
    const { key } = await boundKey({ rules: [{ kind: 'tool', name: 'github__get_me' }], mode: 'progressive' }, 'flat');
    const client = await hub.connect(key);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['github__get_me']);
    } finally {
      await client.close();
    }
  });
});
