/**
 * The hub's bounds on what one client, one user or one upstream may cost
 * (issue 11: a gateway safe to face strangers). Each has a default sized for
 * one machine and an environment variable to change it; `resolveLimits` is
 * the one place they are decided.
 */
import type { HubEnv } from '../env.ts';

export interface HubLimits {
  /** Largest request body accepted (`MCPHUB_MAX_BODY_BYTES`); larger ones get 413 before they are read. */
  maxBodyBytes: number;
  /** How long a client may take to send a request body (`MCPHUB_BODY_TIMEOUT_MS`). */
  bodyTimeoutMs: number;
  /** Browser origins allowed to call the hub (`MCPHUB_ALLOWED_ORIGINS`), as `scheme://host[:port]`; the hub's own origin always is. */
  allowedOrigins: string[];
  /**
   * Extra `Host` names accepted besides loopback names (`MCPHUB_ALLOWED_HOSTS`), as `name` or `name:port`: for a hub on
   * loopback behind a proxy. A hub listening elsewhere checks Host only when this lists names.
   */
  allowedHosts: string[];
  /** Take the client address from `X-Forwarded-For` (`MCPHUB_TRUST_PROXY=on`): only behind a proxy that sets it. */
  trustProxy: boolean;
  /** Requests being handled at once from one client address (`MCPHUB_MAX_REQUESTS_PER_IP`) and in all (`MCPHUB_MAX_REQUESTS`). */
  maxRequestsPerIp: number;
  maxRequests: number;
  /** Open listen streams (SSE) from one client address (`MCPHUB_MAX_STREAMS_PER_IP`) and in all (`MCPHUB_MAX_STREAMS`). */
  maxStreamsPerIp: number;
  maxStreams: number;
  /** Failed authentications from one address per minute before it gets 429 (`MCPHUB_AUTH_FAILURES_PER_MINUTE`). */
  authFailuresPerMinute: number;
  /**
   * Most the hub reads of one upstream answer (`MCPHUB_MAX_UPSTREAM_BYTES`): each HTTP response
   * body, or all a database sends in one call; past it the call is an error saying so. Also the
   * most structured output a tool may return. Sized for a model: 5 MB is far more than it can read.
   */
  maxUpstreamBytes: number;
  /** Tool calls in flight for one user (`MCPHUB_MAX_CALLS_PER_USER`) and for one user on one integration (`MCPHUB_MAX_CALLS_PER_INTEGRATION`). */
  maxCallsPerUser: number;
  maxCallsPerIntegration: number;
  /** Tool calls in flight in this hub process, all users together (`MCPHUB_MAX_CALLS`). */
  maxCalls: number;
  /**
   * Requests Bun's fetch runs at once in this process, every host together
   * (BUN_CONFIG_MAX_HTTP_REQUESTS, read by Bun at start: 1–65535, otherwise
   * 256); the rest queue. Not a hub setting: `lib/server/runtime.env` sets it
   * for the launchers, and the hub warns when it cannot hold `maxCalls` calls.
   */
  fetchPool: number;
}

/** What Bun's fetch runs at once when BUN_CONFIG_MAX_HTTP_REQUESTS is unset or unusable (measured on Bun 1.4.5). */
const BUN_DEFAULT_FETCH_POOL = 256;
const BUN_MAX_FETCH_POOL = 65_535;

/** The pool Bun actually uses for a BUN_CONFIG_MAX_HTTP_REQUESTS value: an integer 1–65535, else its default, silently. */
function bunFetchPool(value: string | undefined): number {
  const pool = Number(value);
  return Number.isInteger(pool) && pool >= 1 && pool <= BUN_MAX_FETCH_POOL ? pool : BUN_DEFAULT_FETCH_POOL;
}

export const DEFAULT_LIMITS: HubLimits = {
  maxBodyBytes: 4 * 1024 * 1024,
  bodyTimeoutMs: 10_000,
  allowedOrigins: [],
  allowedHosts: [],
  trustProxy: false,
  maxRequestsPerIp: 256,
  maxRequests: 4_096,
  maxStreamsPerIp: 32,
  maxStreams: 1_024,
  authFailuresPerMinute: 30,
  maxUpstreamBytes: 5 * 1024 * 1024,
  maxCallsPerUser: 64,
  maxCallsPerIntegration: 32,
  // 16 users at their bound; 4 upstream requests each stay inside the 8192 of runtime.env with room for store calls.
  maxCalls: 1_024,
  fetchPool: BUN_DEFAULT_FETCH_POOL,
};

export function resolveLimits(env: HubEnv): HubLimits {
  const d = DEFAULT_LIMITS;
  return {
    maxBodyBytes: env.MCPHUB_MAX_BODY_BYTES ?? d.maxBodyBytes,
    bodyTimeoutMs: env.MCPHUB_BODY_TIMEOUT_MS ?? d.bodyTimeoutMs,
    allowedOrigins: (env.MCPHUB_ALLOWED_ORIGINS ?? d.allowedOrigins).map((origin) => origin.replace(/\/+$/, '').toLowerCase()),
    allowedHosts: (env.MCPHUB_ALLOWED_HOSTS ?? d.allowedHosts).map((host) => host.toLowerCase()),
    trustProxy: env.MCPHUB_TRUST_PROXY === 'on',
    maxRequestsPerIp: env.MCPHUB_MAX_REQUESTS_PER_IP ?? d.maxRequestsPerIp,
    maxRequests: env.MCPHUB_MAX_REQUESTS ?? d.maxRequests,
    maxStreamsPerIp: env.MCPHUB_MAX_STREAMS_PER_IP ?? d.maxStreamsPerIp,
    maxStreams: env.MCPHUB_MAX_STREAMS ?? d.maxStreams,
    authFailuresPerMinute: env.MCPHUB_AUTH_FAILURES_PER_MINUTE ?? d.authFailuresPerMinute,
    maxUpstreamBytes: env.MCPHUB_MAX_UPSTREAM_BYTES ?? d.maxUpstreamBytes,
    maxCallsPerUser: env.MCPHUB_MAX_CALLS_PER_USER ?? d.maxCallsPerUser,
    maxCallsPerIntegration: env.MCPHUB_MAX_CALLS_PER_INTEGRATION ?? d.maxCallsPerIntegration,
    maxCalls: env.MCPHUB_MAX_CALLS ?? d.maxCalls,
    fetchPool: bunFetchPool(env.BUN_CONFIG_MAX_HTTP_REQUESTS),
  };
}
