/**
 * The server half of Convex's WebSocket sync protocol, for the test backend
 * (test/helpers/convex-backend.ts): enough for `ConvexClient.onUpdate` on
 * public queries, so a hub's live change feed runs against the real client.
 *
 * The client (node_modules/convex/dist/esm/browser/sync/) opens
 * `ws://<host>/api/<client version>/sync` and sends `Connect`, then
 * `ModifyQuerySet { baseVersion, newVersion, modifications: [Add | Remove] }`;
 * every connection starts again from version 0 and re-adds all its queries.
 * The server answers with `Transition { startVersion, endVersion, modifications }`
 * where a version is `{ querySet, identity, ts }` and `ts` is a u64 sent as
 * base64 of its 8 little-endian bytes (protocol.js). The client throws away a
 * transition whose startVersion is not exactly the version it holds, so each
 * session tracks what it has sent. Modifications are `QueryUpdated`,
 * `QueryFailed` (with `errorData` for a ConvexError) and `QueryRemoved`.
 *
 * How the real backend behaves (get-convex/convex-backend crates/sync) and
 * what is kept: a transition moves to the latest commit timestamp and carries
 * only queries whose result changed (results are deduplicated by value, errors
 * included); a query-set change always gets a transition; a base-version
 * mismatch is a FatalError; `{type: "Ping"}` after 15 s without a message (the
 * client reconnects after 60 s of silence). What is not: real invalidation by
 * read set (every query is re-run on each commit this helper is told of),
 * mutations and actions over the socket, auth tokens, pagination journals,
 * transition chunking — the client gets a FatalError for what is unsupported,
 * so a test relying on it fails loudly instead of hanging.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { jsonToConvex, type JSONValue, type Value } from 'convex/values';
import { WebSocketServer, type WebSocket } from 'ws';

/** A query's result as the client must see it: a convex-encoded value, or the error (with a ConvexError's data). */
export type QueryOutcome = { ok: true; value: JSONValue } | { ok: false; errorMessage: string; errorData?: JSONValue };

export interface SyncServerOptions {
  /** Runs the query at `path` ("module:export") with decoded arguments; refusing non-public functions is the caller's job. */
  runQuery(path: string, args: Record<string, Value>): Promise<QueryOutcome>;
  /** Silence after which a Ping is sent; the real backend's 15 s unless a test wants otherwise. */
  heartbeatMs?: number;
}

/** The sync endpoint of one test backend. */
export interface SyncServer {
  /** Takes over an HTTP upgrade request: `/api/<version>/sync` becomes a session, any other path gets 404. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Records a commit (a later timestamp) and re-runs every subscribed query,
   * sending each session a Transition with the results that changed. Resolves
   * once those are sent. Never rejects: a session that fails is closed.
   */
  commit(): Promise<void>;
  /** Open sessions. */
  readonly sessions: number;
  /** Drops every connection without a close handshake, as a crashed backend would; clients reconnect on their own. */
  dropAll(): void;
}

type Version = { querySet: number; identity: number; ts: bigint };
type Modification =
  | { type: 'QueryUpdated'; queryId: number; value: JSONValue; logLines: string[]; journal: null }
  | { type: 'QueryFailed'; queryId: number; errorMessage: string; errorData?: JSONValue; logLines: string[]; journal: null }
  | { type: 'QueryRemoved'; queryId: number };

interface Session {
  ws: WebSocket;
  /** The version the client holds: the end of the last transition sent. */
  sent: Version;
  /** The query-set and identity versions the client has announced. */
  received: { querySet: number; identity: number };
  /** Subscribed queries, with the JSON of the outcome last sent (undefined: not sent yet). */
  queries: Map<number, { path: string; args: unknown; last?: string }>;
  heartbeat?: ReturnType<typeof setTimeout>;
}

/** A protocol violation by the client: the real backend answers a FatalError and closes. */
class ProtocolError extends Error {}

const SYNC_PATH = /^\/api\/[^/]+\/sync$/;
const DEFAULT_HEARTBEAT_MS = 15_000;

/** Creates the sync endpoint; hand it the HTTP server's `upgrade` events. */
export function createSyncServer(options: SyncServerOptions): SyncServer {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const wss = new WebSocketServer({ noServer: true });
  const sessions = new Set<Session>();
  // Nanoseconds since the epoch, as real commit timestamps are; only ever increases.
  let ts = BigInt(Date.now()) * 1_000_000n;
  // One queue for all sync work, so a session's transitions go out in order and each starts where the last ended.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>): Promise<void> => {
    const done = queue.then(work);
    // Work handles its own failures; should a bug slip through, it reaches the caller of `done` and the queue still moves on.
    queue = done.catch(() => undefined);
    return done;
  };

  /** (Re)starts the session's silence timer; unref'd so an idle session never keeps a test process alive. */
  const arm = (session: Session): void => {
    clearTimeout(session.heartbeat);
    session.heartbeat = setTimeout(() => send(session, { type: 'Ping' }), heartbeatMs);
    session.heartbeat.unref();
  };
  const send = (session: Session, message: object): void => {
    if (session.ws.readyState !== session.ws.OPEN) return;
    session.ws.send(JSON.stringify(message));
    arm(session);
  };

  /** Ends a session over a failure: FatalError first for the client's own mistakes, a close frame the client logs in every case. */
  const fail = (session: Session, error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ProtocolError) send(session, { type: 'FatalError', error: message });
    // The client backs off 1 s for a reason starting "InternalServerError", as after a real backend's own failure.
    session.ws.close(error instanceof ProtocolError ? 1008 : 1011, (error instanceof ProtocolError ? message : `InternalServerError: ${message}`).slice(0, 120));
  };

  /**
   * Moves the session to the latest timestamp and its announced versions:
   * re-runs all its queries and sends the ones whose outcome changed, plus
   * `removed`. Nothing is sent when nothing moved, unless `force` (a query-set
   * or identity change always gets its transition).
   */
  const transition = async (session: Session, removed: number[], force: boolean): Promise<void> => {
    const modifications: Modification[] = removed.map((queryId) => ({ type: 'QueryRemoved', queryId }));
    for (const [queryId, query] of session.queries) {
      const outcome = await runEncoded(options, query.path, query.args);
      const key = JSON.stringify(outcome);
      if (key === query.last) continue;
      query.last = key;
      modifications.push(
        outcome.ok
          ? { type: 'QueryUpdated', queryId, value: outcome.value, logLines: [], journal: null }
          : { type: 'QueryFailed', queryId, errorMessage: outcome.errorMessage, ...(outcome.errorData === undefined ? {} : { errorData: outcome.errorData }), logLines: [], journal: null },
      );
    }
    if (modifications.length === 0 && !force) return;
    const end: Version = { ...session.received, ts };
    send(session, { type: 'Transition', startVersion: encodeVersion(session.sent), endVersion: encodeVersion(end), modifications });
    session.sent = end;
  };

  const handle = async (session: Session, raw: string): Promise<void> => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new ProtocolError(`WSMessageInvalidJson: ${raw.slice(0, 80)}`);
    }
    switch (message.type) {
      case 'Connect': {
        const observed = typeof message.maxObservedTimestamp === 'string' ? decodeTs(message.maxObservedTimestamp) : undefined;
        // As the real backend: a client that has seen a later commit has talked to another deployment; serving it would go back in time.
        if (observed !== undefined && observed > ts) throw new Error(`Client has observed a timestamp ${observed} ahead of the backend latest known timestamp ${ts}`);
        return;
      }
      case 'ModifyQuerySet': {
        const { baseVersion, newVersion, modifications } = message as { baseVersion: number; newVersion: number; modifications: Array<{ type: string; queryId: number; udfPath?: string; args?: unknown }> };
        if (baseVersion !== session.received.querySet) throw new ProtocolError(`BaseVersionMismatch: Base version ${baseVersion} passed up doesn't match the current version ${session.received.querySet}`);
        if (!(newVersion > baseVersion)) throw new ProtocolError(`new query set version ${newVersion} is not after ${baseVersion}`);
        const removed: number[] = [];
        for (const change of modifications) {
          if (change.type === 'Add') {
            if (session.queries.has(change.queryId)) throw new ProtocolError(`Duplicate query ID: ${change.queryId}`);
            session.queries.set(change.queryId, { path: change.udfPath ?? '', args: change.args });
          } else if (change.type === 'Remove') {
            if (!session.queries.delete(change.queryId)) throw new ProtocolError(`Nonexistent query id: ${change.queryId}`);
            removed.push(change.queryId);
          } else {
            throw new ProtocolError(`unknown query set modification ${JSON.stringify(change.type)}`);
          }
        }
        session.received.querySet = newVersion;
        return transition(session, removed, true);
      }
      case 'Authenticate': {
        // Clearing auth is part of every client's life; real tokens need an auth provider this backend does not have.
        if (message.tokenType !== 'None') throw new ProtocolError('the test backend has no auth provider: only tokenType "None" is supported');
        if (message.baseVersion !== session.received.identity) throw new ProtocolError(`identity base version ${String(message.baseVersion)} doesn't match the current version ${session.received.identity}`);
        session.received.identity += 1;
        return transition(session, [], true);
      }
      case 'Event':
        return; // Client telemetry: the real backend only logs it.
      case 'Mutation':
      case 'Action':
        throw new ProtocolError(`${message.type} over WebSocket is not supported by the test backend; call it with ConvexHttpClient`);
      default:
        throw new ProtocolError(`unknown message type ${JSON.stringify(message.type)}`);
    }
  };

  wss.on('connection', (ws: WebSocket) => {
    const session: Session = { ws, sent: { querySet: 0, identity: 0, ts: 0n }, received: { querySet: 0, identity: 0 }, queries: new Map() };
    sessions.add(session);
    arm(session);
    ws.on('message', (data) => {
      const raw = String(data);
      void enqueue(() => handle(session, raw).catch((error: unknown) => fail(session, error)));
    });
    ws.on('close', () => {
      clearTimeout(session.heartbeat);
      sessions.delete(session);
    });
    // A reset connection also emits 'close', which is all that matters here; without a listener the error would be thrown.
    ws.on('error', () => undefined);
  });

  return {
    handleUpgrade(req, socket, head) {
      if (!SYNC_PATH.test(new URL(req.url ?? '/', 'http://localhost').pathname)) {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    commit() {
      const now = BigInt(Date.now()) * 1_000_000n;
      ts = now > ts ? now : ts + 1n;
      return enqueue(async () => {
        for (const session of [...sessions]) await transition(session, [], false).catch((error: unknown) => fail(session, error));
      });
    },
    get sessions() {
      return sessions.size;
    },
    dropAll() {
      for (const session of sessions) session.ws.terminate();
    },
  };
}

/** Runs a query from its wire form: the client sends the arguments object convex-encoded, in a one-element array. */
async function runEncoded(options: SyncServerOptions, path: string, args: unknown): Promise<QueryOutcome> {
  let decoded: Value;
  try {
    decoded = Array.isArray(args) && args.length <= 1 ? jsonToConvex((args[0] ?? {}) as JSONValue) : null;
  } catch (error) {
    return { ok: false, errorMessage: `ArgumentValidationError: arguments are not convex-encoded JSON: ${String(error)}` };
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) return { ok: false, errorMessage: 'ArgumentValidationError: arguments must be an array holding one object' };
  return options.runQuery(path, decoded as Record<string, Value>);
}

/** A u64 as the protocol sends it: base64 of its 8 little-endian bytes (protocol.js `longToU64`). */
function encodeTs(ts: bigint): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ts);
  return bytes.toString('base64');
}

function decodeTs(encoded: string): bigint {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== 8) throw new ProtocolError(`timestamp ${JSON.stringify(encoded)} is not 8 bytes`);
  return bytes.readBigUInt64LE();
}

function encodeVersion(version: Version): { querySet: number; identity: number; ts: string } {
  return { querySet: version.querySet, identity: version.identity, ts: encodeTs(version.ts) };
}
