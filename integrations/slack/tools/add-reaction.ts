import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { SlackClient } from '../client.ts';
import { channel, messageTs } from '../schemas.ts';

export default defineTool({
  name: 'add_reaction',
  description: 'Add an emoji reaction to a Slack message. Adding a reaction that is already there succeeds without change.',
  input: z.object({
    channel,
    timestamp: messageTs,
    name: z
      .string()
      .trim()
      .regex(/^:?[a-z0-9_+'-]+(::skin-tone-[2-6])?:?$/, 'an emoji name such as thumbsup or white_check_mark')
      .describe('Emoji name such as thumbsup, eyes or white_check_mark (colons optional)'),
  }),
  annotations: { title: 'Add reaction', readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<SlackClient>) {
    const name = args.name.replace(/^:|:$/g, '');
    let already = false;
    try {
      await client.reactions.add({ channel: args.channel, timestamp: args.timestamp, name });
    } catch (error) {
      // Slack reports a repeated reaction as an error; for the caller the reaction is there either way.
      if ((error as { data?: { error?: string } }).data?.error !== 'already_reacted') throw error;
      already = true;
    }
    return {
      text: already ? `:${name}: was already on message ${args.timestamp} in ${args.channel}.` : `Added :${name}: to message ${args.timestamp} in ${args.channel}.`,
      structured: { channel: args.channel, timestamp: args.timestamp, name, alreadyPresent: already },
    };
  },
});
