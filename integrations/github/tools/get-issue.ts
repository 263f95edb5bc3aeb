import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { GitHubClient } from '../client.ts';
import { issueDetail, summarizeIssue } from '../format.ts';
import { issueNumber, OwnerSchema, RepoNameSchema } from '../schemas.ts';

export default defineTool({
  name: 'get_issue',
  description: 'Get one issue (or pull request, by its issue number) with its title, state, labels, assignees and body. Use list_issue_comments for the discussion.',
  input: z.object({ owner: OwnerSchema, repo: RepoNameSchema, issue_number: issueNumber }),
  annotations: { title: 'Get issue', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const { data } = await client.rest.issues.get({ owner: args.owner, repo: args.repo, issue_number: args.issue_number });
    const detail = issueDetail(data);
    return { text: detail.text, structured: { ...summarizeIssue(data), body: detail.body } };
  },
});
