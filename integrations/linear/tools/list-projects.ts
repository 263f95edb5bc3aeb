import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { LinearClient } from '../client.ts';
import { loadRefs, projectLine, summarizeProject } from '../format.ts';
import { after, first, pageNote, pageOf, teamKey } from '../schemas.ts';

export default defineTool({
  name: 'list_projects',
  description: 'List Linear projects with their status, progress, lead and target date, optionally only one team\'s or only those in one status.',
  input: z.object({
    team: teamKey.optional(),
    status: z.enum(['backlog', 'planned', 'started', 'paused', 'completed', 'canceled']).optional().describe('Only projects in this status category'),
    first,
    after,
  }),
  annotations: { title: 'List projects', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<LinearClient>) {
    const filter = {
      ...(args.team ? { accessibleTeams: { some: { key: { eqIgnoreCase: args.team } } } } : {}),
      ...(args.status ? { status: { type: { eq: args.status } } } : {}),
    };
    const projects = await client.projects({ filter, first: args.first, after: args.after });
    const refs = await loadRefs(client, { users: projects.nodes.map((p) => p.leadId) });
    return {
      text: `${projects.nodes.length} projects:\n${projects.nodes.map((p) => projectLine(p, refs)).join('\n') || '(none)'}\n${pageNote(projects.pageInfo)}`,
      structured: { projects: projects.nodes.map((p) => summarizeProject(p, refs)), ...pageOf(projects.pageInfo) },
    };
  },
});
