/** Argument schemas shared by the PostgreSQL tools. */
import * as z from 'zod';

export const sql = z.string().trim().min(1).max(100_000).describe('One SQL statement (no semicolon-separated batches). Use $1, $2, … for values and pass them in params');

export const params = z
  .array(z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]))
  .max(100)
  .default([])
  .describe('Values for $1, $2, … in order (strings, numbers, booleans or null); safer than writing values into the SQL');

export const maxRows = z.number().int().min(1).max(1_000).default(100).describe('Most rows to return (default 100, up to 1000); a note says when there were more');

export const schemaName = z.string().trim().min(1).max(63).describe('Schema name, e.g. public');

export const table = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe('Table or view, optionally schema-qualified: orders, analytics.daily_sales, or "Mixed Case" in double quotes');

export const limit = z.number().int().min(1).max(500).default(100).describe('Most entries to return (default 100, up to 500)');
export const offset = z.number().int().min(0).max(100_000).default(0).describe('Entries to skip, for the next page (the previous answer says which offset to use)');

/** "Call again with offset: N" when a page was full. */
export function pageNote(shown: number, limit: number, offset: number): string {
  return shown === limit ? `\n\nMore may exist: call again with offset: ${offset + limit}.` : '';
}
