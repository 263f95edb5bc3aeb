/**
 * Reads a POSTed MCP message for the SDK, refusing one that would be costly to
 * parse before it is parsed. JSON.parse in Bun's engine slows sharply with
 * depth and with width: 4 MB of brackets (2,000,000 levels) parse in ~1.9 s
 * here, one object of 300,000 keys (3.5 MB) in ~0.5 s, 4 MB of ordinary JSON
 * in ~15 ms — and the SDK parses a body before any tool limit could look at
 * it. One pass that skips string contents counts both, in ~2 ms for 4 MB,
 * stopping at the first value past a limit. The parsed body is handed to the
 * SDK (`parsedBody`), so a body is still read and parsed once.
 */
import { jsonTextExcess } from '../mcp/json-size.ts';
import { MAX_ARGUMENT_DEPTH, MAX_ARGUMENT_NODES } from './middleware/argument-limits.ts';

/**
 * The envelope (message → params → arguments) adds a few levels and values;
 * twice the argument limits leave room for `_meta` and let arguments up to
 * here be refused by the argument limits, with a tool result the client shows.
 * 20,000 values parse in ~4 ms even as one object's keys (50,000: ~35 ms).
 */
export const MAX_MESSAGE_DEPTH = 2 * MAX_ARGUMENT_DEPTH;
export const MAX_MESSAGE_VALUES = 2 * MAX_ARGUMENT_NODES;

export type MessageBody = { ok: true; request: Request; parsedBody?: unknown } | { ok: false; response: Response };

const rpcError = (status: number, code: number, message: string) => Response.json({ jsonrpc: '2.0', id: null, error: { code, message } }, { status });

/**
 * The request to pass to the SDK and its parsed body. Bodies that are empty or
 * not JSON go on as text, so the SDK gives its usual answer for them.
 */
export async function readMessageBody(request: Request): Promise<MessageBody> {
  if (request.method.toUpperCase() !== 'POST') return { ok: true, request };
  let text: string;
  try {
    text = await request.text();
  } catch {
    // The edge's body guard stopped the read (too large, too slow) and will answer for it.
    return { ok: false, response: rpcError(400, -32700, 'Parse error: the request body could not be read') };
  }
  const excess = jsonTextExcess(text, MAX_MESSAGE_DEPTH, MAX_MESSAGE_VALUES);
  if (excess) {
    const what =
      excess === 'depth'
        ? `nests deeper than the limit of ${MAX_MESSAGE_DEPTH} levels, so MCP Hub did not read it. Tool arguments may nest at most ${MAX_ARGUMENT_DEPTH} levels: send flatter arguments`
        : `holds more than the limit of ${MAX_MESSAGE_VALUES.toLocaleString('en-US')} values, so MCP Hub did not read it. Tool arguments may hold at most ${MAX_ARGUMENT_NODES.toLocaleString('en-US')}: split the work across calls`;
    return { ok: false, response: rpcError(400, -32602, `The request ${what}.`) };
  }
  let parsedBody: unknown;
  try {
    parsedBody = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    parsedBody = undefined;
  }
  return parsedBody === undefined ? { ok: true, request: new Request(request, { body: text }) } : { ok: true, request, parsedBody };
}
