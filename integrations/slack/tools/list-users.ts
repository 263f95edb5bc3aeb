import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { SlackClient } from '../client.ts';
import { summarizeUser, userLine } from '../format.ts';
import { cursor, cursorNote, nextCursorOf } from '../schemas.ts';

export default defineTool({
  name: 'list_users',
  description: 'List people (and bots) in the Slack workspace with their user IDs, handles, names, titles and time zones. Use the IDs with get_user or in <@ID> mentions.',
  input: z.object({
    limit: z.number().int().min(1).max(200).default(50).describe('Users per page (1-200, default 50); Slack may return fewer'),
    cursor,
    include_deactivated: z.boolean().default(false).describe('Also show deactivated accounts (default false)'),
  }),
  annotations: { title: 'List users', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<SlackClient>) {
    const result = await client.users.list({ limit: args.limit, cursor: args.cursor });
    const members = result.members ?? [];
    const shown = args.include_deactivated ? members : members.filter((m) => !m.deleted);
    const hidden = members.length - shown.length;
    const next = nextCursorOf(result);
    return {
      text: `${shown.length} users${hidden ? ` (${hidden} deactivated left out)` : ''}:\n${shown.map(userLine).join('\n') || '(none)'}\n${cursorNote(next)}`,
      structured: { users: shown.map(summarizeUser), deactivatedLeftOut: hidden, nextCursor: next ?? null },
    };
  },
});
