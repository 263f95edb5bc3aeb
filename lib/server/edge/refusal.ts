/**
 * What the edge answers when it refuses a request (STYLE.md 8: a tagged
 * reason, one exhaustive switch to wire text). Each message says what
 * happened and which setting bounds it; on `/mcp` the body keeps the JSON-RPC
 * error shape the gateway uses, elsewhere it is `{ error, message }`. Every
 * refusal closes the connection: the request's body may be unread, and
 * reading it would cost what the refusal is there to save.
 */

export type Refusal =
  | { reason: 'host_not_allowed'; host: string }
  | { reason: 'origin_not_allowed'; origin: string }
  | { reason: 'body_too_large'; maxBodyBytes: number }
  | { reason: 'body_too_slow'; bodyTimeoutMs: number }
  | { reason: 'auth_failures'; perMinute: number; retryAfterSeconds: number }
  | { reason: 'requests_per_address'; limit: number }
  | { reason: 'requests_total'; limit: number }
  | { reason: 'streams_per_address'; limit: number }
  | { reason: 'streams_total'; limit: number };

/** Values quoted from the request are cut to this, so a refusal is never as long as what provoked it. */
export const MAX_QUOTED_CHARS = 100;
/** A listen stream lasts a session; retrying one within a second would only be refused again. */
const STREAM_RETRY_SECONDS = 10;

const quoted = (value: string) => JSON.stringify(value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}…` : value);

/**
 * Streams turned off by the operator: 405, as the Streamable HTTP spec answers
 * a GET on a server that offers no stream, with no Retry-After — retrying
 * cannot help, unlike a full stream table.
 */
const streamsOff = (setting: string) => ({ status: 405, message: `MCP Hub is configured to accept no listen streams (${setting}=0); call it without subscribing to notifications.` });

function describe(refusal: Refusal): { status: number; message: string; retryAfterSeconds?: number } {
  switch (refusal.reason) {
    case 'host_not_allowed':
      return { status: 403, message: `MCP Hub does not answer to Host ${quoted(refusal.host)}: it accepts loopback names (localhost, 127.0.0.1, [::1]) and the names in MCPHUB_ALLOWED_HOSTS, so a web page cannot reach it through DNS rebinding. If a proxy forwards this name to the hub, add it to MCPHUB_ALLOWED_HOSTS.` };
    case 'origin_not_allowed':
      return { status: 403, message: `MCP Hub refused a request from the web page at ${quoted(refusal.origin)}: browsers may call it only from its own origin and the origins in MCPHUB_ALLOWED_ORIGINS (DNS-rebinding protection). To use a browser-based MCP client served from that origin, add the origin (scheme://host[:port]) to MCPHUB_ALLOWED_ORIGINS.` };
    case 'body_too_large':
      return { status: 413, message: `The request body is larger than the ${refusal.maxBodyBytes} bytes MCP Hub accepts. Send less, or have the operator raise MCPHUB_MAX_BODY_BYTES.` };
    case 'body_too_slow':
      return { status: 408, message: `The request body did not arrive within ${refusal.bodyTimeoutMs} ms, so MCP Hub stopped waiting for it. Retry; on a connection this slow, the operator can raise MCPHUB_BODY_TIMEOUT_MS.` };
    case 'auth_failures':
      return { status: 429, retryAfterSeconds: refusal.retryAfterSeconds, message: `Too many failed authentications from your address (the limit is ${refusal.perMinute} a minute, MCPHUB_AUTH_FAILURES_PER_MINUTE), so MCP Hub is not checking keys from it for ${refusal.retryAfterSeconds} s. Retry then with a valid API key.` };
    case 'requests_per_address':
      return { status: 429, retryAfterSeconds: 1, message: `Your address already has ${refusal.limit} requests in progress, the most MCP Hub handles at once for one client address (MCPHUB_MAX_REQUESTS_PER_IP). Retry when some have finished.` };
    case 'requests_total':
      return { status: 503, retryAfterSeconds: 1, message: `MCP Hub is handling its maximum of ${refusal.limit} requests at once (MCPHUB_MAX_REQUESTS). Retry in a moment.` };
    case 'streams_per_address':
      if (refusal.limit === 0) return streamsOff('MCPHUB_MAX_STREAMS_PER_IP');
      return { status: 429, retryAfterSeconds: STREAM_RETRY_SECONDS, message: `Your address already has ${refusal.limit} listen streams open, the most MCP Hub keeps for one client address (MCPHUB_MAX_STREAMS_PER_IP). Close a session you no longer use, or retry later.` };
    case 'streams_total':
      if (refusal.limit === 0) return streamsOff('MCPHUB_MAX_STREAMS');
      return { status: 503, retryAfterSeconds: STREAM_RETRY_SECONDS, message: `MCP Hub has its maximum of ${refusal.limit} listen streams open (MCPHUB_MAX_STREAMS). Retry later.` };
  }
}

/** The refusal as an HTTP response for a request to `pathname`. */
export function refusalResponse(refusal: Refusal, pathname: string): Response {
  const { status, message, retryAfterSeconds } = describe(refusal);
  const body = pathname === '/mcp' ? { jsonrpc: '2.0', id: null, error: { code: -32000, message } } : { error: refusal.reason, message };
  const headers: Record<string, string> = { connection: 'close' };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  return Response.json(body, { status, headers });
}
