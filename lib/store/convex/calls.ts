/**
 * The Convex store's live tail: per watched user, one subscription to (or a
 * poll of) that user's newest calls, delivering the ones past the newest it
 * has seen. Positions are the documents' `_creationTime`, so a call spooled
 * late with an older `at` is still new to the tail. The first read only sets
 * the position: a tail shows calls from the moment it opened.
 *
 * The window is TAIL_WINDOW calls per read: more calls than that between two
 * reads (a poll interval, or one subscription update) are not all shown live;
 * the Logs page's query still lists every one.
 */
import type { FunctionArgs, FunctionReturnType } from 'convex/server';
import { api } from '../../../convex/_generated/api';
import type { AnyQuery } from './caller.ts';
import { CallWatchers } from '../call-watchers.ts';
import type { UsageEvent } from '../port.ts';

export const TAIL_WINDOW = 100;

type LatestCalls = FunctionReturnType<typeof api.calls.latest>;

export interface CallTailOptions {
  /** The store's query, with the hub secret added. */
  query: (userId: string) => Promise<LatestCalls>;
  /** A live subscription to `api.calls.latest` (args include the secret); without it the tail polls every `pollIntervalMs`. */
  subscribe?: <Q extends AnyQuery>(ref: Q, args: FunctionArgs<Q>, onUpdate: (value: FunctionReturnType<Q>) => void) => () => void;
  secret: string;
  pollIntervalMs: number;
  onError?: (error: unknown) => void;
}

export class ConvexCallTail {
  readonly #options: CallTailOptions;
  readonly #watchers: CallWatchers;
  readonly #feeds = new Map<string, () => void>();

  constructor(options: CallTailOptions) {
    this.#options = options;
    this.#watchers = new CallWatchers(options.onError);
  }

  watch(userId: string, onCall: (call: UsageEvent) => void): () => void {
    const remove = this.#watchers.add(userId, onCall);
    if (!this.#feeds.has(userId)) this.#feeds.set(userId, this.#startFeed(userId));
    return () => {
      remove();
      if (!this.#watchers.has(userId)) {
        this.#feeds.get(userId)?.();
        this.#feeds.delete(userId);
      }
    };
  }

  close(): void {
    for (const stop of this.#feeds.values()) stop();
    this.#feeds.clear();
    this.#watchers.clear();
  }

  #startFeed(userId: string): () => void {
    let newest: number | null = null;
    const deliver = (window: LatestCalls) => {
      const seen = newest;
      newest = Math.max(seen ?? 0, ...window.map((call) => call.seq));
      if (seen === null) return;
      for (const { seq, ...call } of window.filter((c) => c.seq > seen).reverse()) this.#watchers.emit(call);
    };
    const { subscribe, secret, pollIntervalMs, onError } = this.#options;
    if (subscribe) return subscribe(api.calls.latest, { userId, limit: TAIL_WINDOW, secret }, deliver);
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        deliver(await this.#options.query(userId));
      } catch (error) {
        onError?.(error);
      }
      if (!stopped) timer = setTimeout(poll, pollIntervalMs);
    };
    timer = setTimeout(poll, 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }
}
