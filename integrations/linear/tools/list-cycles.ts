import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { LinearClient } from '../client.ts';
import { cycleLine, summarizeCycle } from '../format.ts';
import { resolveTeam } from '../resolve.ts';
import { after, first, pageNote, pageOf, teamKey } from '../schemas.ts';

const WHICH = {
  current: { isActive: { eq: true } },
  next: { isNext: { eq: true } },
  previous: { isPrevious: { eq: true } },
  upcoming: { isFuture: { eq: true } },
  past: { isPast: { eq: true } },
  all: undefined,
} as const;

export default defineTool({
  name: 'list_cycles',
  description: 'List a Linear team\'s cycles (sprints) with dates and progress: the current one, the next, the previous, all upcoming, all past, or all.',
  input: z.object({
    team: teamKey,
    which: z.enum(['current', 'next', 'previous', 'upcoming', 'past', 'all']).default('all').describe('Which cycles (default all)'),
    first,
    after,
  }),
  annotations: { title: 'List cycles', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<LinearClient>) {
    const team = await resolveTeam(client, args.team);
    const cycles = await team.cycles({ filter: WHICH[args.which], first: args.first, after: args.after });
    const note = team.cyclesEnabled ? '' : ` (cycles are turned off for ${team.key})`;
    return {
      text: `${cycles.nodes.length} ${args.which === 'all' ? '' : `${args.which} `}cycles in ${team.key}${note}:\n${cycles.nodes.map(cycleLine).join('\n') || '(none)'}\n${pageNote(cycles.pageInfo)}`,
      structured: { team: team.key, cyclesEnabled: team.cyclesEnabled, cycles: cycles.nodes.map(summarizeCycle), ...pageOf(cycles.pageInfo) },
    };
  },
});
