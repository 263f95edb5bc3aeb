import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { GitHubClient } from '../client.ts';
import { issueLine, summarizeIssue } from '../format.ts';
import { direction, hasNextPage, OwnerSchema, page, pageNote, perPage, RepoNameSchema, state } from '../schemas.ts';

export default defineTool({
  name: 'list_issues',
  description: 'List issues in a repository (pull requests are left out), filtered by state, labels and assignee, newest first by default.',
  input: z.object({
    owner: OwnerSchema,
    repo: RepoNameSchema,
    state,
    labels: z.array(z.string().min(1)).max(20).optional().describe('Only issues with all of these label names'),
    assignee: z.string().min(1).optional().describe('A login, "none" for unassigned, or "*" for any assignee'),
    sort: z.enum(['created', 'updated', 'comments']).default('created').describe('Sort field (default created)'),
    direction,
    per_page: perPage,
    page,
  }),
  annotations: { title: 'List issues', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const response = await client.rest.issues.listForRepo({
      owner: args.owner,
      repo: args.repo,
      state: args.state,
      labels: args.labels?.join(','),
      assignee: args.assignee,
      sort: args.sort,
      direction: args.direction,
      per_page: args.per_page,
      page: args.page,
    });
    // The issues endpoint also returns pull requests; list_pull_requests is the tool for those.
    const issues = response.data.filter((issue) => !issue.pull_request);
    const more = hasNextPage(response.headers.link);
    return {
      text: `${issues.length} ${args.state === 'all' ? '' : `${args.state} `}issues in ${args.owner}/${args.repo} (page ${args.page}):\n${issues.map(issueLine).join('\n') || '(none)'}\n${pageNote(args.page, more)}`,
      structured: { issues: issues.map(summarizeIssue), page: args.page, hasNextPage: more },
    };
  },
});
