import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { SlackClient } from '../client.ts';
import { postedMessage } from '../post.ts';
import { channel } from '../schemas.ts';

export default defineTool({
  name: 'post_message',
  description: 'Post a message to a Slack channel as the connected token (bot or user). To answer in a thread use reply_in_thread.',
  input: z.object({
    channel,
    text: z.string().trim().min(1).max(40_000).describe('Message text in Slack mrkdwn (*bold*, _italic_, `code`, <https://example.com|links>, <@U0123456789> mentions)'),
    unfurl_links: z.boolean().default(false).describe('Show previews of links in the message (default false)'),
  }),
  annotations: { title: 'Post message', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, { client, signal }: ToolContext<SlackClient>) {
    const result = await client.chat.postMessage({ channel: args.channel, text: args.text, unfurl_links: args.unfurl_links, unfurl_media: args.unfurl_links });
    return postedMessage(client, result, args.channel, 'Posted', signal);
  },
});
