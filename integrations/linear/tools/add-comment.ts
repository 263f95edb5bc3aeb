import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { LinearClient } from '../client.ts';
import { issueRef } from '../schemas.ts';

export default defineTool({
  name: 'add_comment',
  description: 'Add a comment to a Linear issue, as the API key\'s user. Markdown is supported; @-mentions need the user\'s profile link.',
  input: z.object({
    issue: issueRef,
    body: z.string().trim().min(1).max(100_000).describe('Comment text in Markdown'),
  }),
  annotations: { title: 'Add comment', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, { client }: ToolContext<LinearClient>) {
    // commentCreate takes the issue's UUID, so an identifier is looked up first.
    const issue = await client.issue(args.issue);
    const payload = await client.createComment({ issueId: issue.id, body: args.body });
    const comment = { id: payload.commentId ?? null, issue: issue.identifier, url: (await payload.comment)?.url ?? issue.url };
    return { text: `Commented on ${issue.identifier} ${issue.title} — ${comment.url}`, structured: comment };
  },
});
