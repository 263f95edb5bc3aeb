/**
 * What a refused refresh leaves behind, per connection and refresh token, so
 * the next calls do not send the provider the same doomed request: a dead
 * refresh token stays refused until the person reconnects (a new refresh
 * token is a new key), a misconfigured app is retried after a minute, and a
 * transient failure backs off — Retry-After when the provider sent one
 * (capped), else doubling from one second. Bounded: past the cap the memory
 * starts over (a few extra requests, never unbounded growth).
 */
import type { FreshResult } from './refresh.ts';

const MAX_HELD = 10_000;
const MAX_BACKOFF_MS = 60_000;

type Failure = Extract<FreshResult, { ok: false }>;

interface Hold {
  refreshToken: string;
  until: number;
  failure: Failure;
  /** The last back-off, doubled on the next transient failure. */
  backoffMs: number;
}

export function createRefreshHolds(now: () => number) {
  const held = new Map<string, Hold>();
  const put = (key: string, hold: Hold) => {
    if (held.size >= MAX_HELD) held.clear();
    held.set(key, hold);
  };
  return {
    /** The failure to answer without a request, while this refresh token is held. */
    check(key: string, refreshToken: string): Failure | null {
      const hold = held.get(key);
      if (!hold || hold.refreshToken !== refreshToken || now() >= hold.until) return null;
      if (hold.failure.kind !== 'transient') return hold.failure;
      return { ...hold.failure, message: hold.failure.message.replace(/in \d+ s\./, `in ${Math.max(1, Math.ceil((hold.until - now()) / 1000))} s.`) };
    },
    hold(key: string, refreshToken: string, failure: Omit<Failure, 'ok'>, forMs: number): Failure {
      const result: Failure = { ok: false, ...failure };
      put(key, { refreshToken, until: now() + forMs, failure: result, backoffMs: 0 });
      return result;
    },
    /** A transient failure: no status change, and no request until the back-off ends. */
    backOff(key: string, refreshToken: string, providerName: string, retryAfterSeconds: number | undefined): Failure {
      const last = held.get(key);
      const doubled = last?.refreshToken === refreshToken && last.failure.kind === 'transient' ? last.backoffMs * 2 : 1_000;
      const backoffMs = Math.min(MAX_BACKOFF_MS, retryAfterSeconds !== undefined ? Math.max(1_000, retryAfterSeconds * 1_000) : doubled);
      const failure: Failure = { ok: false, kind: 'transient', message: `${providerName} could not renew the token just now. Try again in ${Math.ceil(backoffMs / 1000)} s.` };
      put(key, { refreshToken, until: now() + backoffMs, failure, backoffMs });
      return failure;
    },
    clear(key: string): void {
      held.delete(key);
    },
  };
}
