/**
 * A remote server's `tools/list` answer → what the store keeps (RemoteTool)
 * → what the hub lists. Descriptions, annotations and schemas pass through,
 * bounded so one server cannot flood every client's context or the store:
 * a description is cut, a tool whose schema is too large is left out (its
 * name in the reason the dashboard shows), at most REMOTE_LIMITS.tools kept.
 */
import type { Tool } from '@modelcontextprotocol/server';
import { REMOTE_LIMITS, type RemoteTool } from '../store/remote-servers.ts';
import { mapToolNames } from './names.ts';

export const TOOL_LIMITS = { description: 4_000, title: 200, schemaChars: 32_768, name: 256 } as const;

const ANNOTATION_KEYS = ['title', 'readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

export interface ConvertedTools {
  tools: RemoteTool[];
  /** Names left out, and why, for the server's status. */
  skipped: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The tools as the store keeps them, named for `slug`. */
export function toRemoteTools(slug: string, listed: readonly Tool[]): ConvertedTools {
  const skipped: string[] = [];
  const usable: Tool[] = [];
  for (const tool of listed) {
    if (typeof tool.name !== 'string' || tool.name.length === 0 || tool.name.length > TOOL_LIMITS.name) {
      skipped.push(`a tool with a name of ${String(tool.name).length} characters`);
      continue;
    }
    if (JSON.stringify(tool.inputSchema ?? {}).length > TOOL_LIMITS.schemaChars || JSON.stringify(tool.outputSchema ?? {}).length > TOOL_LIMITS.schemaChars) {
      skipped.push(`${tool.name} (its schema is over ${TOOL_LIMITS.schemaChars} characters)`);
      continue;
    }
    if (usable.length >= REMOTE_LIMITS.tools) {
      skipped.push(`${tool.name} (past ${REMOTE_LIMITS.tools} tools)`);
      continue;
    }
    usable.push(tool);
  }
  const names = mapToolNames(slug, usable.map((tool) => tool.name));
  const tools = usable.map((tool): RemoteTool => {
    const annotations = isObject(tool.annotations)
      ? Object.fromEntries(ANNOTATION_KEYS.filter((key) => key in tool.annotations!).map((key) => [key, tool.annotations![key]]))
      : undefined;
    return {
      name: tool.name,
      wireTool: names.get(tool.name)!,
      ...(typeof tool.title === 'string' && { title: tool.title.slice(0, TOOL_LIMITS.title) }),
      ...(typeof tool.description === 'string' && { description: tool.description.slice(0, TOOL_LIMITS.description) }),
      inputSchema: isObject(tool.inputSchema) ? tool.inputSchema : { type: 'object' },
      ...(isObject(tool.outputSchema) && { outputSchema: tool.outputSchema }),
      ...(annotations && Object.keys(annotations).length > 0 && { annotations }),
    };
  });
  // The store keeps the list as one bounded JSON text (REMOTE_LIMITS.toolsJson): tools past it are left out, named, rather than the whole check failing.
  const kept: RemoteTool[] = [];
  let chars = 2;
  for (const tool of tools) {
    const size = JSON.stringify(tool).length + 1;
    if (chars + size > REMOTE_LIMITS.toolsJson) {
      skipped.push(`${tool.name} (the tool list is past ${REMOTE_LIMITS.toolsJson} characters of JSON)`);
      continue;
    }
    chars += size;
    kept.push(tool);
  }
  return { tools: kept, skipped };
}

/** The hub's `tools/list` entry for a stored remote tool. */
export function toListing(slug: string, tool: RemoteTool): Tool {
  return {
    name: `${slug}__${tool.wireTool}`,
    ...(tool.title !== undefined && { title: tool.title }),
    ...(tool.description !== undefined && { description: tool.description }),
    inputSchema: tool.inputSchema as Tool['inputSchema'],
    ...(tool.outputSchema !== undefined && { outputSchema: tool.outputSchema as Tool['outputSchema'] }),
    ...(tool.annotations !== undefined && { annotations: tool.annotations as Tool['annotations'] }),
  };
}
