/**
 * 2025-era (2025-11-25 and older) requests answered with one JSON body.
 *
 * The SDK's built-in stateless legacy leg frames every answer as an SSE
 * stream and pipes it through a second stream to see it end; on a hub that
 * sends nothing before a tool's result that is a seventh of the hub's CPU per
 * `tools/call` (bench/peer.bench.ts, 2025-11-25). Streamable HTTP lets the
 * server answer a POST with `application/json` instead, and every client must
 * accept it. So POSTed 2025-era messages are routed here with the SDK's own
 * `isLegacyRequest` — the pattern the SDK documents for a custom legacy leg —
 * and served by its stateless transport in JSON mode. What this gives up:
 * notifications sent during a 2025-era call (progress, logging) would be
 * dropped; the hub sends none. GET and DELETE still reach the SDK (405).
 */
import { isLegacyRequest, PROTOCOL_VERSION_META_KEY, WebStandardStreamableHTTPServerTransport, type AuthInfo, type McpServerFactory } from '@modelcontextprotocol/server';
import { notedRateLimit } from './mcp-server.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * True for a body the SDK's classifier can never call 2025-era: one message,
 * not a response (no `result`, no `error`), not `initialize`, whose params
 * carry the per-request envelope claim (the protocol-version `_meta` key).
 * The SDK routes every such body to its modern path, whether to serve it or
 * to refuse it (its `isLegacyRequest` docs; `classifyInboundRequest`). Every
 * 2026-07-28 call is one, and `createMcpHandler` classifies the body anyway,
 * with several zod parses: asking `isLegacyRequest` first classified each
 * modern call twice. Anything else still goes to `isLegacyRequest`.
 */
function claimsModernEnvelope(body: unknown): boolean {
  if (!isObject(body) || 'result' in body || 'error' in body || body.method === 'initialize') return false;
  const meta = isObject(body.params) ? body.params._meta : undefined;
  return isObject(meta) && PROTOCOL_VERSION_META_KEY in meta;
}

/** Whether `serveLegacyJson` answers this request: a POST whose parsed body is 2025-era. */
export async function isLegacyPost(request: Request, parsedBody: unknown): Promise<boolean> {
  return parsedBody !== undefined && !claimsModernEnvelope(parsedBody) && (await isLegacyRequest(request, parsedBody));
}

/** Serves one 2025-era POST on a fresh server from `factory`, as the SDK's stateless leg does, with a JSON answer. */
export async function serveLegacyJson(factory: McpServerFactory, request: Request, options: { authInfo: AuthInfo; parsedBody: unknown }): Promise<Response> {
  const server = await factory({ era: 'legacy', authInfo: options.authInfo, requestInfo: request });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  // A client that hangs up gets no answer; closing the server aborts the running handlers' signals, which cancels the upstream call.
  let hangUp = () => {};
  const hungUp = new Promise<Response>((resolve) => {
    hangUp = () => resolve(new Response(null, { status: 499 }));
    request.signal.addEventListener('abort', hangUp, { once: true });
    if (request.signal.aborted) hangUp();
  });
  try {
    const response = await Promise.race([transport.handleRequest(request, options), hungUp]);
    // A call refused by the plan's rate is a plain POST's 429 with Retry-After here too, as on the direct path (direct-call.ts).
    const limited = notedRateLimit(options.authInfo as { extra?: Record<string, unknown> });
    if (!limited || response.status !== 200) return response;
    const headers = new Headers(response.headers);
    headers.set('retry-after', String(limited.retryAfterSeconds));
    return new Response(response.body, { status: 429, headers });
  } finally {
    request.signal.removeEventListener('abort', hangUp);
    transport.close().catch(() => {});
    server.close().catch(() => {});
  }
}
