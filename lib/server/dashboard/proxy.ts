/**
 * Forwarding a dashboard request to the Next server and its answer back,
 * bodies streamed both ways. It runs inside the hub's edge (app.ts), so a
 * dashboard request is bounded like any other (Host/Origin rules, in-flight
 * limits, body size and time); here it only gets a deadline for Next's
 * answer to begin, so a stuck Next server cannot hold requests forever.
 */
import type { Handler } from '../edge/index.ts';

/** Per-connection headers (RFC 9110 §7.6.1): they describe one hop, not the request. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'];
/** How long Next may take to start answering (a page render); the body then streams as long as it takes. */
export const DASHBOARD_ANSWER_TIMEOUT_MS = 30_000;

function withoutHopHeaders(source: Headers): Headers {
  const headers = new Headers(source);
  for (const name of HOP_BY_HOP) headers.delete(name);
  return headers;
}

/** A handler that forwards to `origin`, keeping the path, query, method, headers and body. */
export function proxyTo(origin: string, timeoutMs = DASHBOARD_ANSWER_TIMEOUT_MS): Handler {
  return async (request) => {
    const url = new URL(request.url);
    const headers = withoutHopHeaders(request.headers);
    // Bun's fetch would unpack a compressed answer yet keep its Content-Encoding; on loopback compression buys nothing.
    headers.set('accept-encoding', 'identity');
    headers.set('x-forwarded-host', url.host);
    headers.set('x-forwarded-proto', url.protocol.slice(0, -1));
    const controller = new AbortController();
    const onAbort = () => controller.abort(request.signal.reason);
    request.signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new Error(`the dashboard did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    try {
      const hasBody = request.body !== null && request.method !== 'GET' && request.method !== 'HEAD';
      const answer = await fetch(origin + url.pathname + url.search, {
        method: request.method,
        headers,
        redirect: 'manual',
        signal: controller.signal,
        ...(hasBody && { body: request.body, duplex: 'half' }),
      });
      return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: withoutHopHeaders(answer.headers) });
    } finally {
      clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
    }
  };
}
