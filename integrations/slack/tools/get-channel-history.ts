import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { SlackClient } from '../client.ts';
import { messageBlock, summarizeMessage } from '../format.ts';
import { messageContext } from '../lookup.ts';
import { channel, cursor, cursorNote, nextCursorOf, timeBound, toSlackTs } from '../schemas.ts';

export default defineTool({
  name: 'get_channel_history',
  description:
    'Read recent messages in a Slack channel, newest first, with author names, ISO times, reactions, thread reply counts and permalinks. Thread replies are not included: read them with get_thread_replies.',
  input: z.object({
    channel,
    limit: z.number().int().min(1).max(200).default(30).describe('Messages per page (1-200, default 30)'),
    cursor,
    oldest: timeBound('oldest'),
    latest: timeBound('latest'),
  }),
  annotations: { title: 'Get channel history', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client, signal }: ToolContext<SlackClient>) {
    const result = await client.conversations.history({
      channel: args.channel,
      limit: args.limit,
      cursor: args.cursor,
      oldest: args.oldest === undefined ? undefined : toSlackTs(args.oldest),
      latest: args.latest === undefined ? undefined : toSlackTs(args.latest),
    });
    const raw = result.messages ?? [];
    const context = await messageContext(client, args.channel, raw, signal);
    const messages = raw.map((m) => summarizeMessage(m, context));
    const next = result.has_more ? nextCursorOf(result) : undefined;
    return {
      text: `${messages.length} messages in ${args.channel}, newest first:\n\n${messages.map(messageBlock).join('\n\n') || '(none)'}\n\n${cursorNote(next)}`,
      structured: { channel: args.channel, messages, hasMore: result.has_more ?? false, nextCursor: next ?? null },
    };
  },
});
