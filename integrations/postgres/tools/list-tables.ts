import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { PostgresClient } from '../client.ts';
import { limit, offset, pageNote, schemaName } from '../schemas.ts';

interface TableRow extends Record<string, unknown> {
  schema: string;
  name: string;
  kind: string;
  estimated_rows: number | null;
  size: string | null;
  comment: string | null;
}

export default defineTool({
  name: 'list_tables',
  description:
    'List tables, views and materialized views with their kind, estimated row count, size on disk and comment, by schema and name. Filter by schema or by part of the name; page with limit and offset. Use describe_table for a table\'s columns, keys and indexes.',
  input: z.object({
    schema: schemaName.optional().describe('Only this schema (default: every non-system schema)'),
    name_contains: z.string().trim().min(1).max(63).optional().describe('Only names containing this text, case-insensitive'),
    limit,
    offset,
  }),
  annotations: { title: 'List tables', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(args, { client }: ToolContext<PostgresClient>) {
    const rows = await client.read((session) =>
      session.query<TableRow>(
        `SELECT n.nspname AS schema, c.relname AS name,
                CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
                               WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' END AS kind,
                CASE WHEN c.reltuples < 0 OR c.relkind = 'v' THEN NULL ELSE c.reltuples::bigint::float8 END AS estimated_rows,
                CASE WHEN c.relkind = 'v' THEN NULL ELSE pg_size_pretty(pg_total_relation_size(c.oid)) END AS size,
                obj_description(c.oid, 'pg_class') AS comment
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
            AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_temp\\_%'
            AND ($1::text IS NULL OR n.nspname = $1) AND ($2::text IS NULL OR strpos(lower(c.relname), lower($2)) > 0)
          ORDER BY n.nspname, c.relname LIMIT $3 OFFSET $4`,
        [args.schema ?? null, args.name_contains ?? null, args.limit, args.offset],
      ),
    );
    const lines = rows.map((t) => {
      const extent = [t.estimated_rows === null ? null : `~${t.estimated_rows} rows`, t.size].filter(Boolean).join(', ');
      return `${t.schema}.${t.name} (${t.kind}${extent ? `, ${extent}` : ''})${t.comment ? ` — ${t.comment}` : ''}`;
    });
    const scope = args.schema ? ` in schema ${args.schema}` : '';
    return {
      text: `${rows.length} tables and views${scope}${args.offset ? ` from offset ${args.offset}` : ''}:\n${lines.join('\n') || '(none)'}${pageNote(rows.length, args.limit, args.offset)}`,
      structured: { tables: rows, nextOffset: rows.length === args.limit ? args.offset + args.limit : null },
    };
  },
});
