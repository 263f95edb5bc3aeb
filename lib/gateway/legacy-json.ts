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
import { isLegacyRequest, WebStandardStreamableHTTPServerTransport, type AuthInfo, type McpServerFactory } from '@modelcontextprotocol/server';

/** Whether `serveLegacyJson` answers this request: a POST whose parsed body is 2025-era. */
export async function isLegacyPost(request: Request, parsedBody: unknown): Promise<boolean> {
  return parsedBody !== undefined && (await isLegacyRequest(request, parsedBody));
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
    return await Promise.race([transport.handleRequest(request, options), hungUp]);
  } finally {
    request.signal.removeEventListener('abort', hangUp);
    transport.close().catch(() => {});
    server.close().catch(() => {});
  }
}
