import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { LinearClient } from '../client.ts';
import { summarizeTeam, teamLine } from '../format.ts';
import { after, first, pageNote, pageOf } from '../schemas.ts';

export default defineTool({
  name: 'list_teams',
  description: 'List the Linear teams the API key can see, with the key that prefixes their issue identifiers (ENG for ENG-123). Other tools take these keys.',
  input: z.object({ first, after }),
  annotations: { title: 'List teams', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<LinearClient>) {
    const teams = await client.teams({ first: args.first, after: args.after });
    return {
      text: `${teams.nodes.length} teams:\n${teams.nodes.map(teamLine).join('\n') || '(none)'}\n${pageNote(teams.pageInfo)}`,
      structured: { teams: teams.nodes.map(summarizeTeam), ...pageOf(teams.pageInfo) },
    };
  },
});
