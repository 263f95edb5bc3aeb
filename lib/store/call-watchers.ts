/**
 * The listeners of `Store.watchCalls`, by user: a recorded call reaches only
 * its own user's listeners. A listener that throws is reported and does not
 * stop the others or the recording. Buffering for a slow consumer is the
 * consumer's (lib/usage/call-tail.ts bounds it); delivery here is synchronous.
 */
import type { UsageEvent } from './port.ts';

export type CallListener = (call: UsageEvent) => void;

export class CallWatchers {
  readonly #byUser = new Map<string, Set<CallListener>>();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void = () => {}) {
    this.#onError = onError;
  }

  get size(): number {
    return this.#byUser.size;
  }

  /** Users with at least one listener. */
  users(): IterableIterator<string> {
    return this.#byUser.keys();
  }

  has(userId: string): boolean {
    return this.#byUser.has(userId);
  }

  add(userId: string, listener: CallListener): () => void {
    let listeners = this.#byUser.get(userId);
    if (!listeners) this.#byUser.set(userId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.#byUser.get(userId) === listeners) this.#byUser.delete(userId);
    };
  }

  emit(call: UsageEvent): void {
    const listeners = this.#byUser.get(call.userId);
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener(call);
      } catch (error) {
        this.#onError(error);
      }
    }
  }

  clear(): void {
    this.#byUser.clear();
  }
}
