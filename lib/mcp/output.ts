/** Helpers that size tool output for a model and shape it for the wire. */
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ToolOutput } from './define.ts';

/** About 6k tokens: large enough for a file or a page of issues, small enough to leave the model room. */
export const DEFAULT_MAX_CHARS = 24_000;

/** Cuts text to `max` characters, saying how much was left out and how to get the rest. */
export function truncate(text: string, max = DEFAULT_MAX_CHARS, hint = 'narrow the request or use pagination to see the rest'): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n\n[truncated: showing ${max} of ${text.length} characters; ${hint}]`;
}

export function toCallToolResult(output: ToolOutput): CallToolResult {
  const result: CallToolResult = { content: [{ type: 'text', text: truncate(output.text) }] };
  if (output.structured) result.structuredContent = output.structured;
  return result;
}

export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}
