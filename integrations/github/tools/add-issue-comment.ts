import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { GitHubClient } from '../client.ts';
import { issueNumber, OwnerSchema, RepoNameSchema } from '../schemas.ts';

export default defineTool({
  name: 'add_issue_comment',
  description: 'Add a comment to an issue or pull request (by its issue number).',
  input: z.object({ owner: OwnerSchema, repo: RepoNameSchema, issue_number: issueNumber, body: z.string().trim().min(1).max(65_536).describe('Comment text in GitHub Markdown') }),
  annotations: { title: 'Comment on issue', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const { data } = await client.rest.issues.createComment({ owner: args.owner, repo: args.repo, issue_number: args.issue_number, body: args.body });
    const comment = { id: data.id, url: data.html_url, author: data.user?.login ?? null, createdAt: data.created_at };
    return { text: `Commented on ${args.owner}/${args.repo}#${args.issue_number} — ${comment.url}`, structured: comment };
  },
});
