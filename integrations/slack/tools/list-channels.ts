import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { SlackClient } from '../client.ts';
import { channelLine, summarizeChannel } from '../format.ts';
import { cursor, cursorNote, nextCursorOf } from '../schemas.ts';

export default defineTool({
  name: 'list_channels',
  description: 'List Slack channels the token can see, with their IDs (needed by the other Slack tools), membership, member counts, topic and purpose.',
  input: z.object({
    types: z
      .array(z.enum(['public_channel', 'private_channel', 'mpim', 'im']))
      .min(1)
      .default(['public_channel', 'private_channel'])
      .describe('Kinds of conversation to list (default public and private channels; private ones only where the token is a member)'),
    exclude_archived: z.boolean().default(true).describe('Leave out archived channels (default true)'),
    limit: z.number().int().min(1).max(200).default(100).describe('Channels per page (1-200, default 100); Slack may return fewer'),
    cursor,
  }),
  annotations: { title: 'List channels', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<SlackClient>) {
    const result = await client.conversations.list({ types: args.types.join(','), exclude_archived: args.exclude_archived, limit: args.limit, cursor: args.cursor });
    const channels = result.channels ?? [];
    const next = nextCursorOf(result);
    return {
      text: `${channels.length} channels:\n${channels.map(channelLine).join('\n') || '(none)'}\n${cursorNote(next)}`,
      structured: { channels: channels.map(summarizeChannel), nextCursor: next ?? null },
    };
  },
});
