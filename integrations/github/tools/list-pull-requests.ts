import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { GitHubClient } from '../client.ts';
import { direction, GitRefSchema, hasNextPage, OwnerSchema, page, pageNote, perPage, RepoNameSchema, state } from '../schemas.ts';
import { pullLine, summarizePull } from '../format.ts';

export default defineTool({
  name: 'list_pull_requests',
  description: 'List pull requests in a repository, filtered by state and base branch.',
  input: z.object({
    owner: OwnerSchema,
    repo: RepoNameSchema,
    state,
    base: GitRefSchema.optional().describe('Only pull requests into this base branch'),
    sort: z.enum(['created', 'updated', 'popularity', 'long-running']).default('created').describe('Sort field (default created)'),
    direction,
    per_page: perPage,
    page,
  }),
  annotations: { title: 'List pull requests', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const response = await client.rest.pulls.list({
      owner: args.owner, repo: args.repo, state: args.state, base: args.base, sort: args.sort, direction: args.direction, per_page: args.per_page, page: args.page,
    });
    const more = hasNextPage(response.headers.link);
    return {
      text: `${response.data.length} pull requests in ${args.owner}/${args.repo} (page ${args.page}):\n${response.data.map(pullLine).join('\n') || '(none)'}\n${pageNote(args.page, more)}`,
      structured: { pullRequests: response.data.map(summarizePull), page: args.page, hasNextPage: more },
    };
  },
});
