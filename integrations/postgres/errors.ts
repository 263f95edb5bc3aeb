/**
 * PostgreSQL failures → ToolError, in one place. The server reports a
 * five-character SQLSTATE (`DatabaseError.code`, Appendix A of the PostgreSQL
 * manual); its class (first two characters) decides most cases. Failures to
 * reach the server come from Node's socket (`ECONNREFUSED`, …) or from pg's
 * own connect timeout. The server's message, detail and hint are safe to show
 * and are what a model needs to fix its SQL; none of them carries the
 * connection string's password.
 */
import pg from 'pg';
import { ToolError, type ToolErrorFix } from '../../lib/mcp/errors.ts';
import { ALLOW_WRITES, WRITES_OFF } from './client.ts';

/** The hub words these (lib/server/hints.ts). */
const RECONNECT: ToolErrorFix = { kind: 'reconnect' };
const RAISE_TIMEOUT: ToolErrorFix = { kind: 'change_setting', assignment: 'statement_timeout_ms=60000' };
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE']);

/** The server's explanation with its detail, hint and the position of the error in the statement. */
function explain(error: pg.DatabaseError): string {
  const parts = [error.message];
  if (error.detail) parts.push(`Detail: ${error.detail}`);
  if (error.hint) parts.push(`Hint: ${error.hint}`);
  if (error.position) parts.push(`At character ${error.position} of the statement`);
  return parts.map((part) => part.replace(/\.?$/, '.')).join(' ');
}

function fromDatabase(error: pg.DatabaseError): ToolError {
  const code = error.code ?? '';
  const reason = `PostgreSQL ${code} ${error.severity ?? ''}: ${error.message}`;
  const said = explain(error);
  if (code === '25006') return new ToolError('UPSTREAM_FORBIDDEN', `PostgreSQL refused to change data: ${error.message}. ${WRITES_OFF}`, reason, ALLOW_WRITES);
  if (code === '57014') {
    return /statement timeout/i.test(error.message)
      ? new ToolError('UPSTREAM_TIMEOUT', 'PostgreSQL stopped the statement at the connection\'s statement timeout. Make it cheaper (a WHERE clause, a LIMIT, an indexed column), or a person can raise statement_timeout_ms.', reason, RAISE_TIMEOUT)
      : new ToolError('UPSTREAM_UNAVAILABLE', `PostgreSQL cancelled the statement (${error.message}). Try again.`, reason);
  }
  if (code === '42601' && /multiple commands/i.test(error.message)) {
    return new ToolError('UPSTREAM_BAD_REQUEST', 'Send one SQL statement per call (no semicolon-separated batches); call again for each statement.', reason);
  }
  if (code === '3D000') return new ToolError('UPSTREAM_NOT_FOUND', `${error.message}: the connection string names a database that does not exist.`, reason, RECONNECT);
  switch (code.slice(0, 2)) {
    case '28': // invalid authorization: wrong password, no pg_hba.conf entry, role cannot log in
      return new ToolError('UPSTREAM_AUTH_REJECTED', `PostgreSQL rejected the login (${error.message}).`, reason, RECONNECT);
    case '42':
      if (code === '42501') return new ToolError('UPSTREAM_FORBIDDEN', `${said} The database role in the connection string lacks this privilege: the database owner can GRANT it, or connect with another role.`, reason);
      if (code === '42P01' || code === '42703' || code === '3F000' || code === '42883' || code === '42704') {
        return new ToolError('UPSTREAM_NOT_FOUND', `${said} list_tables and describe_table show what exists.`, reason);
      }
      return new ToolError('UPSTREAM_BAD_REQUEST', `PostgreSQL rejected the statement: ${said}`, reason);
    case '3F':
      return new ToolError('UPSTREAM_NOT_FOUND', `${said} list_schemas shows the schemas.`, reason);
    case '53': // insufficient resources: too many connections, out of memory or disk
      return new ToolError('UPSTREAM_RATE_LIMITED', `PostgreSQL has no capacity for this right now (${error.message}). Try again in a few seconds; if it persists, the database's connection limit is reached.`, reason);
    case '08': // connection exception
    case '57': // operator intervention: shutting down, cannot connect now
    case '58': // system error
    case 'XX': // internal error
    case '40': // transaction rollback: serialization failure, deadlock
      return new ToolError('UPSTREAM_UNAVAILABLE', `PostgreSQL could not finish this (${error.message}). Try again in a moment.`, reason);
    default: // data exceptions (22), integrity violations (23), and the rest: the statement's fault
      return new ToolError('UPSTREAM_BAD_REQUEST', `PostgreSQL rejected the statement: ${said}`, reason);
  }
}

export function mapPostgresError(error: unknown): ToolError | undefined {
  if (error instanceof pg.DatabaseError) return fromDatabase(error);
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && SOCKET_CODES.has(code)) {
    return new ToolError('UPSTREAM_UNAVAILABLE', `Could not reach PostgreSQL (${error.message}). Check that the server is running and that the connection string's host and port are right.`, `postgres socket ${code}`);
  }
  // pg's own wording for a connect timeout, a dropped connection, and a server that refuses TLS.
  if (/timeout exceeded when trying to connect|Connection terminated|connection timeout/i.test(error.message)) {
    return new ToolError('UPSTREAM_UNAVAILABLE', `PostgreSQL did not answer (${error.message}). Check that the server is running and reachable from the hub.`, `postgres connection: ${error.message}`);
  }
  if (/does not support SSL|SSL/i.test(error.message) && /server|connection/i.test(error.message)) {
    return new ToolError('UPSTREAM_UNAVAILABLE', `TLS negotiation with PostgreSQL failed (${error.message}). Match the connection string's sslmode to the server.`, `postgres tls: ${error.message}`, RECONNECT);
  }
  return undefined;
}
