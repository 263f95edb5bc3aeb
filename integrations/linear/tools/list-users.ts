import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { LinearClient } from '../client.ts';
import { summarizeUser, userLine } from '../format.ts';
import { after, first, pageNote, pageOf } from '../schemas.ts';

export default defineTool({
  name: 'list_users',
  description: 'List the people in the Linear workspace (display name, full name, email), optionally only those whose name or email contains some text. Use the email or display name as an assignee in other tools.',
  input: z.object({
    query: z.string().trim().min(1).max(100).optional().describe('Only users whose name, display name or email contains this text (case-insensitive)'),
    include_deactivated: z.boolean().default(false).describe('Also list deactivated users (default false)'),
    first,
    after,
  }),
  annotations: { title: 'List users', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<LinearClient>) {
    const filter = args.query
      ? { or: [{ name: { containsIgnoreCase: args.query } }, { displayName: { containsIgnoreCase: args.query } }, { email: { containsIgnoreCase: args.query } }] }
      : undefined;
    const users = await client.users({ filter, first: args.first, after: args.after, includeDisabled: args.include_deactivated });
    return {
      text: `${users.nodes.length} users${args.query ? ` matching "${args.query}"` : ''}:\n${users.nodes.map(userLine).join('\n') || '(none)'}\n${pageNote(users.pageInfo)}`,
      structured: { users: users.nodes.map(summarizeUser), ...pageOf(users.pageInfo) },
    };
  },
});
