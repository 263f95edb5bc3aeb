import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { GitHubClient } from '../client.ts';
import { issueLine, summarizeIssue } from '../format.ts';
import { page, pageNote, perPage } from '../schemas.ts';

export default defineTool({
  name: 'search_issues',
  description: 'Search issues and pull requests across GitHub with search syntax, e.g. "repo:octo/app is:open label:bug", "is:pr author:@me is:open" or "org:acme crash in:title".',
  input: z.object({
    query: z.string().min(1).max(256).describe('GitHub issue search query'),
    sort: z.enum(['best-match', 'comments', 'created', 'updated', 'reactions']).default('best-match').describe('Sort order (default best-match)'),
    order: z.enum(['asc', 'desc']).default('desc').describe('Sort direction when sort is not best-match'),
    per_page: perPage,
    page,
  }),
  annotations: { title: 'Search issues', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const { data } = await client.rest.search.issuesAndPullRequests({
      q: args.query,
      sort: args.sort === 'best-match' ? undefined : args.sort,
      order: args.order,
      per_page: args.per_page,
      page: args.page,
    });
    const more = args.page * args.per_page < Math.min(data.total_count, 1000);
    return {
      text: `${data.total_count} issues and pull requests match; page ${args.page}:\n${data.items.map(issueLine).join('\n') || '(none)'}\n${pageNote(args.page, more)}`,
      structured: { totalCount: data.total_count, items: data.items.map(summarizeIssue), page: args.page, hasNextPage: more },
    };
  },
});
