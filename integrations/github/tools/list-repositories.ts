import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { GitHubClient } from '../client.ts';
import { repoLine, summarizeRepo } from '../format.ts';
import { hasNextPage, OwnerSchema, page, pageNote, perPage } from '../schemas.ts';

export default defineTool({
  name: 'list_repositories',
  description: 'List repositories. Without `owner`, lists repositories the token\'s user can access (own, collaborator, organization member). With `owner`, lists that user\'s or organization\'s public repositories (plus private ones the token can see).',
  input: z.object({
    owner: OwnerSchema.optional(),
    sort: z.enum(['created', 'updated', 'pushed', 'full_name']).default('updated').describe('Sort field (default updated)'),
    per_page: perPage,
    page,
  }),
  annotations: { title: 'List repositories', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const response = args.owner
      ? await client.rest.repos.listForUser({ username: args.owner, sort: args.sort, per_page: args.per_page, page: args.page })
      : await client.rest.repos.listForAuthenticatedUser({ sort: args.sort, per_page: args.per_page, page: args.page });
    const more = hasNextPage(response.headers.link);
    const lines = response.data.map(repoLine);
    return {
      text: `${lines.length} repositories (page ${args.page}):\n${lines.join('\n')}\n${pageNote(args.page, more)}`,
      structured: { repositories: response.data.map(summarizeRepo), page: args.page, hasNextPage: more },
    };
  },
});
