import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import { ToolError } from '../../../lib/mcp/errors.ts';
import type { LinearClient } from '../client.ts';
import { issueLine, loadIssueRefs, summarizeIssue } from '../format.ts';
import { resolveProjectId, resolveState, resolveTeam, resolveUser } from '../resolve.ts';
import { PRIORITIES, priority, teamKey, userRef } from '../schemas.ts';

export default defineTool({
  name: 'create_issue',
  description: 'Create a Linear issue in a team, optionally with a description, priority, assignee, workflow state and project. Returns the new identifier (ENG-124) and URL.',
  input: z.object({
    team: teamKey,
    title: z.string().trim().min(1).max(512).describe('Issue title'),
    description: z.string().max(100_000).optional().describe('Issue description in Markdown'),
    priority: priority.optional(),
    assignee: userRef.optional(),
    state: z.string().trim().min(1).max(100).optional().describe('Workflow state name such as "Todo" (default: the team\'s default state)'),
    project: z.string().trim().min(1).max(200).optional().describe('Project name to add the issue to'),
  }),
  annotations: { title: 'Create issue', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, { client }: ToolContext<LinearClient>) {
    const team = await resolveTeam(client, args.team);
    const [assignee, state, projectId] = await Promise.all([
      args.assignee ? resolveUser(client, args.assignee) : undefined,
      args.state ? resolveState(client, team, args.state) : undefined,
      args.project ? resolveProjectId(client, args.project) : undefined,
    ]);
    const payload = await client.createIssue({
      teamId: team.id,
      title: args.title,
      description: args.description,
      priority: args.priority === undefined ? undefined : PRIORITIES[args.priority],
      assigneeId: assignee?.id,
      stateId: state?.id,
      projectId,
    });
    const issue = await payload.issue;
    if (!issue) throw new ToolError('UPSTREAM_UNAVAILABLE', 'Linear accepted the issue but did not return it. Check the team in Linear before trying again, so it is not created twice.');
    const refs = await loadIssueRefs(client, [issue]);
    return { text: `Created ${issueLine(issue, refs)}`, structured: summarizeIssue(issue, refs) };
  },
});
