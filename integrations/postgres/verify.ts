/**
 * Whose PostgreSQL connection string this is: one read-only statement (the
 * `SELECT 1` of a health check, asking who logged in) through the same pooled,
 * read-only transaction every tool call uses, so a wrong password, a missing
 * database or an unreachable server is found before the string is stored.
 */
import type { ConnectedAccount } from '../../lib/mcp/define.ts';
import type { PostgresClient } from './client.ts';

export async function verifyPostgres(client: PostgresClient): Promise<ConnectedAccount> {
  const [row] = await client.read((session) => session.query<{ role: string }>('SELECT current_user AS role'));
  // `target` is host:port/database from the string, without its password.
  return { label: `${row?.role ?? 'unknown role'}@${client.target}` };
}
