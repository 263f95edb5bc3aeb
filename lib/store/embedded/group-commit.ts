/**
 * Group commit: items added during one turn of the event loop are written by
 * one `commit` call (one SQLite transaction), and each `add` settles only after
 * the commit holding its item returned. Usage stays durable before the
 * response (DESIGN.md, "Usage is never lost"), but 32 concurrent calls pay for
 * one commit instead of 32 (bench/peer.bench.ts measures it).
 */

export interface GroupCommit<T> {
  /** Resolves once `item` is committed; rejects with the error its own commit raised. */
  add(item: T): Promise<void>;
  /** Commits what is waiting now, synchronously (before the database closes). */
  flush(): void;
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /**
   * Whether a failed batch may be one item's fault, so each item is committed
   * alone to find it (default: always). A failure of the whole database (it is
   * locked by another process) says no: retrying item by item would only wait
   * out the same lock once per item.
   */
  retryAlone?: (error: unknown) => boolean;
}

export function createGroupCommit<T>(commit: (items: readonly T[]) => void, options: GroupCommitOptions = {}): GroupCommit<T> {
  const retryAlone = options.retryAlone ?? (() => true);
  let waiting: Waiting<T>[] = [];
  let scheduled: ReturnType<typeof setImmediate> | undefined;

  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    try {
      commit(batch.map((w) => w.item));
      for (const w of batch) w.resolve();
    } catch (error) {
      // A batch of one has had its own commit.
      if (batch.length === 1 || !retryAlone(error)) {
        for (const w of batch) w.reject(error);
        return;
      }
      // The batch rolled back as a whole; commit each item alone so one bad item fails only its own caller.
      for (const w of batch) {
        try {
          commit([w.item]);
          w.resolve();
        } catch (error) {
          w.reject(error);
        }
      }
    }
  }

  return {
    add(item) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        // setImmediate runs after the I/O callbacks of this loop turn: every call that finished in it joins the batch.
        scheduled ??= setImmediate(flush);
      });
    },
    flush,
  };
}
