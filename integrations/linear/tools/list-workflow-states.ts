import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { LinearClient } from '../client.ts';
import { resolveTeam } from '../resolve.ts';
import { teamKey } from '../schemas.ts';

export default defineTool({
  name: 'list_workflow_states',
  description: 'List a Linear team\'s workflow states (e.g. Backlog, Todo, In Progress, Done, Canceled) in board order, with each one\'s category. update_issue and create_issue take these names.',
  input: z.object({ team: teamKey }),
  annotations: { title: 'List workflow states', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<LinearClient>) {
    const team = await resolveTeam(client, args.team);
    // A team has a handful of states; one page of 100 holds them all.
    const states = await team.states({ first: 100 });
    const sorted = [...states.nodes].sort((a, b) => a.position - b.position).map((s) => ({ id: s.id, name: s.name, type: s.type, color: s.color }));
    return {
      text: `Workflow states of ${team.key}:\n${sorted.map((s) => `${s.name} (${s.type})`).join('\n') || '(none)'}`,
      structured: { team: team.key, states: sorted },
    };
  },
});
