import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import { ToolError } from '../../../lib/mcp/errors.ts';
import type { PostgresClient, Session } from '../client.ts';
import { table } from '../schemas.ts';

interface Column extends Record<string, unknown> { name: string; type: string; nullable: boolean; default: string | null; comment: string | null }
interface Constraint extends Record<string, unknown> { name: string; kind: string; definition: string }
interface Index extends Record<string, unknown> { name: string; definition: string; unique: boolean; primary: boolean }
interface Reference extends Record<string, unknown> { from_table: string; name: string; definition: string }

const KINDS: Record<string, string> = { p: 'primary key', f: 'foreign key', u: 'unique', c: 'check', x: 'exclusion' };

/** The table's oid, resolved the way PostgreSQL resolves a name in SQL (search_path, quoting), or a not-found error. */
async function resolve(session: Session, name: string): Promise<{ oid: number; schema: string; name: string; kind: string; comment: string | null; estimated_rows: number | null }> {
  const [found] = await session.query<{ oid: number | null }>('SELECT to_regclass($1)::oid AS oid', [name]);
  if (!found?.oid) throw new ToolError('UPSTREAM_NOT_FOUND', `No table or view named ${name} here. Schema-qualify it (analytics.daily_sales), quote mixed case ("Orders"), or find it with list_tables.`);
  const [info] = await session.query<{ schema: string; name: string; kind: string; comment: string | null; estimated_rows: number | null }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, obj_description(c.oid, 'pg_class') AS comment,
            CASE WHEN c.reltuples < 0 OR c.relkind = 'v' THEN NULL ELSE c.reltuples::bigint::float8 END AS estimated_rows
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1`,
    [found.oid],
  );
  return { oid: found.oid, ...info! };
}

export default defineTool({
  name: 'describe_table',
  description:
    'Describe a table or view: columns with types, nullability, defaults and comments; primary key, foreign keys, unique and check constraints; indexes; the tables whose foreign keys point here; and the view definition for a view. Use before writing a query against it.',
  input: z.object({ table }),
  annotations: { title: 'Describe a table', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(args, { client }: ToolContext<PostgresClient>) {
    const described = await client.read(async (session) => {
      const target = await resolve(session, args.table);
      const oid = [target.oid];
      const columns = await session.query<Column>(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
                pg_get_expr(d.adbin, d.adrelid) AS default, col_description(a.attrelid, a.attnum) AS comment
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
        oid,
      );
      const constraints = await session.query<Constraint>(
        'SELECT conname AS name, contype AS kind, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = $1 ORDER BY contype, conname',
        oid,
      );
      const indexes = await session.query<Index>(
        `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition, i.indisunique AS unique, i.indisprimary AS primary
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1 ORDER BY c.relname`,
        oid,
      );
      const referencedBy = await session.query<Reference>(
        `SELECT conrelid::regclass::text AS from_table, conname AS name, pg_get_constraintdef(oid) AS definition
           FROM pg_constraint WHERE contype = 'f' AND confrelid = $1 ORDER BY 1, 2`,
        oid,
      );
      const [view] = target.kind === 'v' || target.kind === 'm' ? await session.query<{ definition: string }>('SELECT pg_get_viewdef($1::oid, true) AS definition', oid) : [];
      return { target, columns, constraints: constraints.map((c) => ({ ...c, kind: KINDS[c.kind] ?? c.kind })), indexes, referencedBy, view: view?.definition ?? null };
    });
    const { target, columns, constraints, indexes, referencedBy, view } = described;
    const kind = { r: 'table', p: 'partitioned table', v: 'view', m: 'materialized view', f: 'foreign table' }[target.kind] ?? 'relation';
    const text = [
      `${target.schema}.${target.name} (${kind}${target.estimated_rows === null ? '' : `, ~${target.estimated_rows} rows`})${target.comment ? ` — ${target.comment}` : ''}`,
      '',
      'Columns:',
      ...columns.map((c) => `- ${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}${c.default ? ` DEFAULT ${c.default}` : ''}${c.comment ? ` — ${c.comment}` : ''}`),
      ...(constraints.length ? ['', 'Constraints:', ...constraints.map((c) => `- ${c.name}: ${c.definition}`)] : []),
      ...(indexes.length ? ['', 'Indexes:', ...indexes.map((i) => `- ${i.definition}`)] : []),
      ...(referencedBy.length ? ['', 'Referenced by:', ...referencedBy.map((r) => `- ${r.from_table} (${r.name}): ${r.definition}`)] : []),
      ...(view ? ['', 'Definition:', view.trim()] : []),
    ].join('\n');
    const { oid: _oid, kind: _kind, ...about } = target;
    return { text, structured: { ...about, kind, columns, constraints, indexes, referencedBy, view } };
  },
});
