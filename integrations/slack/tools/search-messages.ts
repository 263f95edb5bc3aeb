import * as z from 'zod';
import { defineTool, type ToolContext } from '../../../lib/mcp/define.ts';
import type { SlackClient } from '../client.ts';
import { messageBlock, plainText, tsToIso } from '../format.ts';
import { truncate } from '../../../lib/mcp/output.ts';

const NO_NAMES = new Map<string, string>();

export default defineTool({
  name: 'search_messages',
  description:
    'Search Slack messages with Slack search syntax, e.g. "deploy failed in:#ops after:2026-11-01" or "from:@alice budget". Needs a user token (xoxp-…) with search:read; bot tokens cannot search.',
  input: z.object({
    query: z.string().trim().min(1).max(500).describe('Slack search query; supports in:#channel, from:@user, before:/after:/on: dates, "exact phrases"'),
    sort: z.enum(['score', 'timestamp']).default('score').describe('Order by relevance (score, default) or time (timestamp)'),
    sort_dir: z.enum(['asc', 'desc']).default('desc').describe('Sort direction (default desc)'),
    count: z.number().int().min(1).max(100).default(20).describe('Results per page (1-100, default 20)'),
    page: z.number().int().min(1).max(100).default(1).describe('Page number, starting at 1'),
  }),
  annotations: { title: 'Search messages', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { client }: ToolContext<SlackClient>) {
    const result = await client.search.messages({ query: args.query, sort: args.sort, sort_dir: args.sort_dir, count: args.count, page: args.page, highlight: false });
    const total = result.messages?.total ?? 0;
    const pages = result.messages?.paging?.pages ?? result.messages?.pagination?.page_count ?? 1;
    const matches = (result.messages?.matches ?? []).map((m) => {
      const isPrivate = m.channel?.is_private ?? false;
      return {
        ts: m.ts ?? null,
        time: tsToIso(m.ts),
        channelId: m.channel?.id ?? null,
        channelName: m.channel?.name ?? null,
        privateChannel: isPrivate,
        userId: m.user ?? null,
        author: m.username ?? m.user ?? 'unknown',
        text: truncate(plainText(m.text ?? '', NO_NAMES), 1_000, 'the message continues in Slack (see the permalink)'),
        permalink: m.permalink ?? null,
      };
    });
    const blocks = matches.map((m) =>
      messageBlock({ ...m, isBot: false, subtype: null, threadTs: null, replyCount: 0, latestReply: null, reactions: [], files: [], author: `${m.author} in #${m.channelName ?? m.channelId ?? '?'}` }),
    );
    const more = args.page < pages;
    return {
      text: `${total} messages match "${args.query}"; page ${args.page} of ${pages}:\n\n${blocks.join('\n\n') || '(none)'}\n\n${more ? `More results: call again with page ${args.page + 1}.` : 'No more pages.'}`,
      structured: { total, matches, page: args.page, pages, hasNextPage: more },
    };
  },
});
