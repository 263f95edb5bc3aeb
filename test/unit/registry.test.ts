/** The routing table built from every registered integration, and its guards against duplicates. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { integrations } from '../../integrations/index.ts';
import { defineIntegration, defineTool, type ToolDefinition } from '../../lib/mcp/define.ts';
import { createRegistry } from '../../lib/mcp/registry.ts';

const registry = createRegistry(integrations);
const entries = integrations.flatMap((integration) => integration.tools.map((tool) => ({ integration, tool, listing: registry.resolve(`${integration.slug}__${tool.name}`)?.listing })));

describe('the registered integrations', () => {
  it('include at least one integration with tools', () => {
    expect(integrations.length).toBeGreaterThan(0);
    expect(entries.length).toBeGreaterThan(0);
  });

  it('list every tool under a unique MCP-legal wire name', () => {
    const names = integrations.flatMap((integration) => registry.listings(integration.slug).map((listing) => listing.name));
    expect(names).toHaveLength(entries.length);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('list tools in definition order', () => {
    for (const integration of integrations) {
      expect(registry.listings(integration.slug).map((l) => l.name)).toEqual(integration.tools.map((t) => `${integration.slug}__${t.name}`));
    }
  });

  it.each(entries.map((e) => [`${e.integration.slug}/${e.tool.name}`, e] as const))('%s has a JSON Schema object input, a title and all four hints', (_name, { integration, tool, listing }) => {
    expect(listing).toBeDefined();
    expect(listing!.inputSchema.type).toBe('object');
    expect(typeof listing!.inputSchema).toBe('object');
    expect(listing!.title).toBe(`${integration.name}: ${tool.annotations.title}`);
    expect(tool.annotations.title.trim()).not.toBe('');
    expect(tool.description.trim()).not.toBe('');
    const annotations = listing!.annotations!;
    for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
      expect(typeof annotations[hint], hint).toBe('boolean');
    }
  });

  const readers = entries.filter((e) => /^(get|list|search)_/.test(e.tool.name));
  it('have read-only tools among them', () => {
    expect(readers.length).toBeGreaterThan(0);
  });

  it.each(readers.map((e) => [`${e.integration.slug}/${e.tool.name}`, e] as const))('%s is marked read-only and not destructive', (_name, { tool, listing }) => {
    expect(tool.annotations.readOnlyHint).toBe(true);
    expect(tool.annotations.destructiveHint).toBe(false);
    expect(listing!.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });
});

describe('Registry.resolve', () => {
  it('resolves github__get_me and its alias github/get_me to the same tool', () => {
    const wire = registry.resolve('github__get_me');
    expect(wire?.wireName).toBe('github__get_me');
    expect(wire?.integration.slug).toBe('github');
    expect(wire?.tool.name).toBe('get_me');
    expect(registry.resolve('github/get_me')).toBe(wire);
  });

  it.each(['github__no_such_tool', 'nowhere__get_me', 'get_me', 'github__get__me', 'GitHub__get_me', ''])('returns undefined for %j', (name) => {
    expect(registry.resolve(name)).toBeUndefined();
  });

  // Bug: parseWireName accepts names over 64 characters and resolve() then
  // calls toWireName on them, which throws instead of returning undefined, so an
  // over-long tools/call name becomes an internal error rather than "Unknown tool".
  it('returns undefined for a well-formed name longer than 64 characters', () => {
    expect(registry.resolve(`github__${'a'.repeat(60)}`)).toBeUndefined();
  });

  it('finds integrations by slug', () => {
    expect(registry.integration('github')?.name).toBe('GitHub');
    expect(registry.integration('nowhere')).toBeUndefined();
    expect(registry.listings('nowhere')).toEqual([]);
  });
});

function tool(name: string): ToolDefinition {
  return defineTool({
    name,
    description: `The ${name} fixture.`,
    input: z.object({ id: z.string().describe('What to act on'), limit: z.number().int().default(10) }),
    annotations: { title: name, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    handler: async ({ id }) => ({ text: id }),
  });
}

function integration(slug: string, tools: ToolDefinition[]) {
  return defineIntegration<unknown>({
    slug,
    name: `Fixture ${slug}`,
    description: 'A fixture integration.',
    category: 'Testing',
    auth: { kind: 'token', label: 'token', help: 'none', scopes: [] },
    createClient: () => ({}),
    mapError: () => undefined,
    tools,
  });
}

describe('createRegistry', () => {
  it('builds listings with the input JSON Schema as a caller sends it', () => {
    const built = createRegistry([integration('alpha', [tool('get_thing')])]);
    const [listing] = built.listings('alpha');
    expect(listing).toMatchObject({ name: 'alpha__get_thing', title: 'Fixture alpha: get_thing', description: 'The get_thing fixture.' });
    expect(listing!.inputSchema).toMatchObject({
      type: 'object',
      properties: { id: { type: 'string', description: 'What to act on' }, limit: { type: 'integer', default: 10 } },
      required: ['id'],
    });
  });

  it('throws on a slug registered twice', () => {
    expect(() => createRegistry([integration('alpha', [tool('get_a')]), integration('alpha', [tool('get_b')])])).toThrow('integration slug alpha is registered twice');
  });

  it('throws on a tool defined twice in one integration', () => {
    expect(() => createRegistry([integration('alpha', [tool('get_a'), tool('get_a')])])).toThrow('tool alpha__get_a is defined twice');
  });

  it('allows the same tool name in different integrations', () => {
    const built = createRegistry([integration('alpha', [tool('get_a')]), integration('beta', [tool('get_a')])]);
    expect(built.resolve('alpha__get_a')?.integration.slug).toBe('alpha');
    expect(built.resolve('beta/get_a')?.integration.slug).toBe('beta');
  });

  it('throws on a tool name that cannot go on the wire', () => {
    expect(() => createRegistry([integration('alpha', [tool('get__a')])])).toThrow(/invalid tool name/);
    expect(() => createRegistry([integration('Alpha', [tool('get_a')])])).toThrow(/invalid tool name/);
  });
});
