import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import { ToolError } from '../../../lib/mcp/errors.ts';
import type { LinearClient } from '../client.ts';
import { issueLine, loadIssueRefs, summarizeIssue } from '../format.ts';
import { resolveState, resolveUser } from '../resolve.ts';
import { PRIORITIES, issueRef, priority, userRef } from '../schemas.ts';

export default defineTool({
  name: 'update_issue',
  description: 'Change a Linear issue: move it to another workflow state (e.g. "In Progress", "Done"), assign or unassign it, set its priority, or edit its title or description. Only the fields given change.',
  input: z.object({
    issue: issueRef,
    state: z.string().trim().min(1).max(100).optional().describe('New workflow state name (list_workflow_states shows the team\'s states)'),
    assignee: userRef.optional().describe('New assignee: "me", an email, a display or full name, or "none" to unassign'),
    priority: priority.optional(),
    title: z.string().trim().min(1).max(512).optional().describe('New title'),
    description: z.string().max(100_000).optional().describe('New description in Markdown; replaces the old one'),
  }),
  annotations: { title: 'Update issue', readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<LinearClient>) {
    const { issue: ref, state, assignee, priority: newPriority, title, description } = args;
    if ([state, assignee, newPriority, title, description].every((v) => v === undefined)) {
      throw new ToolError('INVALID_ARGUMENTS', 'Nothing to change: give at least one of state, assignee, priority, title or description.');
    }
    const current = await client.issue(ref);
    const team = { id: current.teamId!, key: current.identifier.split('-')[0]! };
    const [newState, newAssignee] = await Promise.all([
      state ? resolveState(client, team, state) : undefined,
      assignee && assignee.toLowerCase() !== 'none' ? resolveUser(client, assignee) : undefined,
    ]);
    const payload = await client.updateIssue(current.id, {
      stateId: newState?.id,
      assigneeId: assignee === undefined ? undefined : (newAssignee?.id ?? null),
      priority: newPriority === undefined ? undefined : PRIORITIES[newPriority],
      title,
      description,
    });
    const issue = (await payload.issue) ?? current;
    const refs = await loadIssueRefs(client, [issue]);
    return { text: `Updated ${issueLine(issue, refs)}`, structured: summarizeIssue(issue, refs) };
  },
});
