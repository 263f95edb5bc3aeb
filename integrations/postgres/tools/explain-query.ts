import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { PostgresClient } from '../client.ts';
import { params, sql } from '../schemas.ts';

export default defineTool({
  name: 'explain_query',
  description:
    'Show PostgreSQL\'s plan for one SQL statement (EXPLAIN): how it would scan, join and sort, with cost estimates, to find a missing index or a slow join. With analyze: true the statement really runs (read-only, within the statement timeout) and actual times and row counts are shown.',
  input: z.object({
    sql,
    params,
    analyze: z.boolean().default(false).describe('Run the statement to show actual times and row counts (EXPLAIN ANALYZE, BUFFERS); still read-only'),
  }),
  annotations: { title: 'Explain a query', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(args, { client }: ToolContext<PostgresClient>) {
    const options = args.analyze ? 'ANALYZE, BUFFERS, FORMAT TEXT' : 'FORMAT TEXT';
    const rows = await client.read((session) => session.query<{ 'QUERY PLAN': string }>(`EXPLAIN (${options}) ${args.sql}`, args.params));
    const plan = rows.map((r) => r['QUERY PLAN']);
    return { text: `Plan${args.analyze ? ' (executed, read-only)' : ''}:\n\n${plan.join('\n')}`, structured: { plan, analyzed: args.analyze } };
  },
});
