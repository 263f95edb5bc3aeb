/** The shared ending of post_message and reply_in_thread: the posted message, rendered with its permalink. */
import type { ChatPostMessageResponse } from '@slack/web-api';
import type { ToolOutput } from '../../lib/mcp/define.ts';
import type { SlackClient } from './client.ts';
import { messageBlock, summarizeMessage } from './format.ts';
import { messageContext } from './lookup.ts';

export async function postedMessage(client: SlackClient, result: ChatPostMessageResponse, channel: string, verb: string, signal: AbortSignal): Promise<ToolOutput> {
  const posted = { ...result.message, ts: result.ts ?? result.message?.ts };
  const context = await messageContext(client, result.channel ?? channel, [posted], signal);
  const message = summarizeMessage(posted, context);
  const where = posted.thread_ts && posted.thread_ts !== posted.ts ? `in thread ${posted.thread_ts} of ${context.channel}` : `in ${context.channel}`;
  return { text: `${verb} ${where}:\n${messageBlock(message)}`, structured: { channel: context.channel, ...message } };
}
