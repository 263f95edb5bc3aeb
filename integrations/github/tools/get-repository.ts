import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { GitHubClient } from '../client.ts';
import { repoLine, summarizeRepo } from '../format.ts';
import { OwnerSchema, RepoNameSchema } from '../schemas.ts';

export default defineTool({
  name: 'get_repository',
  description: 'Get one repository\'s details: description, visibility, default branch, stars, forks, open issue count, language and URL.',
  input: z.object({ owner: OwnerSchema, repo: RepoNameSchema }),
  annotations: { title: 'Get repository', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const { data } = await client.rest.repos.get({ owner: args.owner, repo: args.repo });
    const summary = summarizeRepo(data);
    return { text: `${repoLine(data)}\nDefault branch: ${summary.defaultBranch}; open issues and pull requests: ${summary.openIssues}; forks: ${summary.forks}.`, structured: summary };
  },
});
