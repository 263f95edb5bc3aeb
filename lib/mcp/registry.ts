/**
 * The routing table, built once from the static integration list (STYLE.md 3):
 * wire name → tool, with each tool's JSON Schema and MCP listing entry computed
 * here rather than on every `tools/list`.
 */
import type { Tool } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { AnyIntegration, ToolDefinition } from './define.ts';
import { RESERVED_SLUG, isReservedSlug, parseWireName, toWireName } from './names.ts';

export interface RegisteredTool {
  wireName: string;
  integration: AnyIntegration;
  tool: ToolDefinition;
  /** The entry served in `tools/list`. */
  listing: Tool;
}

export interface Registry {
  integrations: readonly AnyIntegration[];
  integration(slug: string): AnyIntegration | undefined;
  /** Resolves a wire name or its `slug/tool` alias. */
  resolve(name: string): RegisteredTool | undefined;
  /** The listing entries of one integration's tools, in definition order. */
  listings(slug: string): readonly Tool[];
}

export function createRegistry(integrations: readonly AnyIntegration[]): Registry {
  const bySlug = new Map<string, AnyIntegration>();
  const byWireName = new Map<string, RegisteredTool>();
  const listingsBySlug = new Map<string, Tool[]>();

  for (const integration of integrations) {
    if (isReservedSlug(integration.slug)) throw new Error(`integration slug ${integration.slug} is reserved for the hub's own tools (${RESERVED_SLUG}__search_tools…); pick another slug`);
    if (bySlug.has(integration.slug)) throw new Error(`integration slug ${integration.slug} is registered twice`);
    bySlug.set(integration.slug, integration);
    const listings: Tool[] = [];
    for (const tool of integration.tools) {
      const wireName = toWireName(integration.slug, tool.name);
      if (byWireName.has(wireName)) throw new Error(`tool ${wireName} is defined twice`);
      const listing: Tool = {
        name: wireName,
        title: `${integration.name}: ${tool.annotations.title}`,
        description: tool.description,
        inputSchema: z.toJSONSchema(tool.input, { io: 'input' }) as Tool['inputSchema'],
        annotations: { ...tool.annotations },
      };
      byWireName.set(wireName, { wireName, integration, tool, listing });
      listings.push(listing);
    }
    listingsBySlug.set(integration.slug, listings);
  }

  return {
    integrations,
    integration: (slug) => bySlug.get(slug),
    resolve(name) {
      const ref = parseWireName(name);
      return ref ? byWireName.get(toWireName(ref.slug, ref.tool)) : undefined;
    },
    listings: (slug) => listingsBySlug.get(slug) ?? [],
  };
}
