/**
 * The pure parts of toolsets and progressive discovery: what a rule takes in
 * (MCP's hint defaults: a tool that does not say is destructive), the search
 * index's ranking, the meta-tools' names, and the registry refusing the slug
 * the meta-tools use.
 */
import type { Tool } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { integrations } from '../../integrations/index.ts';
import { META_TOOL_LISTINGS } from '../../lib/gateway/discovery/meta-tools.ts';
import { createToolIndex, tokenize } from '../../lib/gateway/discovery/search.ts';
import { defineIntegration, defineTool } from '../../lib/mcp/define.ts';
import { WIRE_NAME_PATTERN } from '../../lib/mcp/names.ts';
import { createRegistry } from '../../lib/mcp/registry.ts';
import { isDestructive, isReadOnly, toolsetIncludes } from '../../lib/mcp/toolset-rules.ts';
import { toolsetProblem } from '../../lib/store/toolsets.ts';

const tool = (name: string, integration: string, annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean }) => ({ name, integration, annotations });

describe('toolset rules', () => {
  it('reads the hints as MCP defines them: destructiveHint counts only when not read-only, and an unsaid one is true', () => {
    expect(isDestructive({ annotations: { readOnlyHint: true, destructiveHint: true } })).toBe(false);
    expect(isDestructive({ annotations: { readOnlyHint: false, destructiveHint: false } })).toBe(false);
    expect(isDestructive({ annotations: { readOnlyHint: false } })).toBe(true);
    expect(isDestructive({})).toBe(true);
    expect(isReadOnly({})).toBe(false);
  });

  it('takes in a tool any rule names, and leaves out destructive ones when asked, whatever the rules say', () => {
    const set = { rules: [{ kind: 'integration' as const, slug: 'slack' }, { kind: 'tool' as const, name: 'github__create_issue' }, { kind: 'read_only' as const }], excludeDestructive: false };
    expect(toolsetIncludes(set, tool('slack__post_message', 'slack', { readOnlyHint: false, destructiveHint: false }))).toBe(true);
    expect(toolsetIncludes(set, tool('github__create_issue', 'github', { readOnlyHint: false, destructiveHint: false }))).toBe(true);
    expect(toolsetIncludes(set, tool('linear__get_issue', 'linear', { readOnlyHint: true }))).toBe(true);
    expect(toolsetIncludes(set, tool('linear__update_issue', 'linear', { readOnlyHint: false, destructiveHint: false }))).toBe(false);
    expect(toolsetIncludes({ ...set, excludeDestructive: true }, tool('slack__delete_message', 'slack', { readOnlyHint: false }))).toBe(false);
    expect(toolsetIncludes({ rules: [], excludeDestructive: false }, tool('slack__post_message', 'slack'))).toBe(false);
  });

  it('bounds what a store keeps: name length, mode, rule count and rule text', () => {
    expect(toolsetProblem({ name: 'ok', mode: 'flat', rules: [{ kind: 'read_only' }] })).toBeNull();
    expect(toolsetProblem({ name: ' ' })).toContain('name');
    expect(toolsetProblem({ mode: 'sideways' as never })).toContain('mode');
    expect(toolsetProblem({ rules: [{ kind: 'tool', name: '' }] })).toContain('rule');
    expect(toolsetProblem({ rules: [{ kind: 'nope' } as never] })).toContain('rule');
    expect(toolsetProblem({ rules: Array.from({ length: 201 }, () => ({ kind: 'read_only' as const })) })).toContain('200');
  });
});

describe('progressive discovery', () => {
  it('names its meta-tools within the wire pattern, under the reserved slug', () => {
    expect(META_TOOL_LISTINGS.map((t) => t.name)).toEqual(['hub__search_tools', 'hub__describe_tool', 'hub__call_read_tool', 'hub__call_write_tool']);
    expect(META_TOOL_LISTINGS.every((t) => WIRE_NAME_PATTERN.test(t.name))).toBe(true);
  });

  it('refuses an integration whose slug is the reserved one', () => {
    const hub = defineIntegration({
      slug: 'hub',
      name: 'Impostor',
      auth: { kind: 'token', label: 'token', help: 'none', scopes: [] },
      tools: [defineTool({ name: 'search_tools', description: 'x', input: z.object({}), annotations: { title: 'x', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }, handler: async () => ({ text: '' }) })],
      createClient: () => ({}),
      mapError: () => undefined,
    } as never);
    expect(() => createRegistry([hub])).toThrow(/reserved/);
  });

  it('tokenizes words whole and by their case-change parts, stems plurals and -ed/-ing/-ly, and drops stopwords', () => {
    expect(tokenize('Create the GitHub issues')).toEqual(['creat', 'github', 'git', 'hub', 'issu']);
    expect(tokenize('recently created_at, sorting')).toEqual(['recent', 'creat', 'sort']);
  });

  it('ranks the tool whose name and description match best first, the same way every time, and matches nothing for unrelated words', () => {
    const registry = createRegistry(integrations);
    const tools: Tool[] = integrations.flatMap((i) => [...registry.listings(i.slug)]);
    const index = createToolIndex(tools);
    expect(index.search('post a message to a slack channel', 3)[0]?.tool.name).toBe('slack__post_message');
    expect(index.search('describe the columns of a postgres table', 3)[0]?.tool.name).toBe('postgres__describe_table');
    expect(index.search('list linear teams', 5).map((h) => h.tool.name)).toEqual(index.search('list linear teams', 5).map((h) => h.tool.name));
    expect(index.search('zyxwv qqq', 5)).toEqual([]);
    expect(index.search('issue', 2)).toHaveLength(2);
  });
});
