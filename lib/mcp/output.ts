/** Helpers that size tool output for a model and shape it for the wire. */
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ToolOutput } from './define.ts';
import { describeExcess, measureJson, type JsonBudget } from './json-size.ts';

/** About 6k tokens: large enough for a file or a page of issues, small enough to leave the model room. */
export const DEFAULT_MAX_CHARS = 24_000;

/**
 * Structured output is the text's data in structured form, built from one
 * upstream answer: no deeper than any real API nests (the SDK serialises it
 * recursively), and no wider than a thousand rows of a few dozen columns.
 */
export const MAX_STRUCTURED_DEPTH = 64;
export const MAX_STRUCTURED_NODES = 100_000;

/** Cuts text to `max` characters, saying how much was left out and how to get the rest. */
export function truncate(text: string, max = DEFAULT_MAX_CHARS, hint = 'narrow the request or use pagination to see the rest'): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n\n[truncated: showing ${max} of ${text.length} characters; ${hint}]`;
}

/**
 * The wire form of a tool's output: text cut to DEFAULT_MAX_CHARS, and the
 * structured form kept only within `maxStructuredBytes` (the upstream response
 * cap) and the limits above — past them it is left out and the text says so,
 * so a result is never much larger than what the hub read upstream.
 */
export function toCallToolResult(output: ToolOutput, maxStructuredBytes: number): CallToolResult {
  let text = truncate(output.text);
  let structured = output.structured;
  if (structured) {
    const budget: JsonBudget = { maxDepth: MAX_STRUCTURED_DEPTH, maxNodes: MAX_STRUCTURED_NODES, maxBytes: maxStructuredBytes };
    const { exceeded } = measureJson(structured, budget);
    if (exceeded) {
      text += `\n\n[structured content left out: its values ${describeExcess(exceeded, budget)}; the text above is the result]`;
      structured = undefined;
    }
  }
  const result: CallToolResult = { content: [{ type: 'text', text }] };
  if (structured) result.structuredContent = structured;
  return result;
}

export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}
