import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import { truncate } from '../../../lib/mcp/output.ts';
import type { GitHubClient } from '../client.ts';
import { hasNextPage, issueNumber, OwnerSchema, page, pageNote, perPage, RepoNameSchema } from '../schemas.ts';

const COMMENT_PREVIEW_CHARS = 1_500;

export default defineTool({
  name: 'list_issue_comments',
  description: 'List the comments on an issue or pull request, oldest first.',
  input: z.object({ owner: OwnerSchema, repo: RepoNameSchema, issue_number: issueNumber, per_page: perPage, page }),
  annotations: { title: 'List issue comments', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<GitHubClient>) {
    const response = await client.rest.issues.listComments({ owner: args.owner, repo: args.repo, issue_number: args.issue_number, per_page: args.per_page, page: args.page });
    const comments = response.data.map((c) => ({ id: c.id, author: c.user?.login ?? null, createdAt: c.created_at, url: c.html_url, body: truncate(c.body ?? '', COMMENT_PREVIEW_CHARS, 'the comment continues on GitHub') }));
    const more = hasNextPage(response.headers.link);
    const text = comments.map((c) => `— ${c.author ?? 'unknown'} at ${c.createdAt}:\n${c.body}`).join('\n\n');
    return {
      text: `${comments.length} comments on ${args.owner}/${args.repo}#${args.issue_number} (page ${args.page}):\n\n${text || '(none)'}\n\n${pageNote(args.page, more)}`,
      structured: { comments, page: args.page, hasNextPage: more },
    };
  },
});
