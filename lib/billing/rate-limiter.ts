/**
 * Token buckets, per process (a replica enforces its own buckets; README,
 * "Plans and limits", says what that means with several replicas). A bucket
 * holds up to `burst` tokens and refills at `callsPerMinute`; a call takes one
 * token from every bucket it is counted in (its key's and its user's), or
 * from none when any is empty — then the answer is how long until all have
 * one again. Buckets are kept only while they are not full: a full bucket is
 * the same as none, so idle keys and users cost no memory once refilled.
 */

export interface BucketLimits {
  callsPerMinute: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  at: number;
  /** The limits it was last taken under, for the sweep. */
  burst: number;
  perMs: number;
}

/** Buckets kept before a sweep drops the full ones. */
const SWEEP_AT = 20_000;

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  #sweepAt = SWEEP_AT;

  /**
   * Takes one token from each named bucket, or none: 0 when the call may go
   * ahead, else the milliseconds until every bucket has a token again.
   */
  take(names: readonly string[], limits: BucketLimits, now: number): number {
    const perMs = limits.callsPerMinute / 60_000;
    let waitMs = 0;
    const current: Bucket[] = [];
    for (const name of names) {
      let bucket = this.#buckets.get(name);
      if (!bucket) {
        bucket = { tokens: limits.burst, at: now, burst: limits.burst, perMs };
        this.#buckets.set(name, bucket);
      } else {
        // A lowered burst (a plan change) caps what is left; a clock that went back refills nothing.
        bucket.tokens = Math.min(limits.burst, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
        bucket.at = now;
        bucket.burst = limits.burst;
        bucket.perMs = perMs;
      }
      if (bucket.tokens < 1) waitMs = Math.max(waitMs, Math.ceil((1 - bucket.tokens) / perMs));
      current.push(bucket);
    }
    if (waitMs > 0) return waitMs;
    for (const bucket of current) bucket.tokens -= 1;
    if (this.#buckets.size >= this.#sweepAt) this.#sweep(now);
    return 0;
  }

  /** How many buckets are kept (tests: idle ones go). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Drops the buckets that have refilled by now, then lets the map double before the next sweep (so sweeps stay rare however many are busy). */
  #sweep(now: number): void {
    for (const [name, bucket] of this.#buckets) if (bucket.tokens + (now - bucket.at) * bucket.perMs >= bucket.burst) this.#buckets.delete(name);
    this.#sweepAt = Math.max(SWEEP_AT, this.#buckets.size * 2);
  }
}
