import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { SlackClient } from '../client.ts';
import { summarizeUser, userLine } from '../format.ts';
import { user } from '../schemas.ts';

export default defineTool({
  name: 'get_user',
  description: 'Get one Slack user\'s profile by ID: name, handle, title, status, time zone, role, and email when the token has users:read.email.',
  input: z.object({ user }),
  annotations: { title: 'Get user', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<SlackClient>) {
    const result = await client.users.info({ user: args.user });
    const found = result.user ?? { id: args.user };
    const u = summarizeUser(found);
    const details = [u.status && `status: ${u.status}`, u.email && `email: ${u.email}`].filter(Boolean).join('\n');
    return { text: `${userLine(found)}${details ? `\n${details}` : ''}`, structured: u };
  },
});
