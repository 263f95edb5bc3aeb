/** Argument schemas shared by the PostgreSQL tools. */
import * as z from 'zod';

export const sql = z.string().trim().min(1).max(100_000).describe('One SQL statement (no semicolon-separated batches). Use $1, $2, … for values and pass them in params');

export const params = z
  .array(z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]))
  .max(100)
  .default([])
  .describe('Values for $1, $2, … in order (strings, numbers, booleans or null); safer than writing values into the SQL');

export const maxRows = z.number().int().min(1).max(1_000).default(100).describe('Most rows to return (default 100, up to 1000); a note says when there were more');

/*
 * Names reach PostgreSQL only as bound parameters (`n.nspname = $1`,
 * `to_regclass($1)`), never spliced into SQL text, so a name cannot change the
 * statement. The checks below only turn the server's bare "invalid name
 * syntax" into a message that says how to write one.
 */

/** A schema name as stored (compared with `pg_namespace.nspname`, not parsed). */
export const schemaName = z
  .string()
  .trim()
  .min(1)
  .max(63)
  .refine((name) => !name.includes('\0'), 'a schema name cannot contain the NUL character')
  .describe('Schema name, e.g. public');

/** One identifier as SQL writes it: unquoted (letters, digits, `_`, `$`, not starting with a digit or `$`) or in double quotes with `""` for a quote. */
const IDENTIFIER = /(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*|"(?:[^"\0]|"")+")/.source;
/** `table`, `schema.table` or `database.schema.table`, the way `to_regclass` reads a name (spaces around the dots allowed). */
const QUALIFIED_NAME = new RegExp(`^${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER}){0,2}$`);

export const table = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(QUALIFIED_NAME, 'a table or view name as SQL writes it: orders, analytics.daily_sales, or "Mixed Case" in double quotes (quote any name with other characters)')
  .describe('Table or view, optionally schema-qualified: orders, analytics.daily_sales, or "Mixed Case" in double quotes');

export const limit = z.number().int().min(1).max(500).default(100).describe('Most entries to return (default 100, up to 500)');
export const offset = z.number().int().min(0).max(100_000).default(0).describe('Entries to skip, for the next page (the previous answer says which offset to use)');

/** "Call again with offset: N" when a page was full. */
export function pageNote(shown: number, limit: number, offset: number): string {
  return shown === limit ? `\n\nMore may exist: call again with offset: ${offset + limit}.` : '';
}
