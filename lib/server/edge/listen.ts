/**
 * Serving the hub with Bun: the socket-level half of the edge. Bun gives each
 * request its peer address and a per-connection idle timeout the edge can
 * change (`server.timeout`), but no hook per connection: a connection that
 * has not finished its headers is Bun's alone (it is cut 8–12 s after
 * connecting, measured on 1.4.5), and so is how many connections one address
 * may open — a reverse proxy or the firewall bounds those.
 */
import type { Server } from 'bun';
import { IDLE_TIMEOUT_SECONDS, type EdgeHandler } from './index.ts';

/**
 * The edge refuses bodies over MCPHUB_MAX_BODY_BYTES itself, with a message;
 * Bun's own limit would answer first with a bare 413. Bun reads a body only as
 * fast as a handler consumes it (measured on 1.4.5: an unread 500 MB upload
 * held under 10 MB in the hub), so lifting its limit costs nothing.
 */
const BUN_BODY_LIMIT = Number.MAX_SAFE_INTEGER;

export function listen(handle: EdgeHandler, address: { hostname: string; port: number }): Server<undefined> {
  return Bun.serve({
    ...address,
    // A second hub on the same port must fail, not silently share it.
    reusePort: false,
    development: false,
    idleTimeout: IDLE_TIMEOUT_SECONDS,
    maxRequestBodySize: BUN_BODY_LIMIT,
    fetch: (request, server) => handle(request, { address: server.requestIP(request)?.address ?? null, setIdleTimeout: (seconds) => server.timeout(request, seconds) }),
  });
}
