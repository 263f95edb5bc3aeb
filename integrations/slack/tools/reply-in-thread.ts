import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { SlackClient } from '../client.ts';
import { postedMessage } from '../post.ts';
import { channel, messageTs } from '../schemas.ts';

export default defineTool({
  name: 'reply_in_thread',
  description: 'Reply in a Slack thread, starting one if the message has no replies yet. Optionally also show the reply in the channel.',
  input: z.object({
    channel,
    thread_ts: messageTs.describe('ts of the message to reply to (the thread\'s parent), as shown by get_channel_history'),
    text: z.string().trim().min(1).max(40_000).describe('Reply text in Slack mrkdwn'),
    also_send_to_channel: z.boolean().default(false).describe('Also show the reply in the channel, not only in the thread (default false)'),
  }),
  annotations: { title: 'Reply in thread', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, { client, signal }: ToolContext<SlackClient>) {
    const result = await client.chat.postMessage({ channel: args.channel, thread_ts: args.thread_ts, text: args.text, reply_broadcast: args.also_send_to_channel, unfurl_links: false });
    return postedMessage(client, result, args.channel, 'Replied', signal);
  },
});
