/**
 * Request bodies, bounded in size and in time. A declared `Content-Length`
 * over the limit is refused before a byte is read; otherwise the handler
 * reads through a guard that stops at the limit (chunked bodies declare no
 * length) and at a deadline counted from its first read, so a client that
 * sends one byte every few seconds cannot hold a handler. The guard reads
 * nothing by itself: a request refused on its headers (no API key) never
 * costs its body, and the edge then closes the connection instead of
 * draining it.
 */

export type BodyRefusal = 'too_large' | 'too_slow';

export interface GuardedBody {
  /** The request to hand on: the original when it has no body, else one whose body is the guard. */
  request: Request;
  /** Why the guard stopped the body while it was read, if it did. */
  refusal(): BodyRefusal | null;
  /** True once the body was read to its end (or there was none): only then may the connection be reused. */
  complete(): boolean;
}

export interface BodyLimits {
  maxBodyBytes: number;
  bodyTimeoutMs: number;
}

/** True when the request declares a body longer than the limit. */
export function declaresTooLarge(request: Request, limits: BodyLimits): boolean {
  return Number(request.headers.get('content-length') ?? 0) > limits.maxBodyBytes;
}

class BodyRefusedError extends Error {
  override name = 'BodyRefusedError';
}

export function guardBody(request: Request, limits: BodyLimits): GuardedBody {
  if (request.body === null) return { request, refusal: () => null, complete: () => true };
  const source = request.body.getReader();
  let refusal: BodyRefusal | null = null;
  let complete = false;
  let received = 0;
  let deadline: ReturnType<typeof setTimeout> | undefined;

  const stop = (reason: BodyRefusal, controller: ReadableStreamDefaultController<Uint8Array>) => {
    refusal = reason;
    clearTimeout(deadline);
    controller.error(new BodyRefusedError(reason === 'too_large' ? `request body over ${limits.maxBodyBytes} bytes` : `request body not received within ${limits.bodyTimeoutMs} ms`));
    // Ends a read still waiting on the client; the connection is closed after the refusal.
    source.cancel().catch(() => {});
  };

  const guarded = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        deadline ??= setTimeout(() => stop('too_slow', controller), limits.bodyTimeoutMs);
        const { done, value } = await source.read();
        if (refusal !== null) return;
        if (done) {
          complete = true;
          clearTimeout(deadline);
          controller.close();
          return;
        }
        received += value.byteLength;
        if (received > limits.maxBodyBytes) return stop('too_large', controller);
        controller.enqueue(value);
      },
      cancel(reason) {
        clearTimeout(deadline);
        return source.cancel(reason);
      },
    },
    // Pull only when the handler reads: nothing is read ahead of it.
    { highWaterMark: 0 },
  );
  // Node (the Vercel runtime) refuses a stream body without `duplex`, which its RequestInit type does not name yet.
  const init: RequestInit & { duplex: 'half' } = { body: guarded, duplex: 'half' };
  return {
    request: new Request(request, init),
    refusal: () => refusal,
    complete: () => complete,
  };
}
