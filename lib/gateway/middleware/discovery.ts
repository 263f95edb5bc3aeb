/**
 * Progressive discovery (lib/gateway/discovery): for a principal whose
 * catalog is in progressive mode, answers the meta-tools and turns a meta
 * call into the call of the tool it names. It runs outermost, so everything
 * inside — usage, the call log, limits, the router — sees the inner tool:
 * a call through `hub__call_read_tool` is metered once, as that tool.
 * Searching and describing never reach an upstream and answer here, with no
 * usage event. Any other name is unknown to such a principal: its list holds
 * only the meta-tools, and list and call agree.
 */
import { ProtocolError, ProtocolErrorCode, type CallToolResult } from '@modelcontextprotocol/server';
import { describeIssues } from '../../mcp/errors.ts';
import { errorResult } from '../../mcp/output.ts';
import { RESERVED_SLUG } from '../../mcp/names.ts';
import { isDestructive, isReadOnly } from '../../mcp/toolset-rules.ts';
import type { Catalog } from '../catalog.ts';
import { CALL_READ_TOOL, CALL_WRITE_TOOL, CallInputSchema, DEFAULT_SEARCH_RESULTS, DESCRIBE_TOOL, DescribeInputSchema, SEARCH_TOOLS, SearchInputSchema } from '../discovery/meta-tools.ts';
import { createToolIndex, type ToolIndex } from '../discovery/search.ts';
import type { CallMiddleware, ToolCall, ToolCallOutcome } from '../pipeline.ts';

/** Longest description a search hit carries: enough to choose, short enough that a page of hits stays small. */
const SHORT_DESCRIPTION_CHARS = 160;

function shortDescription(text: string | undefined): string {
  // A sentence ends where a capital follows the stop, so "e.g. \"x\"" does not end one.
  const firstSentence = (text ?? '').split(/(?<=[.!?])\s+(?=[A-Z])/)[0] ?? '';
  return firstSentence.length <= SHORT_DESCRIPTION_CHARS ? firstSentence : `${firstSentence.slice(0, SHORT_DESCRIPTION_CHARS - 1)}…`;
}

/** The answer as JSON text only: the same data again as structuredContent would double what the model reads, which this mode exists to cut. */
const json = (value: unknown): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value) }] });

function answered(call: ToolCall, result: CallToolResult): ToolCallOutcome {
  return { result, outcome: result.isError ? 'invalid_arguments' : 'ok', integration: RESERVED_SLUG, tool: call.name.slice(RESERVED_SLUG.length + 2), upstreamMs: 0 };
}

export function withProgressiveDiscovery(): CallMiddleware {
  // One index per catalog, that is per principal fill: a toolset change builds a new catalog, and so a new index.
  const indexes = new WeakMap<Catalog, ToolIndex>();
  const indexOf = (catalog: Catalog) => {
    let index = indexes.get(catalog);
    if (!index) indexes.set(catalog, (index = createToolIndex(catalog.tools)));
    return index;
  };

  return (next) => async (call) => {
    const { catalog } = call.principal;
    if (catalog.mode !== 'progressive') return next(call);
    switch (call.name) {
      case SEARCH_TOOLS: {
        const input = SearchInputSchema.safeParse(call.arguments ?? {});
        if (!input.success) return answered(call, errorResult(`Invalid arguments for ${SEARCH_TOOLS}: ${describeIssues(input.error.issues)}. Send {"query": "what you want to do"}.`));
        const hits = indexOf(catalog).search(input.data.query, input.data.limit ?? DEFAULT_SEARCH_RESULTS);
        const tools = hits.map(({ tool, score }) => ({
          name: tool.name,
          description: shortDescription(tool.description),
          annotations: { readOnlyHint: isReadOnly(tool), destructiveHint: isDestructive(tool) },
          score: Math.round(score * 100) / 100,
        }));
        const note = tools.length === 0 ? `No tool matches "${input.data.query}". Try other words; there are ${catalog.tools.length} tools in this catalog.` : undefined;
        return answered(call, json({ tools, ...(note && { note }) }));
      }
      case DESCRIBE_TOOL: {
        const input = DescribeInputSchema.safeParse(call.arguments ?? {});
        if (!input.success) return answered(call, errorResult(`Invalid arguments for ${DESCRIBE_TOOL}: ${describeIssues(input.error.issues)}. Send {"name": "<a name hub__search_tools returned>"}.`));
        const tool = catalog.describe(input.data.name);
        if (!tool) return answered(call, errorResult(unknownInner(input.data.name)));
        return answered(call, json({ name: tool.name, title: tool.title, description: tool.description, inputSchema: tool.inputSchema, annotations: tool.annotations }));
      }
      case CALL_READ_TOOL:
      case CALL_WRITE_TOOL: {
        const input = CallInputSchema.safeParse(call.arguments ?? {});
        if (!input.success) return answered(call, errorResult(`Invalid arguments for ${call.name}: ${describeIssues(input.error.issues)}. Send {"name": "<tool>", "arguments": {…}}.`));
        const tool = catalog.describe(input.data.name);
        if (!tool) return answered(call, errorResult(unknownInner(input.data.name)));
        if (call.name === CALL_READ_TOOL && !isReadOnly(tool)) {
          return answered(call, errorResult(`${tool.name} may write (its readOnlyHint is not true), so ${CALL_READ_TOOL} did not run it. Call it with ${CALL_WRITE_TOOL} if that is what you mean to do.`));
        }
        return next({ ...call, name: tool.name, arguments: input.data.arguments ?? {} });
      }
      default:
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Unknown tool "${call.name}". This key uses progressive discovery: find tools with ${SEARCH_TOOLS}, then call them with ${CALL_READ_TOOL} or ${CALL_WRITE_TOOL}.`,
        );
    }
  };
}

function unknownInner(name: string): string {
  return `No tool named "${name.slice(0, 128)}" is in your catalog. Find the tools you can call with ${SEARCH_TOOLS}.`;
}
