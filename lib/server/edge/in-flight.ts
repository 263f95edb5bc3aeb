/**
 * Work in progress, counted per client address and in all: requests being
 * handled (each holds a connection) and, separately, listen streams (which
 * hold one for as long as the client keeps them). Bun gives no hook per
 * connection, so these count requests; idle keep-alive connections are bounded
 * by the server's idle timeout instead. An address's entry is removed when its
 * count returns to zero, so the map never holds more entries than there is
 * work in flight.
 */

export type InFlightRefusal = 'address' | 'total';

export class InFlightLimit {
  readonly #byAddress = new Map<string, number>();
  #total = 0;

  constructor(
    readonly perAddress: number,
    readonly total: number,
  ) {}

  /**
   * Counts one more for `key` (null: an unknown address, counted in the total
   * only), or says which bound is full without counting it.
   */
  acquire(key: string | null): InFlightRefusal | null {
    const current = key === null ? 0 : (this.#byAddress.get(key) ?? 0);
    if (key !== null && current >= this.perAddress) return 'address';
    if (this.#total >= this.total) return 'total';
    this.#total += 1;
    if (key !== null) this.#byAddress.set(key, current + 1);
    return null;
  }

  release(key: string | null): void {
    this.#total -= 1;
    if (key === null) return;
    const current = this.#byAddress.get(key) ?? 1;
    if (current <= 1) this.#byAddress.delete(key);
    else this.#byAddress.set(key, current - 1);
  }
}
