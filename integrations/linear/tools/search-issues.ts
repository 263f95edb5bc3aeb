import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { LinearClient } from '../client.ts';
import { issueLine, loadIssueRefs, summarizeIssue } from '../format.ts';
import { after, first, pageNote, pageOf, teamKey } from '../schemas.ts';

export default defineTool({
  name: 'search_issues',
  description: 'Full-text search over Linear issue titles and descriptions (and optionally comments), best matches first, optionally within one team.',
  input: z.object({
    query: z.string().trim().min(1).max(500).describe('Words to search for, e.g. "login timeout"'),
    team: teamKey.optional(),
    include_comments: z.boolean().default(false).describe('Also match text in comments (default false)'),
    first,
    after,
  }),
  annotations: { title: 'Search issues', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<LinearClient>) {
    const results = await client.searchIssues(args.query, {
      filter: args.team ? { team: { key: { eqIgnoreCase: args.team } } } : undefined,
      includeComments: args.include_comments,
      first: args.first,
      after: args.after,
    });
    const refs = await loadIssueRefs(client, results.nodes);
    return {
      text: `${results.totalCount} issues match "${args.query}"; showing ${results.nodes.length}:\n${results.nodes.map((i) => issueLine(i, refs)).join('\n') || '(none)'}\n${pageNote(results.pageInfo)}`,
      structured: { totalCount: results.totalCount, issues: results.nodes.map((i) => summarizeIssue(i, refs)), ...pageOf(results.pageInfo) },
    };
  },
});
