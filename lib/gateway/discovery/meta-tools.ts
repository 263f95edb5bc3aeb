/**
 * Progressive discovery's meta-tools: what a key in progressive mode lists
 * instead of every tool. Searching and describing answer from the principal's
 * catalog; calling is split in two so the client still sees whether a call
 * may write (`readOnlyHint` on the read call, `destructiveHint` on the write
 * call) — a single "call anything" tool would hide both. Their inputs are zod
 * schemas, parsed by the discovery middleware and listed as JSON Schema here.
 */
import type { Tool } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { RESERVED_SLUG, toWireName } from '../../mcp/names.ts';

export const SEARCH_TOOLS = toWireName(RESERVED_SLUG, 'search_tools');
export const DESCRIBE_TOOL = toWireName(RESERVED_SLUG, 'describe_tool');
export const CALL_READ_TOOL = toWireName(RESERVED_SLUG, 'call_read_tool');
export const CALL_WRITE_TOOL = toWireName(RESERVED_SLUG, 'call_write_tool');

export const DEFAULT_SEARCH_RESULTS = 8;
export const MAX_SEARCH_RESULTS = 25;

const ToolName = z.string().min(1).max(128).describe('The wire name of a tool, as hub__search_tools returns it (github__create_issue)');

export const SearchInputSchema = z.object({
  query: z.string().trim().min(1).max(500).describe('What you want to do, in a few words (e.g. "open an issue", "list slack channels")'),
  limit: z.number().int().min(1).max(MAX_SEARCH_RESULTS).optional().describe(`How many tools to return (default ${DEFAULT_SEARCH_RESULTS}, at most ${MAX_SEARCH_RESULTS})`),
});

export const DescribeInputSchema = z.object({ name: ToolName });

export const CallInputSchema = z.object({
  name: ToolName,
  arguments: z.record(z.string(), z.unknown()).optional().describe("The tool's arguments, matching the input schema hub__describe_tool returns"),
});

const listing = (name: string, title: string, description: string, input: z.ZodObject, annotations: Omit<NonNullable<Tool['annotations']>, 'title'>): Tool => ({
  name,
  title,
  description,
  inputSchema: z.toJSONSchema(input, { io: 'input' }) as Tool['inputSchema'],
  annotations: { title, ...annotations },
});

/** What `tools/list` serves in progressive mode. */
export const META_TOOL_LISTINGS: readonly Tool[] = [
  listing(SEARCH_TOOLS, 'Search tools', 'Find the tools you can call: ranked full-text search over tool names, descriptions and parameter names. Returns wire names, short descriptions and annotations (readOnlyHint, destructiveHint). Search first, then describe or call.', SearchInputSchema, {
    readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false,
  }),
  listing(DESCRIBE_TOOL, 'Describe tool', "A tool's full input schema and annotations, by the wire name hub__search_tools returned. Read it before calling a tool whose parameters you do not know.", DescribeInputSchema, {
    readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false,
  }),
  listing(CALL_READ_TOOL, 'Call a read-only tool', 'Calls a tool that only reads (readOnlyHint: true in its annotations) with its arguments. A tool that may write is refused: call it with hub__call_write_tool.', CallInputSchema, {
    readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true,
  }),
  listing(CALL_WRITE_TOOL, 'Call a tool that may write', "Calls a tool that may change or delete data (see its destructiveHint in hub__search_tools' results) with its arguments. Use hub__call_read_tool for read-only tools.", CallInputSchema, {
    readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true,
  }),
];

export const META_TOOL_NAMES: ReadonlySet<string> = new Set(META_TOOL_LISTINGS.map((tool) => tool.name));
