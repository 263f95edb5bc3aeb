import * as z from 'zod';
import { LinearDocument } from '@linear/sdk';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { LinearClient } from '../client.ts';
import { issueLine, loadIssueRefs, summarizeIssue } from '../format.ts';
import { issueFilter } from '../resolve.ts';
import { PRIORITIES, after, first, pageNote, pageOf, priority, teamKey, userRef } from '../schemas.ts';

export default defineTool({
  name: 'list_issues',
  description:
    'List Linear issues filtered by team, workflow state, assignee, project and priority, most recently updated first. Use search_issues to find issues by words; get_issue for one issue with its description and comments.',
  input: z.object({
    team: teamKey.optional(),
    state: z.string().trim().min(1).max(100).optional().describe('Workflow state name such as "In Progress" (list_workflow_states shows a team\'s states)'),
    state_type: z.enum(['triage', 'backlog', 'unstarted', 'started', 'completed', 'canceled']).optional().describe('Workflow state category, e.g. "started" for anything in progress, "completed" for done'),
    assignee: userRef.optional().describe('"me", "none" for unassigned, an email, or a display or full name'),
    project: z.string().trim().min(1).max(200).optional().describe('Project name'),
    priority: priority.optional(),
    first,
    after,
  }),
  annotations: { title: 'List issues', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<LinearClient>) {
    const filter = issueFilter({ ...args, priority: args.priority === undefined ? undefined : PRIORITIES[args.priority] });
    const issues = await client.issues({ filter, first: args.first, after: args.after, orderBy: LinearDocument.PaginationOrderBy.UpdatedAt });
    const refs = await loadIssueRefs(client, issues.nodes);
    return {
      text: `${issues.nodes.length} issues:\n${issues.nodes.map((i) => issueLine(i, refs)).join('\n') || '(none)'}\n${pageNote(issues.pageInfo)}`,
      structured: { issues: issues.nodes.map((i) => summarizeIssue(i, refs)), ...pageOf(issues.pageInfo) },
    };
  },
});
