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
  const state: BodyState = { refusal: null, complete: false };
  // The declared length is read before `body`, which Bun turns into a stream object when first asked for.
  const declared = request.headers.get('content-length');
  if (declared !== null && declared !== '0') return result(guardDeclaredBody(request, limits, state), state);
  const body = declared === null ? request.body : null;
  if (body === null) return { request, refusal: () => null, complete: () => true };
  return result(guardStreamedBody(request, body, limits, state), state);
}

function result(request: Request, state: BodyState): GuardedBody {
  return { request, refusal: () => state.refusal, complete: () => state.complete };
}

/** What a guard learned while the body was read. */
interface BodyState {
  refusal: BodyRefusal | null;
  complete: boolean;
}

const tooSlow = (limits: BodyLimits) => new BodyRefusedError(`request body not received within ${limits.bodyTimeoutMs} ms`);

/** The Body methods a route reads a whole body with. */
const BODY_READERS = ['text', 'arrayBuffer', 'bytes', 'blob', 'formData'] as const;
const nativeBody = Object.getOwnPropertyDescriptor(Request.prototype, 'body')!.get!;

/**
 * A declared-length body: the request itself, its Body methods bounded by the
 * deadline. A route that reads `request.body` as a stream instead (the
 * dashboard's proxy) gets the counting stream, made when first asked for.
 */
function guardDeclaredBody(request: Request, limits: BodyLimits, state: BodyState): Request {
  const withDeadline = <T>(read: Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const deadline = setTimeout(() => {
        state.refusal = 'too_slow';
        reject(tooSlow(limits));
      }, limits.bodyTimeoutMs);
      read.then(
        (value) => {
          clearTimeout(deadline);
          state.complete = true;
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
  // Read as text, then parsed: a body that is not JSON was still read to its end, so its connection may be reused.
  const text = request.text;
  Object.defineProperty(request, 'json', { value: () => text().then((body) => JSON.parse(body) as unknown), configurable: true });
  let stream: ReadableStream<Uint8Array> | undefined;
  Object.defineProperty(request, 'body', { get: () => (stream ??= countingStream(nativeBody.call(request) as ReadableStream<Uint8Array>, limits, state)), configurable: true });
  return request;
}

/** A body of no declared length: a copy of the request whose body is the counting stream. */
function guardStreamedBody(request: Request, body: ReadableStream<Uint8Array>, limits: BodyLimits, state: BodyState): Request {
  // Node (the Vercel runtime) refuses a stream body without `duplex`, which its RequestInit type does not name yet.
  const init: RequestInit & { duplex: 'half' } = { body: countingStream(body, limits, state), duplex: 'half' };
  return new Request(request, init);
}

/** `body` read through a stream that stops at the size limit and at the deadline from its first read. */
function countingStream(body: ReadableStream<Uint8Array>, limits: BodyLimits, state: BodyState): ReadableStream<Uint8Array> {
  // Locked only on the first read: a route may look at `request.body` and then read with text() (Elysia's parser does).
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const source = { read: () => (reader ??= body.getReader()).read(), cancel: (reason?: unknown) => (reader ? reader.cancel(reason) : body.cancel(reason)) };
  let received = 0;
  let deadline: ReturnType<typeof setTimeout> | undefined;

  const stop = (reason: BodyRefusal, controller: ReadableStreamDefaultController<Uint8Array>) => {
    state.refusal = reason;
    clearTimeout(deadline);
    controller.error(reason === 'too_large' ? new BodyRefusedError(`request body over ${limits.maxBodyBytes} bytes`) : tooSlow(limits));
    // Ends a read still waiting on the client; the connection is closed after the refusal.
    source.cancel().catch(() => {});
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        deadline ??= setTimeout(() => stop('too_slow', controller), limits.bodyTimeoutMs);
        const { done, value } = await source.read();
        if (state.refusal !== null) return;
        if (done) {
          state.complete = true;
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
}
