import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { LinearClient } from '../client.ts';
import { summarizeUser } from '../format.ts';

export default defineTool({
  name: 'get_me',
  description: 'Get the Linear user the connected API key belongs to: name, display name, email and profile URL. Use it to learn "who am I" before listing the user\'s own issues (or pass assignee "me").',
  input: z.object({}),
  annotations: { title: 'Get my account', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_args, { client }: ToolContext<LinearClient>) {
    const me = summarizeUser(await client.viewer);
    return { text: `Signed in to Linear as ${me.displayName} (${me.name}, ${me.email})${me.admin ? ', workspace admin' : ''} — ${me.url}`, structured: me };
  },
});
