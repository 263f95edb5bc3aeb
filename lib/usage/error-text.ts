/** The error text the model saw, as the call log keeps it: bounded, for the Logs page's error column and text filter. */
import type { CallToolResult } from '@modelcontextprotocol/server';

export const MAX_ERROR_TEXT = 2_000;

/** At most MAX_ERROR_TEXT characters, marked when cut. */
export function boundErrorText(text: string): string {
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT - 1)}…` : text;
}

/** The text blocks of an `isError` result, joined; undefined for a result that is not an error. */
export function errorTextOf(result: CallToolResult | undefined): string | undefined {
  if (!result?.isError) return undefined;
  const text = result.content
    .filter((block): block is { type: 'text'; text: string } => block.type === 'text')
    .map((block) => block.text)
    .join('\n');
  return boundErrorText(text || 'The tool reported an error without text.');
}
