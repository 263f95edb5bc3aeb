/**
 * CORS for browser-based MCP clients on origins the operator allowed
 * (`MCPHUB_ALLOWED_ORIGINS`), and for nothing else: a preflight from any other
 * origin is refused by the Origin rule before it gets here, and other
 * responses carry no Access-Control-* headers. Keys travel in headers, never
 * cookies, so credentials mode is not offered.
 */

/** What a Streamable HTTP client sends (2025-11-25 and 2026-07-28, whose Mcp-Method / Mcp-Name identify a request). */
const ALLOWED_HEADERS = ['authorization', 'x-api-key', 'content-type', 'accept', 'mcp-protocol-version', 'mcp-session-id', 'last-event-id', 'mcp-method', 'mcp-name'];
/** SEP-2243 lets a tool declare headers that mirror its arguments, named `Mcp-Param-<Name>`. */
const PARAM_HEADER_PREFIX = 'mcp-param-';
/** What a client must read off a response: its session, the auth challenge, and when to retry a refusal. */
const EXPOSED_HEADERS = 'mcp-session-id, www-authenticate, retry-after';
const ALLOWED_METHODS = 'GET, POST, DELETE';
/** How long a browser may reuse a preflight answer (Chromium caps this at 2 h). */
const MAX_AGE_SECONDS = '600';

export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('origin') && request.headers.has('access-control-request-method');
}

/** 204 for a preflight from an allowed origin: the fixed header list plus any `Mcp-Param-*` the browser asks for. */
export function preflightResponse(request: Request, origin: string): Response {
  const requested = (request.headers.get('access-control-request-headers') ?? '').split(',').map((name) => name.trim().toLowerCase());
  const params = requested.filter((name) => name.startsWith(PARAM_HEADER_PREFIX) && /^[a-z0-9-]{1,100}$/.test(name));
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': [...ALLOWED_HEADERS, ...params].join(', '),
      'access-control-max-age': MAX_AGE_SECONDS,
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    },
  });
}

/** The headers an actual (non-preflight) response to an allowed cross-origin request carries. */
export function corsHeaders(origin: string): Record<string, string> {
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS, vary: 'Origin' };
}
