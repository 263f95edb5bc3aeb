/**
 * How the hub calls its Convex deployment: a small caller interface, the
 * production caller over `ConvexHttpClient`, and the rule that no error leaves
 * with the hub secret in it. Apart from the Store adapter (index.ts) so a
 * per-integration function can make its one call (nonces.ts) without bundling
 * the store.
 */
import { ConvexHttpClient } from 'convex/browser';
import type { FunctionReference } from 'convex/server';
import { callTimeout } from '../../call-timeout.ts';

export type AnyQuery = FunctionReference<'query'>;
export type AnyMutation = FunctionReference<'mutation'>;
export type AnyAction = FunctionReference<'action'>;

/**
 * What the hub needs from a Convex client. `ConvexHttpClient` and
 * convex-test's `t` both fit; callers keep the per-function types themselves.
 */
export interface ConvexCaller {
  query(ref: AnyQuery, args: Record<string, unknown>): Promise<unknown>;
  mutation(ref: AnyMutation, args: Record<string, unknown>): Promise<unknown>;
  /** Actions (R2 uploads and signed URLs, lib/usage/archive/r2-store.ts); the Store itself calls none. */
  action?(ref: AnyAction, args: Record<string, unknown>): Promise<unknown>;
}

/** A Convex call that has not answered by then counts as failed (usage stays spooled; a key lookup answers 503). */
const CALL_TIMEOUT_MS = 10_000;

/**
 * A fetch whose request and whole answer must arrive within `timeoutMs`.
 * The answer is read here (Convex's are JSON the client reads whole anyway),
 * so the deadline can be cleared the moment it is in: `AbortSignal.timeout`
 * would leave a 10 s timer pending per store call.
 */
const timedFetch = (timeoutMs: number) => (async (input: RequestInfo | URL, init?: RequestInit) => {
  const deadline = callTimeout(timeoutMs);
  try {
    const response = await fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal });
    const body = await response.arrayBuffer();
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  } finally {
    deadline.clear();
  }
}) as typeof fetch;

/** The production caller: `ConvexHttpClient` with a timeout on every call (`timeoutMs`: tests shorten it). */
export function convexHttpCaller(url: string, timeoutMs = CALL_TIMEOUT_MS): ConvexCaller {
  const http = new ConvexHttpClient(url, { logger: false, fetch: timedFetch(timeoutMs) });
  return {
    query: (ref, args) => http.query(ref, args),
    // The client otherwise runs one mutation at a time; the hub's are independent (usage batches, key touches).
    mutation: (ref, args) => http.mutation(ref, args, { skipQueue: true }),
    action: (ref, args) => http.action(ref, args),
  };
}

/**
 * Convex quotes the arguments of a call it refuses as invalid, and the hub
 * secret is one of them: this keeps it out of every log. The stack is scrubbed
 * too, since it was captured with the original message at its head (and some
 * logs write it). Returns the error to rethrow.
 */
export function scrubSecret(secret: string, error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (error.message.includes(secret)) error.message = error.message.replaceAll(secret, '[hub secret]');
  if (typeof error.stack === 'string' && error.stack.includes(secret)) error.stack = error.stack.replaceAll(secret, '[hub secret]');
  return error;
}
