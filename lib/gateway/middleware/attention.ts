/**
 * Connection status (the Integrations page's "needs reconnecting"): when a
 * call's service refused the stored credential (UPSTREAM_AUTH_REJECTED, see
 * executor.ts), the connection is marked with what the service said. Only
 * that failure writes, at most once per connection per interval, and off the
 * call's path: a steady caller with a revoked token costs one write a minute,
 * a healthy one none. Enabling the integration again clears the mark.
 */
import type { Logger } from '../../log.ts';
import { MAX_ATTENTION_REASON_CHARS, type Store } from '../../store/port.ts';
import type { CallMiddleware } from '../pipeline.ts';

/** Connections remembered at once; past it the memory starts over (a few extra writes, never unbounded growth). */
const MAX_REMEMBERED = 10_000;

export function withCredentialAttention(store: Pick<Store, 'markConnectionAttention'>, logger: Logger, now: () => number = Date.now, intervalMs = 60_000): CallMiddleware {
  const marked = new Map<string, number>();
  return (next) => async (call) => {
    const outcome = await next(call);
    if (outcome.credentialRejected === undefined || outcome.integration === null) return outcome;
    const userId = call.principal.userId;
    const slug = outcome.integration;
    const at = now();
    const id = `${userId}\n${slug}`;
    const last = marked.get(id);
    if (last !== undefined && at - last < intervalMs) return outcome;
    if (marked.size >= MAX_REMEMBERED) marked.clear();
    marked.set(id, at);
    const reason = outcome.credentialRejected.slice(0, MAX_ATTENTION_REASON_CHARS) || 'The service refused the stored credential.';
    store.markConnectionAttention({ userId, slug, kind: 'needs_reconnect', reason, at }).catch((error) => {
      // Try again on the next refused call rather than wait out the interval.
      marked.delete(id);
      logger.warn('could not mark a connection as needing attention', { userId, slug, reason: (error as Error).message });
    });
    return outcome;
  };
}
