import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { LinearClient } from '../client.ts';
import { issueDetail, issueLine, loadIssueRefs, summarizeComment } from '../format.ts';
import { issueRef } from '../schemas.ts';

export default defineTool({
  name: 'get_issue',
  description: 'Get one Linear issue by identifier (ENG-123): title, state, assignee, priority, project, labels, description and its comments, oldest first.',
  input: z.object({
    issue: issueRef,
    comments: z.number().int().min(0).max(100).default(20).describe('How many comments to include, oldest first (0-100, default 20)'),
  }),
  annotations: { title: 'Get issue', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<LinearClient>) {
    const issue = await client.issue(args.issue);
    const [comments, labels] = await Promise.all([args.comments > 0 ? issue.comments({ first: args.comments }) : undefined, issue.labels()]);
    const commentNodes = comments?.nodes ?? [];
    const refs = await loadIssueRefs(client, [issue], [issue.creatorId, ...commentNodes.map((c) => c.userId)]);
    const detail = issueDetail(issue, refs);
    const shown = commentNodes.map((c) => summarizeComment(c, refs));
    const labelNames = labels.nodes.map((l) => l.name);
    const more = comments?.pageInfo.hasNextPage ? `\n(more comments in Linear: ${detail.url})` : '';
    const text = [
      issueLine(issue, refs),
      `Labels: ${labelNames.join(', ') || 'none'} · created by ${detail.creator ?? 'unknown'}${detail.dueDate ? ` · due ${detail.dueDate}` : ''}`,
      '',
      detail.description || '(no description)',
      '',
      `Comments (${shown.length}):`,
      ...shown.map((c) => `— ${c.author ?? 'unknown'} at ${c.createdAt}:\n${c.body}`),
    ].join('\n');
    return { text: text + more, structured: { ...detail, labels: labelNames, comments: shown, moreComments: comments?.pageInfo.hasNextPage ?? false } };
  },
});
