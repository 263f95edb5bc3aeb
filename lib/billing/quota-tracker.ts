/**
 * Billable calls per user this month, as one replica knows them without a
 * store round trip per call. For each user it keeps the store's count
 * (Store.countBillableCalls: the meter plus events not folded yet) as read
 * at most `refreshMs` ago, plus what this replica has counted since that
 * read, plus the calls it has admitted that are still running. A call is
 * admitted while those three together are below the limit, so one replica
 * never overshoots on its own, even with many calls in flight at once.
 *
 * What it cannot see is another replica's calls since its last read: with N
 * replicas the month's calls can pass the limit by what the other N−1 admit
 * between two reads (README, "Plans and limits", and test/gateway/plan-replicas.test.ts).
 *
 * The first call of a user in a process waits for one read (as a principal's
 * first lookup does); after that, reads happen in the background while calls
 * are answered from what was read last. When the store cannot be read, calls
 * are let through on the last count (or, with none yet, uncounted) and the
 * read is tried again: an outage must not stop every paying user's calls,
 * and usage is recorded either way, so the next read catches up.
 */
import { billingPeriod, periodBounds } from './period.ts';

export interface QuotaTrackerOptions {
  /** The store's count for a user and period (Store.countBillableCalls). */
  count(input: { userId: string; period: string }): Promise<number>;
  /** How old a count may get before it is read again in the background. */
  refreshMs?: number;
  /** Users tracked at once; the oldest is dropped first (it is read again on its next call). */
  maxUsers?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

export const DEFAULT_QUOTA_REFRESH_MS = 5_000;
const DEFAULT_MAX_USERS = 10_000;
/** After a failed read, the next attempt waits this long. */
const RETRY_AFTER_FAILURE_MS = 2_000;

/** One user's count in this replica (exported only as the opaque Ticket). */
export interface UserUsage {
  period: string;
  /** The store's count when last read. */
  stored: number;
  /** Billable calls this replica finished since that read started. */
  counted: number;
  /** Calls admitted and still running. */
  running: number;
  /** When to read again. */
  staleAt: number;
  reading: Promise<void> | null;
}

/**
 * Admitted: pass it to `finish` once, with whether the call was billable.
 * Refused: the figure it was refused on. (An object per user, not a closure
 * per call: this is on every call's path.)
 */
export type Admission = { ok: true; ticket: Ticket } | { ok: false; used: number };

/** A running call's place in its user's count: opaque, only for `finish`. */
export type Ticket = UserUsage;

export class QuotaTracker {
  readonly #options: QuotaTrackerOptions;
  readonly #refreshMs: number;
  readonly #maxUsers: number;
  readonly #now: () => number;
  readonly #users = new Map<string, UserUsage>();
  #period = { name: '', start: 0, end: 0 };

  constructor(options: QuotaTrackerOptions) {
    this.#options = options;
    this.#refreshMs = options.refreshMs ?? DEFAULT_QUOTA_REFRESH_MS;
    this.#maxUsers = options.maxUsers ?? DEFAULT_MAX_USERS;
    this.#now = options.now ?? Date.now;
  }

  /** Admits a call of `userId` at `now` (ms; the tracker's clock by default) against `limit` billable calls this month, or refuses it with the count it reached. */
  admit(userId: string, limit: number, now: number = this.#now()): Admission | Promise<Admission> {
    const usage = this.#usage(userId, now);
    return usage instanceof Promise ? usage.then((u) => this.#decide(u, limit)) : this.#decide(usage, limit);
  }

  /** Billable calls of a user this month as this replica knows them (for tests and the two-replica bound). */
  used(userId: string): number | undefined {
    const usage = this.#users.get(userId);
    return usage && usage.stored + usage.counted;
  }

  /** Ends an admitted call: its place is given back, and counted when it was billable. Call once per admission. */
  finish(ticket: Ticket, billable: boolean): void {
    ticket.running = Math.max(0, ticket.running - 1);
    if (billable) ticket.counted += 1;
  }

  #decide(usage: UserUsage, limit: number): Admission {
    const used = usage.stored + usage.counted;
    if (used + usage.running >= limit) return { ok: false, used };
    usage.running += 1;
    return { ok: true, ticket: usage };
  }

  /** The user's usage for the current month: at once when known (read again in the background once stale), else after one read. */
  #usage(userId: string, now: number): UserUsage | Promise<UserUsage> {
    const period = this.#periodOf(now);
    let usage = this.#users.get(userId);
    if (usage && usage.period !== period) {
      // A new month starts from nothing; the store's count of it is read in the background.
      usage.period = period;
      usage.stored = 0;
      usage.counted = 0;
      usage.staleAt = 0;
    }
    if (!usage) {
      usage = { period, stored: 0, counted: 0, running: 0, staleAt: 0, reading: null };
      this.#users.set(userId, usage);
      if (this.#users.size > this.#maxUsers) this.#users.delete(this.#users.keys().next().value!);
      const first = usage;
      return this.#read(userId, first).then(() => first);
    }
    if (usage.staleAt <= now && !usage.reading) void this.#read(userId, usage);
    return usage.reading && usage.staleAt === 0 ? usage.reading.then(() => usage) : usage;
  }

  /** The period holding `now`, worked out once per month rather than per call. */
  #periodOf(now: number): string {
    if (now < this.#period.start || now >= this.#period.end) {
      const name = billingPeriod(now);
      this.#period = { name, ...periodBounds(name) };
    }
    return this.#period.name;
  }

  /** Reads the store's count; what was counted locally before the read started is in it (a store with a spool delivers it first), what came after is kept. */
  #read(userId: string, usage: UserUsage): Promise<void> {
    if (usage.reading) return usage.reading;
    const period = usage.period;
    const countedBefore = usage.counted;
    usage.reading = this.#options.count({ userId, period }).then(
      (stored) => {
        usage.reading = null;
        if (usage.period !== period) return;
        usage.stored = stored;
        usage.counted -= countedBefore;
        usage.staleAt = this.#now() + this.#refreshMs;
      },
      (error: unknown) => {
        usage.reading = null;
        usage.staleAt = this.#now() + RETRY_AFTER_FAILURE_MS;
        this.#options.onError?.(error);
      },
    );
    return usage.reading;
  }
}
