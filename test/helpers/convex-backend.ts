/// <reference types="vite/client" />
/**
 * An in-memory Convex deployment for tests: convex-test running the real
 * functions in `convex/`, optionally served on 127.0.0.1 over the HTTP wire
 * protocol `ConvexHttpClient` (convex/browser) speaks, so a real hub process
 * configured with a Convex URL can run against it.
 *
 * The wire protocol (node_modules/convex/dist/esm/browser/http_client.js):
 * `POST /api/{query,mutation,action}` with
 * `{ path: "users:create", format: "convex_encoded_json", args: [convexToJson(args)] }`;
 * 200 `{ status: "success", value, logLines }` on success, 560
 * `{ status: "error", errorMessage, errorData? }` when the function threw —
 * `errorData` only for a ConvexError, which the client rethrows as a
 * ConvexError with the same `data`. Any other status makes the client throw
 * `Error(<body text>)`.
 *
 * The same port serves Convex's WebSocket sync protocol (test/helpers/convex-sync.ts),
 * so `ConvexClient.onUpdate` subscriptions work: subscribed queries are re-run
 * after every mutation or action made over HTTP, and on `refreshSubscriptions()`
 * after a test changes data through `t` directly.
 *
 * Faults are explicit and deterministic: `stop()` refuses connections (and
 * drops kept-alive ones and WebSockets) until `start()` listens again on the
 * same port; `setDelay(ms)` holds every HTTP response back.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { convexTest, type TestConvex } from 'convex-test';
import { makeFunctionReference } from 'convex/server';
import { ConvexError, convexToJson, jsonToConvex, type JSONValue, type Value } from 'convex/values';
import schema from '../../convex/schema.ts';
import { createSyncServer, type QueryOutcome } from './convex-sync.ts';

// Vitest expands this at transform time, relative to this file (also when it is imported by a test).
const modules = import.meta.glob('../../convex/**/*.*s');

/** A hub secret long enough for convex/env.ts (32+ characters). */
export const CONVEX_SECRET = 'test-hub-secret-0123456789abcdefghijklmnop';

/** convex-test's handle on one in-memory deployment of `convex/`. */
export type ConvexTestBackend = TestConvex<typeof schema>;

/** The function kinds the wire protocol has an endpoint for. */
export type ConvexFunctionKind = 'query' | 'mutation' | 'action';

/**
 * A fresh, empty in-memory deployment. convex-test runs the functions in this
 * process, so the deployment's environment is `process.env`: the secret is
 * set there for convex/env.ts (one secret per test process; the last call wins).
 */
export function convexBackend(secret: string = CONVEX_SECRET): ConvexTestBackend {
  process.env.MCPHUB_CONVEX_SECRET = secret;
  return convexTest(schema, modules);
}

/** A running HTTP front for a convex-test deployment, with fault controls. */
export interface ConvexHttpBackend {
  /** The deployment URL to give `ConvexHttpClient` (or a hub process); the same across stop/start. */
  readonly url: string;
  readonly port: number;
  /** The hub secret the deployment checks. */
  readonly secret: string;
  /** The deployment itself, for seeding and inspecting data directly. */
  readonly t: ConvexTestBackend;
  /** Calls that reached a public function over HTTP (whether it then succeeded or threw), by kind and path: `calls.mutation['usage:record']`. Refused paths, malformed requests and calls dropped by `stop()` are not counted, nor are query runs for WebSocket subscriptions. */
  readonly calls: Readonly<Record<ConvexFunctionKind, Readonly<Record<string, number>>>>;
  /** Requests received and not yet answered: lets a test wait until a call is being held by the delay. */
  readonly inFlight: number;
  /** Open WebSocket sync sessions (one per connected `ConvexClient`): lets a test wait for a client to (re)connect. */
  readonly syncSessions: number;
  /** Re-runs every subscribed query and pushes the results that changed; call it after changing data through `t`. Resolves once they are sent. */
  refreshSubscriptions(): Promise<void>;
  /** Holds every later response back by `ms` (0 turns it off). The function runs after the delay, and not at all if the backend is stopped meanwhile. */
  setDelay(ms: number): void;
  /** Makes the backend unreachable: closes the listening socket and destroys open connections (WebSockets included, without a close frame), so calls in flight and new ones fail with connection errors. Idempotent. */
  stop(): Promise<void>;
  /** Listens again on the same port; the data is kept. Idempotent. */
  start(): Promise<void>;
  /** Stops for good; `start()` afterwards throws. */
  close(): Promise<void>;
}

/** The longest delay a test may set: long enough to trip any client timeout, short enough to never hang a run. */
const MAX_DELAY_MS = 30_000;
/** The status the real backend uses for "the function ran and threw"; the client reads the JSON body only for it and 200. */
const STATUS_UDF_FAILED = 560;
const ROUTES: Record<string, ConvexFunctionKind> = { '/api/query': 'query', '/api/mutation': 'mutation', '/api/action': 'action' };

/**
 * Serves a convex-test deployment (a fresh one unless `t` is given) on
 * 127.0.0.1, on an ephemeral port unless `port` is given. Only public
 * functions are callable, as on a real deployment.
 */
export async function startConvexBackend(options: { secret?: string; t?: ConvexTestBackend; port?: number } = {}): Promise<ConvexHttpBackend> {
  const secret = options.secret ?? CONVEX_SECRET;
  const t = options.t ?? convexBackend(secret);
  process.env.MCPHUB_CONVEX_SECRET = secret;

  const calls: Record<ConvexFunctionKind, Record<string, number>> = { query: {}, mutation: {}, action: {} };
  const sockets = new Set<Socket>();
  /** Delays under way; stop() ends them early so no timer outlives the backend. */
  const pendingDelays = new Set<() => void>();
  let delayMs = 0;
  let server: Server | null = null;
  let closed = false;
  let inFlight = 0;

  const sync = createSyncServer({
    async runQuery(path, args): Promise<QueryOutcome> {
      if (!(await isPublicFunction(path))) return { ok: false, errorMessage: notPublic(path) };
      try {
        return { ok: true, value: convexToJson((await t.query(makeFunctionReference<'query'>(path), args)) as Value) };
      } catch (error) {
        const { errorMessage, errorData } = udfError(error);
        return { ok: false, errorMessage, ...(errorData === undefined ? {} : { errorData }) };
      }
    },
  });

  const run = async (kind: ConvexFunctionKind, path: string, args: Record<string, Value>): Promise<unknown> => {
    calls[kind][path] = (calls[kind][path] ?? 0) + 1;
    if (kind === 'query') return t.query(makeFunctionReference<'query'>(path), args);
    try {
      return kind === 'mutation' ? await t.mutation(makeFunctionReference<'mutation'>(path), args) : await t.action(makeFunctionReference<'action'>(path), args);
    } finally {
      // Subscribers hear of a write before its caller does, so a test that awaited the call can expect the update to be on its way. Even a failed call may have written (an action's inner mutations).
      await sync.commit();
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const kind = req.method === 'POST' ? ROUTES[new URL(req.url ?? '/', 'http://localhost').pathname] : undefined;
    const body = await readBody(req);
    if (delayMs > 0) await delay(delayMs, pendingDelays);
    // Stopped while waiting: the client already has its connection error, and the function must not run unseen.
    if (res.destroyed || req.socket.destroyed) return;
    if (!kind) return send(res, 404, { code: 'NotFound', message: `No route for ${req.method} ${req.url}` });
    const call = parseCall(body);
    if (!call.ok) return send(res, 400, { code: 'BadJsonBody', message: call.reason });
    if (!(await isPublicFunction(call.path))) {
      return send(res, STATUS_UDF_FAILED, udfError(new Error(notPublic(call.path))));
    }
    try {
      const value = await run(kind, call.path, call.args);
      send(res, 200, { status: 'success', value: convexToJson(value as Value), logLines: [] });
    } catch (error) {
      send(res, STATUS_UDF_FAILED, udfError(error));
    }
  };

  const listen = async (port: number): Promise<Server> => {
    const next = createServer((req, res) => {
      inFlight += 1;
      handle(req, res)
        .catch((error: unknown) => {
          // A bug in this helper, not a function failure: surface it as a plain 500 the client reports verbatim.
          if (!res.headersSent && !res.destroyed) send(res, 500, { code: 'ShimError', message: String(error) });
        })
        .finally(() => {
          inFlight -= 1;
        });
    });
    next.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => sync.handleUpgrade(req, socket, head));
    next.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        next.off('error', reject);
        resolve();
      });
    });
    return next;
  };

  server = await listen(options.port ?? 0);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('convex backend: listening socket has no port');
  const port = address.port;

  const stop = async (): Promise<void> => {
    const current = server;
    if (!current) return;
    server = null;
    const done = new Promise<void>((resolve) => current.close(() => resolve()));
    // close() alone waits for kept-alive connections to go idle; a stopped backend must drop them now.
    for (const socket of sockets) socket.destroy();
    // Destroying the sockets above already ends upgraded ones (Bun and Node alike); sessions are also dropped by their own handle so that does not rest on how a runtime tracks upgraded sockets.
    sync.dropAll();
    for (const release of pendingDelays) release();
    await done;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    secret,
    t,
    calls,
    get inFlight() {
      return inFlight;
    },
    get syncSessions() {
      return sync.sessions;
    },
    refreshSubscriptions: () => sync.commit(),
    setDelay(ms) {
      if (!Number.isFinite(ms) || ms < 0 || ms > MAX_DELAY_MS) throw new Error(`convex backend: delay must be 0..${MAX_DELAY_MS} ms, got ${ms}`);
      delayMs = ms;
    },
    stop,
    async start() {
      if (closed) throw new Error('convex backend: start() after close()');
      if (!server) server = await listen(port);
    },
    async close() {
      closed = true;
      await stop();
    },
  };
}

type ParsedCall = { ok: true; path: string; args: Record<string, Value> } | { ok: false; reason: string };

/** Checks the request body has the shape the client sends; the reason names what is wrong. */
function parseCall(body: string): ParsedCall {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, reason: 'body is not a JSON object' };
  const { path, format, args } = parsed as { path?: unknown; format?: unknown; args?: unknown };
  if (typeof path !== 'string' || path === '') return { ok: false, reason: 'missing "path"' };
  if (format !== undefined && format !== 'convex_encoded_json') return { ok: false, reason: `unsupported format ${JSON.stringify(format)}` };
  // The client sends the arguments object wrapped in a one-element array.
  if (!Array.isArray(args) || args.length > 1) return { ok: false, reason: '"args" must be an array of at most one arguments object' };
  let decoded: Value;
  try {
    decoded = args.length === 0 ? {} : jsonToConvex(args[0] as JSONValue);
  } catch (error) {
    return { ok: false, reason: `"args" is not convex-encoded JSON: ${String(error)}` };
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) return { ok: false, reason: '"args" must hold an object' };
  return { ok: true, path, args: decoded as Record<string, Value> };
}

/**
 * Whether `path` ("module:export", "dir/module.js:export", or "module" for a
 * default export) names a public function. convex-test would also run internal
 * ones, which a real deployment never exposes over HTTP, so the check is made
 * here on the registered function's own flag.
 */
async function isPublicFunction(path: string): Promise<boolean> {
  const [modulePath = '', exportName = 'default'] = path.split(':');
  const load = Object.entries(modules).find(([file]) => file.replace(/^.*?\/convex\//, '').replace(/\.[^./]+$/, '') === modulePath.replace(/\.js$/, ''))?.[1];
  if (!load) return false;
  const exports = (await load()) as Record<string, { isPublic?: unknown } | undefined>;
  return exports[exportName]?.isPublic === true;
}

/** The real backend's answer for a missing or internal function, the same for both so a client learns nothing of internals. */
function notPublic(path: string): string {
  return `Could not find public function for '${path}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`;
}

/**
 * The 560 body for a function that threw; a ConvexError's data travels as
 * `errorData`, as on the real backend. convex-test reports bad arguments as
 * "Validator error: …" where the real backend says "ArgumentValidationError: …",
 * which clients match on, so that label is restored (a schema-validation
 * failure inside a handler gets it too: convex-test words both alike).
 */
function udfError(error: unknown): { status: 'error'; errorMessage: string; errorData?: JSONValue; logLines: string[] } {
  const message = error instanceof Error ? error.message : String(error);
  const errorMessage = message.startsWith('Validator error') ? `ArgumentValidationError: ${message}` : message;
  if (error instanceof ConvexError) return { status: 'error', errorMessage, errorData: convexToJson(error.data as Value), logLines: [] };
  return { status: 'error', errorMessage, logLines: [] };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Waits `ms`, or less if `pending`'s release functions are called (stop()). */
function delay(ms: number, pending: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const release = () => {
      clearTimeout(timer);
      pending.delete(release);
      resolve();
    };
    const timer = setTimeout(release, ms);
    pending.add(release);
  });
}
