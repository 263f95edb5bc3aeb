import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { SlackClient } from '../client.ts';
import { messageBlock, summarizeMessage } from '../format.ts';
import { messageContext } from '../lookup.ts';
import { channel, cursor, cursorNote, messageTs, nextCursorOf } from '../schemas.ts';

export default defineTool({
  name: 'get_thread_replies',
  description: 'Read a Slack thread: the parent message followed by its replies, oldest first, with author names, ISO times and permalinks.',
  input: z.object({
    channel,
    ts: messageTs.describe('ts of the thread\'s parent message (get_channel_history shows it on messages with replies)'),
    limit: z.number().int().min(1).max(200).default(50).describe('Messages per page (1-200, default 50)'),
    cursor,
  }),
  annotations: { title: 'Get thread replies', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client, signal }: ToolContext<SlackClient>) {
    const result = await client.conversations.replies({ channel: args.channel, ts: args.ts, limit: args.limit, cursor: args.cursor });
    const raw = result.messages ?? [];
    const context = await messageContext(client, args.channel, raw, signal);
    const messages = raw.map((m) => summarizeMessage(m, context));
    const next = result.has_more ? nextCursorOf(result) : undefined;
    return {
      text: `Thread ${args.ts} in ${args.channel} (${messages.length} messages, oldest first):\n\n${messages.map(messageBlock).join('\n\n') || '(none)'}\n\n${cursorNote(next)}`,
      structured: { channel: args.channel, threadTs: args.ts, messages, hasMore: result.has_more ?? false, nextCursor: next ?? null },
    };
  },
});
