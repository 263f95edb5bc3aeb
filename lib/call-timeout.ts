/**
 * A deadline as a signal, cleared when the work ends (a tool call, a signed
 * forward, a store call). `AbortSignal.timeout`
 * cannot be cleared: each call left a timer pending for the whole timeout
 * (30 s), tens of thousands at a few thousand calls a second, and every
 * fetch and timer of the process paid for them (~20 µs more per upstream
 * request at one caller, bench/peer.bench.ts).
 */
export function callTimeout(ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
