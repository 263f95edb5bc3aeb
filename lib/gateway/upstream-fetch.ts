/**
 * The fetch under every integration's upstream requests (the executor meters
 * it). It reads each response body itself, before the SDK sees it:
 *
 * - at most `maxBytes` (MCPHUB_MAX_UPSTREAM_BYTES): past that it cancels the
 *   body, so the socket closes and the rest is never buffered — a 100 MB
 *   answer used to become a 105 MB tool result and 1.36 GB of hub memory;
 * - to its end: a body cut off (the connection closed early, or fewer bytes
 *   than Content-Length) is a failed call, not a short result;
 * - a successful answer labelled JSON must parse (a proxy's HTML page with a
 *   200 used to come back as a successful, billable result), and must not
 *   nest deeper than any API does (parsing depth is what costs).
 *
 * A refusal is a ToolError. The SDKs wrap what fetch throws in their own
 * error types, or replace it (the Linear transport keeps only its message), so
 * the refusal is also kept here for the executor to find (`refusal()`). An
 * upstream read without fetch (PostgreSQL's protocol) counts its own bytes and
 * refuses through `tooLarge()`, with the same words.
 */
import { ToolError } from '../mcp/errors.ts';
import { formatBytes, jsonTextExcess } from '../mcp/json-size.ts';

export interface UpstreamFetchOptions {
  /** Most bytes read from one response body, after decompression (MCPHUB_MAX_UPSTREAM_BYTES). */
  maxBytes: number;
  /** How people know the upstream ("GitHub"), for messages. */
  upstreamName: string;
  /** The variable that points the hub at this upstream (MCPHUB_GITHUB_API_URL), for the operator's part of a message. */
  urlVariable: string;
}

export interface UpstreamFetch {
  fetch: typeof fetch;
  /** The last response refused in this call, if any. */
  refusal(): ToolError | undefined;
  /** For an upstream read some other way (ClientOptions.readLimit): records and returns the refusal for passing `maxBytes`. */
  tooLarge(): ToolError;
}

/** Longest piece of a parser's message kept for logs: it may quote the body. */
const MAX_REASON_CHARS = 200;
/**
 * No API the hub calls nests its answers anywhere near this; JSON.parse time
 * grows sharply with depth (2,000,000 levels in 4 MB: ~1.9 s), so deeper
 * answers are refused unparsed.
 */
export const MAX_UPSTREAM_JSON_DEPTH = 512;

function isJson(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

function concat(chunks: Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** A body that broke after `read` bytes. */
class CutOff extends Error {
  constructor(
    readonly read: number,
    override readonly cause: unknown,
  ) {
    super('upstream body cut off');
  }
}

/** Stateless (no `stream` option), so one serves every call. */
const utf8 = new TextDecoder();

export function createUpstreamFetch(base: typeof fetch, options: UpstreamFetchOptions): UpstreamFetch {
  const { maxBytes, upstreamName: name, urlVariable } = options;
  let refused: ToolError | undefined;

  const tooLarge = (announced: number | null) =>
    new ToolError(
      'UPSTREAM_RESPONSE_TOO_LARGE',
      `${name} answered with more than ${formatBytes(maxBytes)}${announced ? ` (${formatBytes(announced)} announced)` : ''}, the most MCP Hub reads from one upstream response (MCPHUB_MAX_UPSTREAM_BYTES), so it stopped reading and used none of it. Ask for less: a smaller page or limit, a narrower query, or one item instead of a list.`,
      `${name} response over ${maxBytes} bytes${announced ? ` (content-length ${announced})` : ''}`,
    );
  /** `read` is null when the body was read at once (a declared length), so how much arrived is not known. */
  const cutOff = (read: number | null, announced: number | null, cause: unknown) =>
    new ToolError(
      'UPSTREAM_BAD_RESPONSE',
      `${name}'s answer was cut off: the connection closed ${read === null ? 'before' : `after ${formatBytes(read)} of`} ${announced ? `the ${formatBytes(announced)} announced` : 'its answer'}, so none of it was used. Try again; if it keeps happening, the hub operator should check the network to ${name} (and ${urlVariable} if set).`,
      `${name} body ended ${read === null ? 'early' : `after ${read} bytes`}${announced ? ` of ${announced}` : ''}: ${String((cause as Error | undefined)?.message ?? 'short body').slice(0, MAX_REASON_CHARS)}`,
    );
  const notJson = (status: number, read: number, parseError: unknown) =>
    new ToolError(
      'UPSTREAM_BAD_RESPONSE',
      `${name} answered HTTP ${status} with a body that is not valid JSON (${formatBytes(read)}, malformed or cut short), so none of it was used. This is usually an error page from a proxy in front of the API: try again in a moment; if it persists, the hub operator should check ${urlVariable} and what answers there.`,
      `${name} HTTP ${status} body is not JSON: ${String((parseError as Error).message).slice(0, MAX_REASON_CHARS)}`,
    );
  const tooDeep = (status: number, read: number) =>
    new ToolError(
      'UPSTREAM_BAD_RESPONSE',
      `${name} answered HTTP ${status} with JSON nested deeper than ${MAX_UPSTREAM_JSON_DEPTH} levels (${formatBytes(read)}), which its API never sends, so none of it was used. The hub operator should check ${urlVariable} and what answers there.`,
      `${name} HTTP ${status} JSON deeper than ${MAX_UPSTREAM_JSON_DEPTH} levels`,
    );

  /** A body of unknown length, read to its end unless it passes the cap. */
  async function readCapped(stream: ReadableStream<Uint8Array>, announced: number | null): Promise<Uint8Array<ArrayBuffer>> {
    const chunks: Uint8Array[] = [];
    let read = 0;
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return concat(chunks, read);
        read += value.byteLength;
        if (read > maxBytes) {
          void reader.cancel().catch(() => {});
          throw tooLarge(announced);
        }
        chunks.push(value);
      }
    } catch (error) {
      throw error instanceof ToolError ? error : new CutOff(read, error);
    }
  }

  /** The body, read whole within the cap, as a fresh Response the SDK can read as usual. */
  async function settle(response: Response, callerSignal: AbortSignal | null | undefined): Promise<Response> {
    // A compressed body is decompressed by fetch, so its Content-Length says nothing about what is read.
    const identity = (response.headers.get('content-encoding') ?? 'identity').toLowerCase() === 'identity';
    const header = response.headers.get('content-length');
    const announced = identity && header !== null && /^\d+$/.test(header) ? Number(header) : null;
    if (announced !== null && announced > maxBytes) {
      // Cancelling the body closes the connection, so the rest is never read.
      void response.body?.cancel().catch(() => {});
      throw tooLarge(announced);
    }
    let bytes: Uint8Array<ArrayBuffer> | null = null;
    let read = 0;
    try {
      // A length within the cap is all fetch reads, so it can read the body at once; otherwise count it as it comes.
      bytes = announced !== null ? await response.bytes() : response.body ? await readCapped(response.body, announced) : null;
      read = bytes?.byteLength ?? 0;
    } catch (error) {
      // A timeout or cancellation is the executor's to report; anything else broke the body midway.
      if (error instanceof ToolError || callerSignal?.aborted) throw error;
      throw error instanceof CutOff ? cutOff(error.read, announced, error.cause) : cutOff(null, announced, error);
    }
    if (announced !== null && read < announced) throw cutOff(read, announced, undefined);

    const headers = new Headers(response.headers);
    headers.delete('content-encoding');
    headers.delete('content-length');
    const init = { status: response.status, statusText: response.statusText, headers };
    let body: string | Uint8Array<ArrayBuffer> | null = read === 0 ? null : bytes;
    // Error bodies are the SDK's to interpret (its error mapping reads the status); only a success must be what it claims.
    if (body && response.ok && isJson(response.headers.get('content-type'))) {
      // Decoded as Response.text() does (UTF-8, BOM dropped); a string body costs the SDK nothing to read again.
      body = utf8.decode(body);
      if (jsonTextExcess(body, MAX_UPSTREAM_JSON_DEPTH, Number.POSITIVE_INFINITY)) throw tooDeep(response.status, read);
      try {
        JSON.parse(body);
      } catch (error) {
        throw notJson(response.status, read, error);
      }
    }
    const settled = new Response(body, init);
    // Some SDKs read the final URL (Slack's WebClient does); a constructed Response has none.
    Object.defineProperty(settled, 'url', { value: response.url });
    return settled;
  }

  const capped = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const response = await base(input, init);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    // No body to read, whatever Content-Length says (for HEAD it is the size of the body not sent).
    if (method === 'HEAD' || response.status === 204 || response.status === 205 || response.status === 304) return response;
    try {
      return await settle(response, init?.signal ?? (input instanceof Request ? input.signal : undefined));
    } catch (error) {
      if (error instanceof ToolError) refused = error;
      throw error;
    }
  }) as typeof fetch;

  return {
    fetch: capped,
    refusal: () => refused,
    tooLarge: () => (refused = tooLarge(null)),
  };
}
