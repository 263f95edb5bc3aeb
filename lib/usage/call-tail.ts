/**
 * A live tail of one user's calls as an async iterator, for the Logs page's
 * server-sent events: the store delivers calls synchronously
 * (`Store.watchCalls`), and a consumer that cannot keep up (a slow network)
 * would otherwise buffer without end. The queue holds at most `maxQueued`
 * calls; past that the oldest are dropped and counted, and the next item
 * says how many were missed, so the page can offer a reload instead of
 * silently showing a gap.
 */
import type { UsageEvent } from '../store/port.ts';

export const DEFAULT_MAX_QUEUED = 100;

export type TailItem = { kind: 'call'; call: UsageEvent } | { kind: 'dropped'; count: number };

export interface CallTail extends AsyncIterableIterator<TailItem> {
  /** Stops watching and ends the iteration; safe to call twice. */
  close(): void;
}

export function createCallTail(watch: (onCall: (call: UsageEvent) => void) => () => void, maxQueued = DEFAULT_MAX_QUEUED): CallTail {
  const queue: UsageEvent[] = [];
  let dropped = 0;
  let closed = false;
  let wake: (() => void) | null = null;
  const unwatch = watch((call) => {
    if (closed) return;
    queue.push(call);
    if (queue.length > maxQueued) {
      queue.shift();
      dropped += 1;
    }
    wake?.();
  });

  const tail: CallTail = {
    async next(): Promise<IteratorResult<TailItem>> {
      while (!closed && queue.length === 0 && dropped === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      if (closed) return { done: true, value: undefined };
      if (dropped > 0) {
        const count = dropped;
        dropped = 0;
        return { done: false, value: { kind: 'dropped', count } };
      }
      return { done: false, value: { kind: 'call', call: queue.shift()! } };
    },
    async return(): Promise<IteratorResult<TailItem>> {
      tail.close();
      return { done: true, value: undefined };
    },
    close() {
      if (closed) return;
      closed = true;
      unwatch();
      queue.length = 0;
      wake?.();
    },
    [Symbol.asyncIterator]() {
      return tail;
    },
  };
  return tail;
}
