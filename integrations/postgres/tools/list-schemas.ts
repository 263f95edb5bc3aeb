import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { PostgresClient } from '../client.ts';

interface SchemaRow extends Record<string, unknown> {
  name: string;
  owner: string;
  tables: number;
  views: number;
  usable: boolean;
  comment: string | null;
}

export default defineTool({
  name: 'list_schemas',
  description:
    'List the schemas of the connected PostgreSQL database (system schemas left out) with their owner, how many tables and views each holds, whether this connection may use it, and its comment. Start here on an unfamiliar database; then list_tables.',
  input: z.object({}),
  annotations: { title: 'List schemas', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(_args, { client }: ToolContext<PostgresClient>) {
    const rows = await client.read((session) =>
      session.query<SchemaRow>(
        `SELECT n.nspname AS name, pg_get_userbyid(n.nspowner) AS owner,
                count(c.oid) FILTER (WHERE c.relkind IN ('r', 'p'))::int AS tables,
                count(c.oid) FILTER (WHERE c.relkind IN ('v', 'm'))::int AS views,
                has_schema_privilege(n.oid, 'USAGE') AS usable,
                obj_description(n.oid, 'pg_namespace') AS comment
           FROM pg_namespace n
           LEFT JOIN pg_class c ON c.relnamespace = n.oid
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
          GROUP BY n.oid ORDER BY n.nspname`,
      ),
    );
    const lines = rows.map((s) => `${s.name} — ${s.tables} tables, ${s.views} views, owner ${s.owner}${s.usable ? '' : ' (no USAGE privilege: its tables cannot be read)'}${s.comment ? ` — ${s.comment}` : ''}`);
    return { text: `${rows.length} schemas in ${client.target}:\n${lines.join('\n') || '(none)'}`, structured: { schemas: rows } };
  },
});
