import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { PostgresClient } from '../client.ts';
import { formatStatement } from '../format.ts';
import { params, sql } from '../schemas.ts';

/** RETURNING rows shown; the statement itself is not limited. */
const RETURNING_ROWS = 100;

export default defineTool({
  name: 'execute_sql',
  description:
    'Run one SQL statement that changes data or schema (INSERT, UPDATE, DELETE, CREATE, ALTER, …) in its own transaction, committed when it succeeds. Refused unless a person has allowed writes for this connection (allow_writes setting, off by default). Returns the rows affected and up to 100 RETURNING rows. Use run_query for reads.',
  input: z.object({ sql, params }),
  annotations: { title: 'Execute a statement that changes data', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async handler(args, { client }: ToolContext<PostgresClient>) {
    const result = await client.write((session) => session.statement(args.sql, args.params, RETURNING_ROWS));
    return formatStatement(result, RETURNING_ROWS);
  },
});
