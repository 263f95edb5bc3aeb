import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { GitHubClient } from '../client.ts';
import { repoLine, summarizeRepo } from '../format.ts';
import { page, pageNote, perPage } from '../schemas.ts';

export default defineTool({
  name: 'search_repositories',
  description: 'Search GitHub repositories with GitHub search syntax, e.g. "mcp server language:typescript stars:>100" or "org:vercel next".',
  input: z.object({
    query: z.string().min(1).max(256).describe('GitHub repository search query'),
    sort: z.enum(['stars', 'forks', 'updated', 'best-match']).default('best-match').describe('Sort order (default best-match)'),
    per_page: perPage,
    page,
  }),
  annotations: { title: 'Search repositories', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const { data } = await client.rest.search.repos({ q: args.query, sort: args.sort === 'best-match' ? undefined : args.sort, per_page: args.per_page, page: args.page });
    const more = args.page * args.per_page < Math.min(data.total_count, 1000);
    return {
      text: `${data.total_count} repositories match; page ${args.page}:\n${data.items.map(repoLine).join('\n')}\n${pageNote(args.page, more)}`,
      structured: { totalCount: data.total_count, repositories: data.items.map(summarizeRepo), page: args.page, hasNextPage: more },
    };
  },
});
