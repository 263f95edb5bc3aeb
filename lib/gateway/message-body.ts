/**
 * Reads a POSTed MCP message for the SDK, refusing one that nests too deep
 * before it is parsed. JSON.parse slows sharply with depth in Bun's engine:
 * 4 MB of brackets (2,000,000 levels) parse in ~1.9 s here, 4 MB of ordinary
 * JSON in ~15 ms, and the SDK parses a body before any tool limit could look
 * at it. A scan that skips string contents finds the depth in ~2 ms for 4 MB
 * and stops at the first bracket past the limit. The parsed body is handed to
 * the SDK (`parsedBody`), so a body is still read and parsed once.
 */
import { MAX_ARGUMENT_DEPTH } from './middleware/argument-limits.ts';

/**
 * The envelope (message → params → arguments) adds three levels; twice the
 * argument limit leaves room for `_meta` and lets arguments nested up to here
 * be refused by the argument limit with a tool result the client can show.
 */
export const MAX_MESSAGE_DEPTH = 2 * MAX_ARGUMENT_DEPTH;

export type MessageBody = { ok: true; request: Request; parsedBody?: unknown } | { ok: false; response: Response };

/** True when `text`, read as JSON, opens more than `maxDepth` arrays or objects at once (brackets inside strings do not count). */
export function nestsDeeper(text: string, maxDepth: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      // To the closing quote: the next one not escaped by an odd run of backslashes.
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return false;
        let slashes = 0;
        while (text.charCodeAt(i - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
      }
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}

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
  if (nestsDeeper(text, MAX_MESSAGE_DEPTH)) {
    const message = `The request nests deeper than the limit of ${MAX_MESSAGE_DEPTH} levels, so MCP Hub did not read it. Tool arguments may nest at most ${MAX_ARGUMENT_DEPTH} levels: send flatter arguments.`;
    return { ok: false, response: rpcError(400, -32602, message) };
  }
  let parsedBody: unknown;
  try {
    parsedBody = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    parsedBody = undefined;
  }
  return parsedBody === undefined ? { ok: true, request: new Request(request, { body: text }) } : { ok: true, request, parsedBody };
}
