/**
 * Sign-in throttling: after MAX_FAILURES failed sign-ins within WINDOW_MS for
 * one email, or from one address, further attempts are refused (before any
 * password is hashed) until the oldest failure leaves the window. Counting
 * per email stops guessing one person's password from many addresses;
 * counting per address stops trying one password against many emails. Unknown
 * emails count like known ones, so the refusal tells nothing about accounts.
 *
 * The counts live in this process: enough for the one-machine hub; on several
 * replicas each one counts on its own (the limit is then per replica).
 */

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
/** Distinct emails and addresses remembered at most; the oldest are forgotten first, so a flood cannot grow the map without bound. */
const MAX_TRACKED = 10_000;

export interface SignInThrottle {
  /** Seconds until an attempt for this email from this address may be made, or 0 when it may be made now. */
  retryAfterSeconds(email: string, address: string | null): number;
  failed(email: string, address: string | null): void;
  /** A successful sign-in clears the email's failures (not the address's: one good account must not reset the count for guessing others). */
  succeeded(email: string): void;
}

export function createSignInThrottle(options: { now?: () => number } = {}): SignInThrottle {
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();
  const keys = (email: string, address: string | null) => (address ? [`email:${email}`, `address:${address}`] : [`email:${email}`]);
  const recent = (key: string, at: number) => {
    const kept = (failures.get(key) ?? []).filter((t) => t > at - WINDOW_MS);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };
  return {
    retryAfterSeconds(email, address) {
      const at = now();
      let wait = 0;
      for (const key of keys(email, address)) {
        const times = recent(key, at);
        if (times.length >= MAX_FAILURES) wait = Math.max(wait, times[times.length - MAX_FAILURES]! + WINDOW_MS - at);
      }
      return Math.ceil(wait / 1000);
    },
    failed(email, address) {
      const at = now();
      for (const key of keys(email, address)) {
        const times = recent(key, at);
        failures.delete(key);
        // Re-inserted last: Map order is then least recently failed first, which is what gets forgotten.
        failures.set(key, [...times.slice(-(MAX_FAILURES - 1)), at]);
      }
      while (failures.size > MAX_TRACKED) failures.delete(failures.keys().next().value!);
    },
    succeeded(email) {
      failures.delete(`email:${email}`);
    },
  };
}
