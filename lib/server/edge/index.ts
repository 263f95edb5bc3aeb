/**
 * The hub's edge (issue 11): what every request passes before a route may
 * spend anything on it, as one `(handler) => handler` wrapper around all the
 * routes, so routes added later are covered by default. In order:
 *
 *  1. Host rule and Origin rule (origin.ts; DNS rebinding), then a CORS
 *     preflight from an allowed origin is answered here (cors.ts);
 *  2. an address that failed authentication too often gets 429 (auth-throttle.ts);
 *  3. requests and listen streams in flight, per address and in all (in-flight.ts);
 *  4. a declared body over the limit gets 413; otherwise the route reads the
 *     body through a size and time guard (body.ts), and a guard that trips
 *     turns the answer into 413 or 408.
 *
 * Then the answer is finished: a 401 counts against the address; anything
 * answered while the body is unread closes the connection (Bun would
 * otherwise keep reading a body nobody wants, for as long as the client
 * drips it); event streams release their slots when they end. A client
 * address is known only from a server that has the socket (serve.ts) or a
 * trusted proxy header; without one (`app.handle` in tests, or on a
 * platform without MCPHUB_TRUST_PROXY) the per-address bounds and the auth
 * throttle do not apply and the totals still do.
 */
import type { Logger } from '../../log.ts';
import { limitLogs } from '../../log-limiter.ts';
import type { HubLimits } from '../limits.ts';
import { AuthFailureThrottle } from './auth-throttle.ts';
import { declaresTooLarge, guardBody } from './body.ts';
import { clientKey } from './client-address.ts';
import { corsHeaders, isPreflight, preflightResponse } from './cors.ts';
import { InFlightLimit, type InFlightRefusal } from './in-flight.ts';
import { hostRule, originStanding, requestHost } from './origin.ts';
import { MAX_QUOTED_CHARS, refusalResponse, type Refusal } from './refusal.ts';

/** What the server that accepted a connection knows about it (serve.ts); absent under `app.handle`. */
export interface EdgePeer {
  /** The socket's remote address. */
  address: string | null;
  /** This connection's idle timeout from now on, in seconds (Bun: `server.timeout(request, seconds)`). */
  setIdleTimeout(seconds: number): void;
}

export type Handler = (request: Request) => Promise<Response>;
export type EdgeHandler = (request: Request, peer?: EdgePeer) => Promise<Response>;

export interface EdgeOptions {
  limits: HubLimits;
  /** The address the hub listens on: on loopback it answers only loopback names (and `limits.allowedHosts`). */
  listenHost: string;
  /** How long a tool call may take, so a connection waiting on one is not cut as idle. */
  toolTimeoutMs: number;
  logger: Logger;
  now?: () => number;
}

/**
 * Bun's idle timeout for a connection with nothing in progress (kept alive
 * between requests). Bun's timer ticks every 4 s and, once a request's
 * headers are in, is reset by every byte read or written, so such a
 * connection is cut 8–12 s after it last moved. Headers themselves must be
 * complete within Bun's own 8–12 s of connecting, however they are dripped
 * and whatever this is set to (measured on 1.4.5).
 */
export const IDLE_TIMEOUT_SECONDS = 10;
/** Bun's largest idle timeout. */
const MAX_TIMEOUT_SECONDS = 255;
/** The SDK writes a keep-alive comment on a listen stream every 15 s; two of Bun's 4 s ticks on top. */
const MIN_BUSY_SECONDS = 24;
/** A request in progress may wait on the key lookup (a Convex call gives up at 10 s) besides its body and tool call; plus one timer tick. */
const LOOKUP_SLACK_SECONDS = 15;

/** True for a request that opens a listen stream: 2026-07-28 `subscriptions/listen`, or a 2025-era GET for an event stream. */
function isStreamRequest(request: Request): boolean {
  if (request.method === 'POST') return request.headers.get('mcp-method') === 'subscriptions/listen';
  return request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/event-stream');
}

const isEventStream = (response: Response) => (response.headers.get('content-type') ?? '').startsWith('text/event-stream');

/** Sets headers on a response, copying it first if its headers are immutable. */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  } catch {
    return withHeaders(new Response(response.body, response), headers);
  }
}

/** The same response, calling `onEnd` once when its body has been sent or the client went away. */
function onStreamEnd(response: Response, onEnd: () => void): Response {
  const reader = response.body!.getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (!done) return controller.enqueue(value);
          onEnd();
          controller.close();
        } catch (error) {
          onEnd();
          controller.error(error);
        }
      },
      cancel(reason) {
        onEnd();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

export function createEdge(options: EdgeOptions): (next: Handler) => EdgeHandler {
  const { limits } = options;
  const hosts = hostRule(options.listenHost, limits.allowedHosts);
  const throttle = new AuthFailureThrottle(limits.authFailuresPerMinute, options.now ? { now: options.now } : {});
  const requests = new InFlightLimit(limits.maxRequestsPerIp, limits.maxRequests);
  const streams = new InFlightLimit(limits.maxStreamsPerIp, limits.maxStreams);
  const busySeconds = Math.min(MAX_TIMEOUT_SECONDS, Math.max(MIN_BUSY_SECONDS, Math.ceil((limits.bodyTimeoutMs + options.toolTimeoutMs) / 1000) + LOOKUP_SLACK_SECONDS));
  // A refusal is something a client can cause at will: a few lines per reason per window, never one per request.
  const log = limitLogs(options.logger);

  const inFlightRefusal = (which: InFlightRefusal, stream: boolean): Refusal =>
    stream
      ? which === 'address' ? { reason: 'streams_per_address', limit: limits.maxStreamsPerIp } : { reason: 'streams_total', limit: limits.maxStreams }
      : which === 'address' ? { reason: 'requests_per_address', limit: limits.maxRequestsPerIp } : { reason: 'requests_total', limit: limits.maxRequests };

  /** Steps 2–4 and the finish, for a request that passed the Host and Origin rules. */
  async function admit(request: Request, peer: EdgePeer | undefined, next: Handler, refuse: (refusal: Refusal) => Response): Promise<Response> {
    const key = clientKey(request, peer?.address ?? null, limits.trustProxy);
    const wait = key === null ? 0 : throttle.retryAfterSeconds(key);
    if (wait > 0) return refuse({ reason: 'auth_failures', perMinute: limits.authFailuresPerMinute, retryAfterSeconds: wait });
    const stream = isStreamRequest(request);
    const fullRequests = requests.acquire(key);
    if (fullRequests !== null) return refuse(inFlightRefusal(fullRequests, false));
    const fullStreams = stream ? streams.acquire(key) : null;
    if (fullStreams !== null) {
      requests.release(key);
      return refuse(inFlightRefusal(fullStreams, true));
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      requests.release(key);
      if (stream) streams.release(key);
    };
    try {
      if (declaresTooLarge(request, limits)) {
        release();
        return refuse({ reason: 'body_too_large', maxBodyBytes: limits.maxBodyBytes });
      }
      const body = guardBody(request, limits);
      peer?.setIdleTimeout(busySeconds);
      let response = await next(body.request);
      const tripped = body.refusal();
      if (tripped !== null) {
        response.body?.cancel().catch(() => {});
        response = refuse(tripped === 'too_large' ? { reason: 'body_too_large', maxBodyBytes: limits.maxBodyBytes } : { reason: 'body_too_slow', bodyTimeoutMs: limits.bodyTimeoutMs });
      }
      if (response.status === 401 && key !== null) throttle.recordFailure(key);
      // A 401 is the answer to a client without a valid key: it gets no kept-alive connection to drip into.
      const closing = response.headers.get('connection') === 'close' || response.status === 401 || !body.complete();
      if (closing) {
        release();
        return withHeaders(response, { connection: 'close' });
      }
      if (isEventStream(response) && response.body !== null) return onStreamEnd(response, release);
      release();
      peer?.setIdleTimeout(IDLE_TIMEOUT_SECONDS);
      return response;
    } catch (error) {
      release();
      throw error;
    }
  }

  return (next) => async (request, peer) => {
    const refuse = (refusal: Refusal) => {
      // One sample of the refused name per window tells an operator what to allow; it is cut short like the answer.
      const refused = refusal.reason === 'host_not_allowed' ? refusal.host : refusal.reason === 'origin_not_allowed' ? refusal.origin : undefined;
      log.info(refusal.reason, 'request refused at the edge', { reason: refusal.reason, ...(refused === undefined ? {} : { refused: refused.slice(0, MAX_QUOTED_CHARS) }) });
      return refusalResponse(refusal, new URL(request.url).pathname);
    };
    const host = requestHost(request);
    if (!hosts.allows(host)) return refuse({ reason: 'host_not_allowed', host });
    const origin = request.headers.get('origin');
    const standing = origin === null ? null : originStanding(origin, host, limits.allowedOrigins);
    if (standing === 'refused') return refuse({ reason: 'origin_not_allowed', origin: origin! });
    if (standing !== null && isPreflight(request)) return preflightResponse(request, origin!);
    const response = await admit(request, peer, next, refuse);
    // An allowed cross-origin page may read every answer, refusals included (a 429 it can act on).
    return standing === 'listed' ? withHeaders(response, corsHeaders(origin!)) : response;
  };
}
