/**
 * The usage spool: an append-only journal on local disk between the gateway
 * and a remote store (DESIGN.md, "Usage is never lost"). `append` writes the
 * event to the active segment file before the response leaves; a background
 * flusher seals that segment and delivers sealed segments oldest first, in
 * batches, in order, deleting a segment only once every batch of it was
 * delivered. When delivery fails (Convex slow or down) events stay on disk and
 * the flusher retries with backoff, so they arrive later — and, because the
 * store skips event ids it already has, exactly once even when a batch is
 * resent after a crash or a timeout whose write did land.
 *
 * Files in the spool dir: `<seq>.jsonl` segments (one event per line),
 * `spool.lock` (the pid owning the dir) and `rejected.jsonl` (events the store
 * refused as invalid, kept for an operator instead of blocking the rest).
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import { errorFields } from '../log.ts';
import type { UsageEvent } from '../store/port.ts';

export interface UsageSpoolOptions {
  dir: string;
  /** Stores a batch; must ignore ids it already has. Throwing leaves the batch spooled. */
  deliver: (events: UsageEvent[]) => Promise<unknown>;
  /** True for an error retrying cannot fix (the store refused the data itself); such events move to rejected.jsonl. */
  isRejection?: (error: unknown) => boolean;
  logger: Logger;
  batchSize?: number;
  /** How long an event may wait for others to share its batch. */
  flushDelayMs?: number;
  /** Backoff between failed deliveries: doubles from `retryMinMs` up to `retryMaxMs`. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

const SEGMENT = /^(\d{12})\.jsonl$/;
/** A busy hub seals its segment at least this often, so a flush never reads a huge file. */
const MAX_SEGMENT_BYTES = 4 * 1024 * 1024;

/** Thrown when another live process owns the spool dir. */
export class SpoolLockedError extends Error {
  override name = 'SpoolLockedError';
}

export function openUsageSpool(options: UsageSpoolOptions): UsageSpool {
  return new UsageSpool(options);
}

/**
 * Replaces each of `names` on `store` with the same method run after `spool`
 * delivered what it holds (a failed delivery is logged by the spool, and the
 * method goes on): for the reads that must see every call this process
 * recorded before them — usage lists, and the count a plan quota is checked
 * against (lib/billing/quota-tracker.ts takes what it counted before a read
 * to be in the read).
 */
export function deliverBefore<T extends object>(store: T, spool: UsageSpool, names: readonly (keyof T & string)[]): void {
  const methods = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of names) {
    const method = methods[name]!;
    methods[name] = async (...args) => {
      await spool.flush().catch(() => {});
      return method.apply(store, args);
    };
  }
}

/** Most processes one data dir's spools serve at once (openSpoolSlot). */
const MAX_SLOTS = 64;

/**
 * A spool for one of several processes that share `options.dir`, as embedded
 * hubs on one data dir may: the first of `dir/0`, `dir/1`… that no running
 * process holds. The slots of processes that died are delivered in the
 * background and released, so what a crash left is committed by whichever
 * hub starts next.
 */
export function openSpoolSlot(options: UsageSpoolOptions): UsageSpool {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const slotDir = (slot: number) => join(options.dir, String(slot));
  /** The spool of `dir`, or null while a running process holds it. */
  const take = (dir: string) => {
    try {
      return new UsageSpool({ ...options, dir });
    } catch (error) {
      if (error instanceof SpoolLockedError) return null;
      throw error;
    }
  };
  let own: UsageSpool | null = null;
  let slot = 0;
  for (; slot < MAX_SLOTS && !own; slot++) own = take(slotDir(slot));
  if (!own) throw new SpoolLockedError(`All ${MAX_SLOTS} usage spools in ${options.dir} belong to running hubs; stop some of them.`);
  const ownDir = slotDir(slot - 1);
  for (const name of readdirSync(options.dir)) {
    if (!/^\d+$/.test(name) || join(options.dir, name) === ownDir) continue;
    // close() delivers what the slot holds (bounded in time) and releases it; what it could not deliver waits for the next start.
    take(join(options.dir, name))?.close().catch((error: unknown) => options.logger.warn('could not release the usage spool of a stopped hub', { dir: options.dir, ...errorFields(error) }));
  }
  return own;
}

export class UsageSpool {
  readonly #options: Required<Omit<UsageSpoolOptions, 'isRejection'>> & Pick<UsageSpoolOptions, 'isRejection'>;
  readonly #lockPath: string;
  #activeSeq: number;
  #activeFd: number;
  #activeBytes = 0;
  #activeEvents = 0;
  /** Events on disk not yet delivered (approximate after a restart until the first drain). */
  #pending = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #draining: Promise<void> | null = null;
  #failures = 0;
  #closed = false;

  constructor(options: UsageSpoolOptions) {
    this.#options = { batchSize: 500, flushDelayMs: 100, retryMinMs: 250, retryMaxMs: 5_000, ...options };
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.#lockPath = join(options.dir, 'spool.lock');
    this.#lock();
    const existing = this.#segments();
    this.#pending = existing.reduce((sum, seq) => sum + countLines(this.#path(seq)), 0);
    this.#activeSeq = (existing.at(-1) ?? 0) + 1;
    this.#activeFd = openSync(this.#path(this.#activeSeq), 'a', 0o600);
    if (this.#pending > 0) {
      options.logger.info('usage spool has events from an earlier run; delivering them first', { dir: options.dir, events: this.#pending });
      this.#schedule(0);
    }
  }

  /** Events written but not yet delivered. */
  get pending(): number {
    return this.#pending;
  }

  /** Journals one event (synchronously, so it survives a crash right after) and schedules delivery. */
  append(event: UsageEvent): void {
    if (this.#closed) throw new Error('usage spool is closed');
    const line = JSON.stringify(event) + '\n';
    writeSync(this.#activeFd, line);
    this.#activeBytes += Buffer.byteLength(line);
    this.#activeEvents += 1;
    this.#pending += 1;
    this.#schedule(this.#activeEvents >= this.#options.batchSize || this.#activeBytes >= MAX_SEGMENT_BYTES ? 0 : this.#options.flushDelayMs);
  }

  /** Delivers everything appended so far; rejects when the store cannot be reached (the events stay spooled). */
  async flush(): Promise<void> {
    // Nothing undelivered and no round running: nothing to wait for (the reads of deliverBefore flush first).
    if (this.#pending === 0 && !this.#draining) return;
    this.#cancelTimer();
    await this.#drain();
  }

  /** Stops the flusher after one last delivery attempt of at most `timeoutMs`; whatever is left is delivered by the next start. */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.#closed) return;
    this.#cancelTimer();
    const last = this.#drain().catch(() => undefined);
    await Promise.race([last, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref?.())]);
    this.#closed = true;
    closeSync(this.#activeFd);
    if (this.#activeEvents === 0) unlinkSync(this.#path(this.#activeSeq));
    if (this.#pending > 0) this.#options.logger.warn('usage events left in the spool; they are delivered when the hub starts again', { dir: this.#options.dir, events: this.#pending });
    unlinkSync(this.#lockPath);
  }

  #schedule(delayMs: number): void {
    if (this.#closed || this.#draining) return;
    if (this.#timer) {
      // The pending timer stands unless this one is sooner and there is no backoff to respect.
      if (delayMs > 0 || this.#failures > 0) return;
      this.#cancelTimer();
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#drain().catch(() => undefined);
    }, delayMs);
    this.#timer.unref?.();
  }

  #cancelTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** One delivery round at a time; a caller arriving mid-round waits for it and then runs its own, so its events are included. */
  async #drain(): Promise<void> {
    while (this.#draining) await this.#draining.catch(() => undefined);
    if (this.#closed) return;
    const round = this.#deliverAll();
    this.#draining = round;
    try {
      await round;
      if (this.#failures > 0) this.#options.logger.info('usage delivery recovered; spooled events delivered', { dir: this.#options.dir });
      this.#failures = 0;
    } catch (error) {
      this.#failures += 1;
      // One warning per outage, then debug, so a long outage does not flood the log.
      const log = this.#failures === 1 ? this.#options.logger.warn : this.#options.logger.debug;
      log.call(this.#options.logger, 'usage delivery failed; events stay spooled on disk and are retried', { events: this.#pending, retryInMs: this.#retryDelay(), ...errorFields(error) });
      throw error;
    } finally {
      this.#draining = null;
      if (this.#failures > 0) this.#schedule(this.#retryDelay());
      else if (this.#activeEvents > 0) this.#schedule(this.#options.flushDelayMs);
    }
  }

  /** Backoff after consecutive failed rounds: doubling from retryMinMs, capped at retryMaxMs. */
  #retryDelay(): number {
    return Math.min(this.#options.retryMaxMs, this.#options.retryMinMs * 2 ** (this.#failures - 1));
  }

  async #deliverAll(): Promise<void> {
    if (this.#activeEvents > 0) this.#rotate();
    for (const seq of this.#segments().filter((s) => s !== this.#activeSeq)) {
      await this.#deliverSegment(seq);
      unlinkSync(this.#path(seq));
    }
  }

  /** Seals the active segment and starts a new one; appends from now on go to the new one. */
  #rotate(): void {
    closeSync(this.#activeFd);
    this.#activeSeq += 1;
    this.#activeFd = openSync(this.#path(this.#activeSeq), 'a', 0o600);
    this.#activeBytes = 0;
    this.#activeEvents = 0;
  }

  async #deliverSegment(seq: number): Promise<void> {
    const events = this.#readSegment(seq);
    for (let start = 0; start < events.length; start += this.#options.batchSize) {
      // close() gave up waiting for this round: leave the rest for the next start.
      if (this.#closed) throw new Error('usage spool closed mid-delivery');
      const batch = events.slice(start, start + this.#options.batchSize);
      await this.#deliverBatch(batch);
      this.#pending = Math.max(0, this.#pending - batch.length);
    }
  }

  /** A batch the store refuses as invalid is retried event by event, so one bad event cannot hold back the others. */
  async #deliverBatch(batch: UsageEvent[]): Promise<void> {
    try {
      await this.#options.deliver(batch);
    } catch (error) {
      if (!this.#options.isRejection?.(error)) throw error;
      if (batch.length > 1) {
        for (const event of batch) await this.#deliverBatch([event]);
        return;
      }
      this.#reject(batch[0], error);
    }
  }

  #reject(event: unknown, reason: unknown): void {
    appendFileSync(join(this.#options.dir, 'rejected.jsonl'), JSON.stringify(event) + '\n', { mode: 0o600 });
    this.#options.logger.error('usage event refused by the store; kept in rejected.jsonl', { dir: this.#options.dir, ...errorFields(reason) });
  }

  /** Parses a segment. A torn last line (a crash mid-write, never acknowledged) is dropped; any other unreadable line is kept aside. */
  #readSegment(seq: number): UsageEvent[] {
    const text = readFileSync(this.#path(seq), 'utf8');
    const lines = text.split('\n');
    const events: UsageEvent[] = [];
    lines.forEach((line, index) => {
      if (line === '') return;
      const event = parseEvent(line);
      if (event) events.push(event);
      else if (index === lines.length - 1) this.#options.logger.warn('dropped a partly written usage event (the hub stopped mid-write)', { dir: this.#options.dir });
      else this.#reject(line, new Error('unreadable line in the usage spool'));
    });
    return events;
  }

  #segments(): number[] {
    return readdirSync(this.#options.dir)
      .map((name) => SEGMENT.exec(name)?.[1])
      .filter((seq): seq is string => seq !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  #path(seq: number): string {
    return join(this.#options.dir, `${String(seq).padStart(12, '0')}.jsonl`);
  }

  /** One process per spool dir: two flushers would deliver and delete the same segments under each other. */
  #lock(): void {
    try {
      writeFileSync(this.#lockPath, String(process.pid), { flag: 'wx', mode: 0o600 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(this.#lockPath, 'utf8'));
    if (owner !== process.pid && isAlive(owner)) {
      throw new SpoolLockedError(`The usage spool in ${this.#options.dir} belongs to another running hub (pid ${owner}). Give each replica its own MCPHUB_DATA_DIR.`);
    }
    // A lock left by a process that is gone: take the dir over, with its undelivered events.
    writeFileSync(this.#lockPath, String(process.pid), { mode: 0o600 });
  }
}

function parseEvent(line: string): UsageEvent | null {
  try {
    const value = JSON.parse(line) as UsageEvent;
    return typeof value === 'object' && value !== null && typeof value.id === 'string' && typeof value.userId === 'string' ? value : null;
  } catch {
    return null;
  }
}

function countLines(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8').split('\n').filter((line) => line !== '').length;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
