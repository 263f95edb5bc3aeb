/**
 * The PostgreSQL client the tools receive. Every call runs in its own
 * transaction on a pooled connection:
 *
 * - `READ ONLY` unless the tool writes and the connection's `allow_writes`
 *   setting is on (off by default) — PostgreSQL itself then refuses INSERT,
 *   UPDATE, DELETE, DDL, nextval() and the like;
 * - `SET LOCAL statement_timeout` from the `statement_timeout_ms` setting, so
 *   the server stops a runaway query even if the hub is gone;
 * - rows read through a cursor, so a `SELECT *` over a huge table fetches only
 *   the rows that will be shown;
 * - on timeout or cancellation the running statement is cancelled on the
 *   server and the connection is discarded, not returned to the pool.
 */
import type pg from 'pg';
import Cursor from 'pg-cursor';
import type { ClientOptions } from '../../lib/mcp/define.ts';
import { ToolError, type ToolErrorFix } from '../../lib/mcp/errors.ts';
import { cancelBackend, poolFor } from './pools.ts';
import type { PostgresSettings } from './settings.ts';

export type SqlValue = string | number | boolean | null;

export interface StatementResult {
  /** `SELECT`, `INSERT`, `EXPLAIN`, … as the server reported it. */
  command: string;
  columns: Array<{ name: string; type: string }>;
  /** At most `maxRows`, each an array in column order (names may repeat in SQL). */
  rows: unknown[][];
  /** True when the statement produced more rows than were read. */
  more: boolean;
  /** Rows affected, for INSERT/UPDATE/DELETE; null when the server did not say. */
  rowCount: number | null;
}

/** A connection inside one transaction, as the tools use it. */
export interface Session {
  /** A catalog or helper query of the tool's own: all rows, as objects. */
  query<Row extends Record<string, unknown>>(text: string, values?: SqlValue[]): Promise<Row[]>;
  /** A statement someone else wrote: at most `maxRows` rows, with column types. */
  statement(text: string, values: SqlValue[], maxRows: number): Promise<StatementResult>;
}

/** What lets writes through, worded by the hub (lib/server/hints.ts). */
export const ALLOW_WRITES: ToolErrorFix = { kind: 'change_setting', assignment: 'allow_writes=on' };
/** For a write attempted through a read-only tool. */
export const WRITES_OFF = 'Writes are off for this connection, so every statement runs READ ONLY; once a person allows them, use execute_sql.';

/** The connection string must not be shown: a short, credential-free description of where it points. */
export function describeTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname || 'localhost'}${url.port ? `:${url.port}` : ''}${url.pathname.length > 1 ? url.pathname : ''}`;
  } catch {
    return 'the database';
  }
}

/** Why a connection string cannot be used, or null; the message never repeats the string (it holds a password). */
export function checkConnectionString(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'The PostgreSQL credential must be a connection string such as postgres://user:password@host:5432/database.';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return `The connection string must start with postgres:// or postgresql://, not ${url.protocol}//.`;
  if (!url.hostname && !url.searchParams.get('host')) return 'The connection string has no host (postgres://user:password@HOST:5432/database).';
  if (!url.username) return 'The connection string has no user name (postgres://USER:password@host:5432/database).';
  return null;
}

export class PostgresClient {
  readonly target: string;

  constructor(
    private readonly connectionString: string,
    private readonly options: ClientOptions<PostgresSettings>,
  ) {
    const problem = checkConnectionString(connectionString);
    if (problem) throw new ToolError('UPSTREAM_BAD_REQUEST', `${problem} Reconnect PostgreSQL with a valid one.`);
    this.target = describeTarget(connectionString);
  }

  get settings(): PostgresSettings {
    return this.options.settings;
  }

  /** Runs `work` in a read-only transaction. */
  read<T>(work: (session: Session) => Promise<T>): Promise<T> {
    return this.#transaction(false, work);
  }

  /** Runs `work` in a read-write transaction that commits; refused unless the connection allows writes. */
  write<T>(work: (session: Session) => Promise<T>): Promise<T> {
    if (!this.settings.allow_writes) throw new ToolError('UPSTREAM_FORBIDDEN', 'Refused: writes are off for this connection (the allow_writes setting, off by default), so nothing was run.', undefined, ALLOW_WRITES);
    return this.#transaction(true, work);
  }

  async #transaction<T>(writable: boolean, work: (session: Session) => Promise<T>): Promise<T> {
    const { signal, timeUpstream } = this.options;
    signal.throwIfAborted();
    const connecting = timeUpstream(() => poolFor(this.connectionString).connect());
    let connection: pg.PoolClient;
    try {
      connection = await abortable(connecting, signal);
    } catch (error) {
      // Given up while connecting: a connection that arrives later goes straight back, closed.
      void connecting.then((late) => late.release(true), () => {});
      throw error;
    }
    // pg exposes the server process id only on its client object.
    const backend = (connection as pg.PoolClient & { processID?: number }).processID;
    // Stop the statement on the server too: a dropped socket alone leaves it running until it ends.
    const onAbort = () => {
      if (backend !== undefined) void cancelBackend(this.connectionString, backend);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const cut = new AbortController();
    const stopReading = this.#boundReads(connection, cut);
    const run = (text: string) => timeUpstream(() => connection.query(text));
    let broken = false;
    const body = (async () => {
      await run(writable ? 'BEGIN READ WRITE' : 'BEGIN READ ONLY');
      // An integer from a validated setting: safe to inline (SET takes no parameters).
      await run(`SET LOCAL statement_timeout = ${Math.round(this.settings.statement_timeout_ms)}`);
      const result = await work(this.#session(connection));
      await run(writable ? 'COMMIT' : 'ROLLBACK');
      return result;
    })();
    try {
      return await abortable(body, AbortSignal.any([signal, cut.signal]));
    } catch (error) {
      const tooLarge = stopReading();
      if (tooLarge) throw tooLarge;
      if (!signal.aborted) await run('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
      // A connection abandoned midway may still be busy (or mid-transaction), or was cut: close it rather than reuse it.
      connection.release(Boolean(stopReading()) || broken || signal.aborted);
    }
  }

  /**
   * Counts what the server sends on this connection and cuts it past the
   * call's read limit (MCPHUB_MAX_UPSTREAM_BYTES): pg buffers a whole row
   * before a cursor sees it, so a 100 MB cell, or max_rows rows of 1 MB each,
   * would otherwise sit in the hub's memory. The cut aborts `cut` (a cursor
   * on a dead connection never finishes closing). Returns the stop, which
   * gives the refusal if the limit was passed.
   */
  #boundReads(connection: pg.PoolClient, cut: AbortController): () => ToolError | undefined {
    const { readLimit } = this.options;
    // pg keeps the socket (the TLS socket once upgraded) on its connection object.
    const socket = (connection as pg.PoolClient & { connection?: { stream?: NodeJS.ReadableStream & { destroy(): void } } }).connection?.stream;
    let received = 0;
    let refusal: ToolError | undefined;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= readLimit.maxBytes || refusal) return;
      refusal = readLimit.exceeded();
      socket?.destroy();
      cut.abort(refusal);
    };
    // A dropped connection (this cut, or the server going away) fails the running query, and pg also
    // emits it on the client, which has no listener while checked out: unheard, that would throw.
    const dropped = () => {};
    socket?.on('data', count);
    connection.on('error', dropped);
    return () => {
      socket?.removeListener('data', count);
      // A cut connection is discarded, and may still emit after this: it keeps its listener.
      if (!refusal) connection.removeListener('error', dropped);
      return refusal;
    };
  }

  #session(connection: pg.PoolClient): Session {
    const { timeUpstream } = this.options;
    return {
      // Always the extended protocol: it takes exactly one statement, so SQL that reaches here
      // (EXPLAIN <their statement>) cannot smuggle in a COMMIT followed by a write.
      query: async <Row extends Record<string, unknown>>(text: string, values: SqlValue[] = []) =>
        (await timeUpstream(() => connection.query<Row>({ text, values, queryMode: 'extended' } as pg.QueryConfig<SqlValue[]>))).rows,
      statement: (text, values, maxRows) => timeUpstream(() => readStatement(connection, text, values, maxRows)),
    };
  }
}

/** Settles as `promise` does, or rejects as soon as `signal` aborts (then `promise` settles unobserved). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Runs one statement through a cursor and reads `maxRows + 1` rows (the extra one says whether there are more). */
async function readStatement(connection: pg.PoolClient, text: string, values: SqlValue[], maxRows: number): Promise<StatementResult> {
  const cursor = connection.query(new Cursor(text, values, { rowMode: 'array' }));
  let read: { rows: unknown[][]; result: pg.QueryResult };
  try {
    read = await new Promise((resolve, reject) => {
      cursor.read(maxRows + 1, (error, rows, result) => (error ? reject(error) : resolve({ rows: rows as unknown[][], result })));
    });
  } finally {
    // Closed before anything else runs: an open cursor holds the connection, and would hold back the next query.
    await new Promise<void>((resolve) => cursor.close(() => resolve()));
  }
  const { rows, result } = read;
  const typeNames = await typeNamesOf(connection, result.fields.map((f) => f.dataTypeID));
  return {
    command: result.command ?? '',
    columns: result.fields.map((f) => ({ name: f.name, type: typeNames.get(f.dataTypeID) ?? `oid ${f.dataTypeID}` })),
    rows: rows.slice(0, maxRows),
    more: rows.length > maxRows,
    rowCount: result.command === 'SELECT' || result.rowCount === null ? null : result.rowCount,
  };
}

async function typeNamesOf(connection: pg.PoolClient, oids: number[]): Promise<Map<number, string>> {
  if (oids.length === 0) return new Map();
  const { rows } = await connection.query<{ oid: number; name: string }>('SELECT oid, format_type(oid, NULL) AS name FROM pg_type WHERE oid = ANY($1::oid[])', [[...new Set(oids)]]);
  return new Map(rows.map((r) => [r.oid, r.name]));
}

export function createPostgresClient(connectionString: string, options: ClientOptions<PostgresSettings>): PostgresClient {
  return new PostgresClient(connectionString, options);
}
