/**
 * The response cap for remote MCP servers (MCPHUB_MAX_UPSTREAM_BYTES, as for
 * built-in integrations), per JSON-RPC message rather than per body: a
 * Streamable HTTP answer may be an event stream that carries progress
 * notifications before its result, or stays open for list_changed, so the
 * built-ins' whole-body read (lib/gateway/upstream-fetch.ts) would hold back
 * progress and never finish a listen stream.
 *
 * An event stream is passed on one complete event at a time; a JSON body
 * whole. A message past the cap is never passed on: the upstream body is
 * cancelled (the socket closes, the rest is never buffered) and, for a POST
 * of one request, the SDK gets a JSON-RPC error for that request's id in its
 * place, so the call fails at once with words a person can act on instead
 * of hanging until its timeout.
 */
import { formatBytes } from '../mcp/json-size.ts';
import { readBounded } from '../read-bounded.ts';

/** The most of an error answer (HTTP 4xx/5xx) read: its message, not a document. */
const ERROR_BODY_BYTES = 64 * 1024;

/** The code of the error put in place of a message past the cap (JSON-RPC's internal error). */
export const TOO_LARGE_CODE = -32603;

export function tooLargeMessage(serverName: string, maxBytes: number): string {
  return `${serverName} answered with a message of more than ${formatBytes(maxBytes)}, the most MCP Hub reads from one upstream response (MCPHUB_MAX_UPSTREAM_BYTES), so it stopped reading and used none of it. Ask for less: a smaller page or limit, a narrower query, or one item instead of a list.`;
}

function requestIdOf(init: RequestInit | undefined): string | number | null {
  if (typeof init?.body !== 'string') return null;
  try {
    const message = JSON.parse(init.body) as { id?: unknown };
    return typeof message.id === 'string' || typeof message.id === 'number' ? message.id : null;
  } catch {
    return null;
  }
}

const encoder = new TextEncoder();

function concat(chunks: Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Index just past the first blank line (`\n\n`, `\r\n\r\n` or `\r\r`) in `bytes` from `from`, or -1. */
function eventEnd(bytes: Uint8Array, from: number): number {
  for (let i = Math.max(from, 1); i < bytes.length; i++) {
    if (bytes[i] !== 0x0a && bytes[i] !== 0x0d) continue;
    // A line ends here; an empty line right before it means the event ended.
    if (bytes[i] === 0x0a && bytes[i - 1] === 0x0a) return i + 1;
    if (bytes[i] === 0x0a && bytes[i - 1] === 0x0d && i >= 3 && bytes[i - 2] === 0x0a && bytes[i - 3] === 0x0d) return i + 1;
    if (bytes[i] === 0x0d && bytes[i - 1] === 0x0d) return i + 1;
  }
  return -1;
}

export function cappedMessageFetch(base: typeof fetch, options: { maxBytes: number; serverName: string }): typeof fetch {
  const { maxBytes } = options;
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const response = await base(input, init);
    if (!response.body) return response;
    // An error answer is read only for its words (the SDK puts them in its error): a bounded prefix, never the whole body.
    if (!response.ok) {
      const read = await readBounded(response.body, Math.min(maxBytes, ERROR_BODY_BYTES));
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      headers.delete('content-encoding');
      const text = read.ok ? read.text : `${options.serverName} answered HTTP ${response.status} with an error body past ${formatBytes(ERROR_BODY_BYTES)}, which MCP Hub did not read.`;
      return new Response(text, { status: response.status, statusText: response.statusText, headers });
    }
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    // A JSON body that declares its length within the cap, uncompressed, cannot grow past it (HTTP framing ends the
    // body there): passed on as it is, without reading and copying it (the common answer to a forwarded call).
    const declared = response.headers.get('content-length');
    if (declared !== null && !type.startsWith('text/event-stream') && !response.headers.has('content-encoding') && /^\d+$/.test(declared) && Number(declared) <= maxBytes) return response;
    // The request's id, for the error put in place of a message past the cap: parsed only once one is.
    let refusalMade: { jsonrpc: '2.0'; id: string | number; error: { code: number; message: string } } | null | undefined;
    const refusalOf = () => {
      if (refusalMade === undefined) {
        const id = requestIdOf(init);
        refusalMade = id === null ? null : { jsonrpc: '2.0', id, error: { code: TOO_LARGE_CODE, message: tooLargeMessage(options.serverName, maxBytes) } };
      }
      return refusalMade;
    };
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    headers.delete('content-encoding');
    const init2 = { status: response.status, statusText: response.statusText, headers };
    const reader = response.body.getReader();

    if (!type.startsWith('text/event-stream')) {
      // One JSON message (or batch): read whole, within the cap.
      const chunks: Uint8Array[] = [];
      let read = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        read += value.byteLength;
        if (read > maxBytes) {
          void reader.cancel().catch(() => {});
          const refusal = refusalOf();
          if (!refusal) throw new Error(tooLargeMessage(options.serverName, maxBytes));
          headers.set('content-type', 'application/json');
          return new Response(JSON.stringify(refusal), init2);
        }
        chunks.push(value);
      }
      return new Response(concat(chunks, read), init2);
    }

    // An event stream: passed on one complete event at a time. `held` is the incomplete event read so far, as chunks,
    // so a large event is copied once.
    let held: Uint8Array[] = [];
    let heldBytes = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const refuse = () => {
          void reader.cancel().catch(() => {});
          const refusal = refusalOf();
          if (refusal) controller.enqueue(encoder.encode(`event: message\ndata: ${JSON.stringify(refusal)}\n\n`));
          controller.close();
        };
        for (;;) {
          if (heldBytes > maxBytes) return refuse();
          const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
          if (done) {
            if (heldBytes > 0) controller.enqueue(concat(held, heldBytes));
            controller.close();
            return;
          }
          // With the last bytes held, so a blank line split across two chunks is found; an end found lies in `value`
          // (ends within what is held were found when it arrived).
          const last = held.at(-1);
          const context = last ? last.subarray(Math.max(0, last.length - 3)) : new Uint8Array(0);
          const window = concat([context, value], context.length + value.byteLength);
          const ends: number[] = [];
          for (let from = 0, end; (end = eventEnd(window, from)) >= 0; from = end) ends.push(end - context.length);
          if (ends.length === 0) {
            held.push(value);
            heldBytes += value.byteLength;
            continue;
          }
          // Each event that ended here within the cap, the first one counting what was held.
          const sizes = ends.map((end, i) => (i === 0 ? heldBytes + end : end - ends[i - 1]!));
          if (sizes.some((size) => size > maxBytes)) return refuse();
          const upTo = ends.at(-1)!;
          controller.enqueue(concat([...held, value.subarray(0, upTo)], heldBytes + upTo));
          held = upTo < value.byteLength ? [value.slice(upTo)] : [];
          heldBytes = value.byteLength - upTo;
          return;
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(stream, init2);
  }) as typeof fetch;
}
