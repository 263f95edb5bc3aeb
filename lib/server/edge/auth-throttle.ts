/**
 * Failed authentications per client address: a token bucket of
 * `perMinute` tokens refilled at `perMinute` a minute, one token per 401.
 * An empty bucket means 429 until a token is back, so an address guessing
 * keys gets a burst of `perMinute` tries and then one every 60/perMinute
 * seconds, and never reaches the key lookup in between.
 *
 * At most `maxAddresses` buckets are kept; past that the one updated least
 * recently is dropped (a Map iterates in insertion order and every update
 * re-inserts), so an attacker with many addresses costs bounded memory and
 * can, at worst, make the hub forget some of them early.
 */

const DEFAULT_MAX_ADDRESSES = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

export class AuthFailureThrottle {
  readonly #buckets = new Map<string, Bucket>();
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #maxAddresses: number;
  readonly #now: () => number;

  constructor(perMinute: number, options: { now?: () => number; maxAddresses?: number } = {}) {
    this.#capacity = perMinute;
    this.#perMs = perMinute / 60_000;
    this.#maxAddresses = options.maxAddresses ?? DEFAULT_MAX_ADDRESSES;
    this.#now = options.now ?? Date.now;
  }

  /** Whole seconds until `key` may try again; 0 when it may now. */
  retryAfterSeconds(key: string): number {
    const tokens = this.#tokens(key);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.#perMs / 1000);
  }

  recordFailure(key: string): void {
    const tokens = this.#tokens(key) - 1;
    this.#buckets.delete(key);
    this.#buckets.set(key, { tokens, at: this.#now() });
    if (this.#buckets.size > this.#maxAddresses) this.#buckets.delete(this.#buckets.keys().next().value!);
  }

  #tokens(key: string): number {
    const bucket = this.#buckets.get(key);
    if (!bucket) return this.#capacity;
    const tokens = Math.min(this.#capacity, bucket.tokens + (this.#now() - bucket.at) * this.#perMs);
    // A full bucket is the same as none: forget it, so idle addresses cost nothing.
    if (tokens >= this.#capacity) this.#buckets.delete(key);
    return tokens;
  }
}
