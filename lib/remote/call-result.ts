/**
 * The check of a remote server's `tools/call` result on the forwarding hot
 * path (entry.ts). The SDK client's `callTool` validates every result with
 * the spec's zod schemas (and, per request, first probes the era codec with
 * an `undefined` result whose failure it formats as a string): in the hub's
 * profile of bench/peer-remote.bench.ts that was the largest JS cost of a
 * forwarded call. The hub only relays the result — its own downstream
 * client validates it again — so this checks what the hub and its clients
 * rely on, structurally and without allocating: an object, `content` an
 * array of content blocks (each an object with a known string `type`, text
 * blocks with a string `text`; absent means `[]`, as the spec schema's
 * default), `isError` a boolean and `structuredContent` an object when
 * present. A 2024-10-07 `toolResult` answer passes as the SDK's
 * compatibility schema lets it. Sizes are already capped per message
 * (message-cap.ts) and measured by metering.
 */
import type { CallToolResult, StandardSchemaV1 } from '@modelcontextprotocol/client';

const BLOCK_TYPES = new Set(['text', 'image', 'audio', 'resource_link', 'resource']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why `value` is not a usable CallToolResult, or null when it is. */
export function callResultProblem(value: unknown): string | null {
  if (!isObject(value)) return 'the result is not an object';
  if (value.isError !== undefined && typeof value.isError !== 'boolean') return 'isError is not a boolean';
  if (value.structuredContent !== undefined && !isObject(value.structuredContent)) return 'structuredContent is not an object';
  const content = value.content;
  if (content === undefined) return null;
  if (!Array.isArray(content)) return 'content is not an array';
  for (let i = 0; i < content.length; i++) {
    const block: unknown = content[i];
    if (!isObject(block) || typeof block.type !== 'string' || !BLOCK_TYPES.has(block.type)) return `content[${i}] is not a content block (text, image, audio, resource_link or resource)`;
    if (block.type === 'text' && typeof block.text !== 'string') return `content[${i}] is a text block without a string text`;
  }
  return null;
}

/** The result schema the hub passes to `client.request` for a forwarded `tools/call`. */
export const forwardedCallResult: StandardSchemaV1<unknown, CallToolResult> = {
  '~standard': {
    version: 1,
    vendor: 'mcphub',
    validate(value) {
      const problem = callResultProblem(value);
      if (problem) return { issues: [{ message: `Invalid tools/call result: ${problem}` }] };
      const result = value as CallToolResult;
      return { value: result.content === undefined && !('toolResult' in result) ? { ...result, content: [] } : result };
    },
  },
};
