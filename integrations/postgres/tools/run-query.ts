import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { PostgresClient } from '../client.ts';
import { formatStatement } from '../format.ts';
import { maxRows, params, sql } from '../schemas.ts';

export default defineTool({
  name: 'run_query',
  description:
    'Run one read-only SQL statement (SELECT, WITH, SHOW, VALUES, TABLE) and get the rows as a table with column names and types. It always runs in a READ ONLY transaction with the connection\'s statement timeout, so it cannot change data; at most max_rows rows come back. Use execute_sql to change data, list_tables and describe_table to learn the schema first.',
  input: z.object({ sql, params, max_rows: maxRows }),
  annotations: { title: 'Run a read-only query', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(args, { client }: ToolContext<PostgresClient>) {
    const result = await client.read((session) => session.statement(args.sql, args.params, args.max_rows));
    return formatStatement(result, args.max_rows);
  },
});
