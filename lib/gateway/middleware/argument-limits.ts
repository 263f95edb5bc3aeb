/**
 * Bounds a call's arguments before anything else looks at them (issue 11: a
 * field the tool schema ignores, nested 40,000 levels deep, used to pass zod,
 * reach the upstream and then overflow the stack while being metered). The
 * walk is iterative and stops at the first limit, so checking costs at most
 * MAX_ARGUMENT_NODES steps whatever arrives; the edge has already bounded the
 * request body (MCPHUB_MAX_BODY_BYTES).
 */
import { describeExcess, measureJson, type JsonBudget } from '../../mcp/json-size.ts';
import { errorResult } from '../../mcp/output.ts';
import type { CallMiddleware } from '../pipeline.ts';

/**
 * No built-in tool schema nests deeper than ~6 levels (a Notion filter or
 * property value); 64 leaves room for any real argument and keeps every
 * recursive walker downstream (zod, the SDKs, JSON.stringify) far from its limits.
 */
export const MAX_ARGUMENT_DEPTH = 64;
/** The widest real arguments are a list of 100 SQL parameters or a Notion property map of a few hundred values. */
export const MAX_ARGUMENT_NODES = 10_000;
/**
 * The largest field a built-in tool takes is 200,000 characters (Notion page
 * content, up to ~600 KB of UTF-8); 1 MB holds that with room for the rest.
 */
export const MAX_ARGUMENT_BYTES = 1024 * 1024;

export const ARGUMENT_BUDGET: JsonBudget = { maxDepth: MAX_ARGUMENT_DEPTH, maxNodes: MAX_ARGUMENT_NODES, maxBytes: MAX_ARGUMENT_BYTES };

/**
 * Refuses arguments past ARGUMENT_BUDGET with an `isError` result naming the
 * limit (recorded as `invalid_arguments`). A name outside the principal's
 * catalog passes through untouched, for the router to explain.
 */
export function withArgumentLimits(): CallMiddleware {
  return (next) => async (call) => {
    const entry = call.principal.catalog.resolve(call.name);
    if (!entry) return next(call);
    const size = measureJson(call.arguments ?? {}, ARGUMENT_BUDGET);
    if (!size.exceeded) return next(call);
    const message = `Arguments for ${entry.name} ${describeExcess(size.exceeded, ARGUMENT_BUDGET)}, so the call was not run. Send only the fields in the tool's input schema (tools/list), and split large content across calls.`;
    return { integration: entry.integration, tool: entry.tool, result: errorResult(message), outcome: 'invalid_arguments', upstreamMs: 0 };
  };
}
