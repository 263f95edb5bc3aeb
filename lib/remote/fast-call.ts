/**
 * A forwarded `tools/call` to a 2026-07-28 upstream as one plain POST
 * (issue 11's speed target on bench/peer-remote.bench.ts). On that revision
 * a call is self-contained — no session, the envelope in `_meta`, the
 * method and name in headers — so the SDK client's per-message work (zod
 * checks of every outgoing and incoming JSON-RPC message, the era codec's
 * result schemas, its request bookkeeping) was most of the JS the hub spent
 * relaying one. This sends what the SDK's StreamableHTTPClientTransport sends
 * for it, through the same fetch (SSRF guard, per-message cap), and reads
 * the answer as the SDK does: a JSON body or an event stream (its
 * `tools/list_changed` passed to `onToolsChanged`), a JSON-RPC error as a
 * ProtocolError, an HTTP failure as an SdkHttpError with its status, a
 * result checked by call-result.ts with `resultType` lifted off.
 *
 * Used only where it sends the same bytes (sessions.ts `fastTarget`): a
 * modern-era session without OAuth (the SDK's auth provider refreshes
 * tokens), a call without a progress token and a tool without x-mcp-header
 * parameters (entry.ts), a name that goes in `Mcp-Name` as it is.
 */
import { ProtocolError, SdkError, SdkErrorCode, SdkHttpError, type CallToolResult } from '@modelcontextprotocol/client';
import { callResultProblem } from './call-result.ts';

export interface FastTarget {
  url: URL;
  /** The session's fetch: SSRF guard and per-message cap. */
  fetch: typeof fetch;
  /** Credential headers and the negotiated `mcp-protocol-version`. */
  headers: Record<string, string>;
  /** The `_meta` envelope the SDK sends with every request of the session. */
  envelope: Record<string, unknown>;
  onToolsChanged?: () => void;
}

/** Whether `name` goes in `Mcp-Name` unchanged (the SDK base64-encodes any other, which this path does not). */
export function plainHeaderValue(name: string): boolean {
  return name.length > 0 && name === name.trim() && !name.startsWith('=?') && /^[\t\x20-\x7e]+$/.test(name);
}

let nextId = 0;

interface Message {
  id?: unknown;
  method?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown; data?: unknown };
}

function resultOf(message: Message): CallToolResult {
  if (message.error !== undefined) {
    const { code, message: text, data } = message.error ?? {};
    throw ProtocolError.fromError(typeof code === 'number' ? code : -32603, typeof text === 'string' ? text : 'the server answered an error without a message', data);
  }
  const raw = message.result as Record<string, unknown> | undefined;
  const problem = callResultProblem(raw);
  if (problem) throw new SdkError(SdkErrorCode.InvalidResult, `Invalid result for tools/call: ${problem}`);
  if (raw!.resultType !== 'complete') {
    throw new SdkError(SdkErrorCode.UnsupportedResultType, raw!.resultType === undefined ? 'Invalid result for tools/call: missing required resultType' : `Unsupported result type '${String(raw!.resultType)}' for tools/call`);
  }
  const { resultType: _, ...result } = raw!;
  return (result.content === undefined && !('toolResult' in result) ? { ...result, content: [] } : result) as CallToolResult;
}

/** The message answering `id` in an event stream; list_changed notifications on the way are passed on. */
async function fromEventStream(body: ReadableStream<Uint8Array>, id: number, target: FastTarget): Promise<Message> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) text += decoder.decode(value, { stream: true });
      // Complete events (the cap, message-cap.ts, passes whole events); `data:` lines joined as the SSE format says.
      let end: number;
      while ((end = text.search(/\r?\n\r?\n|\r\r/)) >= 0) {
        const event = text.slice(0, end);
        text = text.slice(end).replace(/^(\r?\n\r?\n|\r\r)/, '');
        const data = event.split(/\r?\n|\r/).filter((line) => line.startsWith('data:')).map((line) => line.slice(line.startsWith('data: ') ? 6 : 5)).join('\n');
        if (!data) continue;
        const message = JSON.parse(data) as Message;
        if (message.id === id) return message;
        if (message.method === 'notifications/tools/list_changed') target.onToolsChanged?.();
      }
      if (done) throw new SdkError(SdkErrorCode.ConnectionClosed, 'the server closed the event stream before answering the call');
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
}

/** `tools/call` on `target`, answered as the SDK client's `request` would answer it. */
export async function fastCallTool(target: FastTarget, params: { name: string; arguments: Record<string, unknown> }, signal: AbortSignal): Promise<CallToolResult> {
  nextId = (nextId + 1) % Number.MAX_SAFE_INTEGER;
  const id = nextId;
  const response = await target.fetch(target.url, {
    method: 'POST',
    headers: { ...target.headers, 'mcp-method': 'tools/call', 'mcp-name': params.name, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { ...params, _meta: target.envelope } }),
    signal,
  });
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    // A 2026-07-28 server refuses a request with a JSON-RPC error body (often 400): that error, as the SDK delivers it.
    if (type.includes('json')) {
      let message: Message | null = null;
      try {
        message = JSON.parse(text) as Message;
      } catch {
        // Not JSON after all: the HTTP failure below.
      }
      if (message?.error) resultOf(message);
    }
    throw new SdkHttpError(response.status === 401 ? SdkErrorCode.ClientHttpAuthentication : response.status === 403 ? SdkErrorCode.ClientHttpForbidden : SdkErrorCode.ClientHttpNotImplemented, `Error POSTing to endpoint (HTTP ${response.status}): ${text.slice(0, 200)}`, { status: response.status, statusText: response.statusText });
  }
  if (!response.body) throw new SdkHttpError(SdkErrorCode.ClientHttpUnexpectedContent, 'the server answered the call with an empty body', { status: response.status, statusText: response.statusText });
  if (type.startsWith('text/event-stream')) return resultOf(await fromEventStream(response.body, id, target));
  if (!type.includes('json')) {
    void response.body.cancel().catch(() => {});
    throw new SdkHttpError(SdkErrorCode.ClientHttpUnexpectedContent, `Unexpected content type: ${type || 'none'}`, { status: response.status, statusText: response.statusText });
  }
  const message = (await response.json()) as Message;
  if (typeof message !== 'object' || message === null || Array.isArray(message) || message.id !== id) throw new SdkError(SdkErrorCode.InvalidResult, 'the server answered with a message that does not answer the call');
  return resultOf(message);
}
