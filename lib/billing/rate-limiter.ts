/**
 * Token buckets, per process (a replica enforces its own buckets; README,
 * "Plans and limits", says what that means with several replicas). A bucket
 * holds up to `burst` tokens and refills at `callsPerMinute`; a call takes one
 * token from its key's bucket and one from its user's, or none when either is
 * empty — then the answer is how long until both have one again. Buckets are kept only while they are not full: a full bucket is
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
  /** Per key and per user, apart, so a call names its two buckets by the ids it has (no string built per call). */
  readonly #byKey = new Map<string, Bucket>();
  readonly #byUser = new Map<string, Bucket>();
  #sweepAt = SWEEP_AT;

  /**
   * Takes one token from the key's bucket and one from the user's, or none:
   * 0 when the call may go ahead, else the milliseconds until both have a
   * token again.
   */
  take(keyId: string, userId: string, limits: BucketLimits, now: number): number {
    const perMs = limits.callsPerMinute / 60_000;
    const key = refill(this.#byKey, keyId, limits, perMs, now);
    const user = refill(this.#byUser, userId, limits, perMs, now);
    if (key.tokens < 1 || user.tokens < 1) return Math.max(waitOf(key, perMs), waitOf(user, perMs));
    key.tokens -= 1;
    user.tokens -= 1;
    if (this.#byKey.size + this.#byUser.size >= this.#sweepAt) this.#sweep(now);
    return 0;
  }

  /** How many buckets are kept (tests: idle ones go). */
  get size(): number {
    return this.#byKey.size + this.#byUser.size;
  }

  /** Drops the buckets that have refilled by now, then lets the maps double before the next sweep (so sweeps stay rare however many are busy). */
  #sweep(now: number): void {
    for (const buckets of [this.#byKey, this.#byUser]) {
      for (const [name, bucket] of buckets) if (bucket.tokens + (now - bucket.at) * bucket.perMs >= bucket.burst) buckets.delete(name);
    }
    this.#sweepAt = Math.max(SWEEP_AT, this.size * 2);
  }
}

/** A bucket brought up to `now` (created full when new). */
function refill(buckets: Map<string, Bucket>, name: string, limits: BucketLimits, perMs: number, now: number): Bucket {
  const bucket = buckets.get(name);
  if (!bucket) {
    const created = { tokens: limits.burst, at: now, burst: limits.burst, perMs };
    buckets.set(name, created);
    return created;
  }
  // A lowered burst (a plan change) caps what is left; a clock that went back refills nothing.
  bucket.tokens = Math.min(limits.burst, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
  bucket.at = now;
  bucket.burst = limits.burst;
  bucket.perMs = perMs;
  return bucket;
}

/** Milliseconds until the bucket holds a token; 0 when it does. */
const waitOf = (bucket: Bucket, perMs: number) => (bucket.tokens < 1 ? Math.ceil((1 - bucket.tokens) / perMs) : 0);
