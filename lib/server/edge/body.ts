/**
 * Request bodies, bounded in size and in time. A declared `Content-Length`
 * over the limit is refused before a byte is read; otherwise the handler
 * reads through a guard that stops at the limit and at a deadline counted
 * from its first read, so a client that sends one byte every few seconds
 * cannot hold a handler. The guard reads nothing by itself: a request refused
 * on its headers (no API key) never costs its body, and the edge then closes
 * the connection instead of draining it.
 *
 * Two guards, by what the request declares:
 * - a `Content-Length` (every MCP client's POST): Bun reads no more than it
 *   declares, so only time needs bounding. The request's own Body methods
 *   (`text()`, `json()`, … — what the gateway and Elysia read with) are
 *   wrapped with the deadline. This costs no second stream and no copied
 *   Request, which on a small tool call was a tenth of the hub's CPU;
 * - no length (chunked): the body becomes a stream that counts bytes and
 *   keeps the deadline.
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
  return request.headers.has('content-length') ? guardDeclaredBody(request, limits) : guardStreamedBody(request, request.body, limits);
}

const tooSlow = (limits: BodyLimits) => new BodyRefusedError(`request body not received within ${limits.bodyTimeoutMs} ms`);

/** The Body methods a route reads a whole body with. */
const BODY_READERS = ['text', 'json', 'arrayBuffer', 'bytes', 'blob', 'formData'] as const;

/** A declared-length body: the request itself, its Body methods bounded by the deadline (module doc). */
function guardDeclaredBody(request: Request, limits: BodyLimits): GuardedBody {
  let refusal: BodyRefusal | null = null;
  let complete = false;
  const withDeadline = <T>(read: Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const deadline = setTimeout(() => {
        refusal = 'too_slow';
        reject(tooSlow(limits));
      }, limits.bodyTimeoutMs);
      read.then(
        (value) => {
          clearTimeout(deadline);
          complete = true;
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(deadline);
          reject(error);
        },
      );
    });
  for (const name of BODY_READERS) {
    const read = request[name] as () => Promise<unknown>;
    Object.defineProperty(request, name, { value: () => withDeadline(read.call(request)), configurable: true });
  }
  return { request, refusal: () => refusal, complete: () => complete };
}

/** A body of no declared length, read through a stream that counts it (module doc). */
function guardStreamedBody(request: Request, body: ReadableStream<Uint8Array>, limits: BodyLimits): GuardedBody {
  const source = body.getReader();
  let refusal: BodyRefusal | null = null;
  let complete = false;
  let received = 0;
  let deadline: ReturnType<typeof setTimeout> | undefined;

  const stop = (reason: BodyRefusal, controller: ReadableStreamDefaultController<Uint8Array>) => {
    refusal = reason;
    clearTimeout(deadline);
    controller.error(reason === 'too_large' ? new BodyRefusedError(`request body over ${limits.maxBodyBytes} bytes`) : tooSlow(limits));
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
