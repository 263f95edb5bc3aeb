/** Slack: channels, message history, threads, posting, reactions, people and message search, through the Slack Web API client. */
import { defineIntegration } from '../../lib/mcp/define.ts';
import { createSlackClient, type SlackClient } from './client.ts';
import { mapSlackError } from './errors.ts';
import { verifySlack } from './verify.ts';
import addReaction from './tools/add-reaction.ts';
import getChannelHistory from './tools/get-channel-history.ts';
import getThreadReplies from './tools/get-thread-replies.ts';
import getUser from './tools/get-user.ts';
import listChannels from './tools/list-channels.ts';
import listUsers from './tools/list-users.ts';
import postMessage from './tools/post-message.ts';
import replyInThread from './tools/reply-in-thread.ts';
import searchMessages from './tools/search-messages.ts';

export default defineIntegration<SlackClient>({
  slug: 'slack',
  name: 'Slack',
  description: 'Channels, message history and threads, posting and reactions, people, and message search.',
  category: 'Communication',
  auth: {
    kind: 'token',
    label: 'bot token (xoxb-…) or user token (xoxp-…)',
    help: 'Create a Slack app at https://api.slack.com/apps, add the scopes listed with it under OAuth & Permissions, install it to your workspace and copy the Bot User OAuth Token (xoxb-…). For message search use the User OAuth Token (xoxp-…) instead: search:read exists only as a user token scope.',
    scopes: ['channels:read', 'channels:history', 'groups:read', 'groups:history', 'chat:write', 'reactions:write', 'users:read', 'search:read'],
  },
  createClient: createSlackClient,
  mapError: mapSlackError,
  verify: verifySlack,
  tools: [listChannels, getChannelHistory, getThreadReplies, postMessage, replyInThread, addReaction, listUsers, getUser, searchMessages],
});
