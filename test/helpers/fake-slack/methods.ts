/**
 * The Web API methods the Slack fake answers (auth.test, conversations.*,
 * chat.postMessage, reactions.add, users.*, search.messages), with the
 * special failure channels checked first for any method taking a channel.
 * Posting and reacting change the seeded data in place.
 */

import { FAKE_SLACK_T0, FAKE_SLACK_WORKSPACE_URL, ts } from './data.ts';
import type { Channel, Message, User } from './data.ts';
import type { FakeSlackToken } from './index.ts';
import { channelJson, fail, ok, pageOf, userJson } from './wire.ts';

const EMOJI = new Set(['thumbsup', '+1', 'eyes', 'white_check_mark', 'tada', 'rocket']);
const SCOPE_OF_TYPE: Record<string, string> = { public_channel: 'channels:read', private_channel: 'groups:read', mpim: 'mpim:read', im: 'im:read' };

/** Builds `route(method, params, token, auth)` over one fake's users and channels; the caller has already authenticated. */
export function createSlackMethods(users: User[], channels: Channel[], options: { slowMs?: number }) {
  let seq = 0;

  async function route(method: string, params: Record<string, string>, token: string, auth: FakeSlackToken): Promise<Response> {
    const kind = token.startsWith('xoxb-') ? 'bot' : 'user';
    const need = (...scopes: string[]) => {
      const missing = scopes.filter((s) => !auth.scopes.includes(s));
      return missing.length ? fail('missing_scope', { needed: missing.join(','), provided: auth.scopes.join(',') }) : undefined;
    };

    // Failure triggers that apply to any method taking a channel.
    if (params.channel === 'C0RATELIMIT') return Response.json({ ok: false, error: 'ratelimited' }, { status: 429, headers: { 'retry-after': '30' } });
    if (params.channel === 'C0THROTTLED') return Response.json({ ok: false, error: 'ratelimited' }, { status: 429 });
    if (params.channel === 'C0FATAL') return fail('internal_error');
    if (params.channel === 'C0BROKEN') return new Response('<html><body>Service Unavailable</body></html>', { status: 503, headers: { 'content-type': 'text/html' } });
    if (params.channel === 'C0SLOW') {
      await new Promise((resolve) => setTimeout(resolve, options.slowMs ?? 3_000));
      return ok({ messages: [], has_more: false, response_metadata: { next_cursor: '' } }, auth.scopes);
    }
    const channel = params.channel ? channels.find((c) => c.id === params.channel) : undefined;
    const readable = (c: Channel | undefined) => c && (!c.is_private || c.members.includes(auth.userId));

    switch (method) {
      case 'auth.test': {
        const me = users.find((u) => u.id === auth.userId);
        return ok({ url: FAKE_SLACK_WORKSPACE_URL, team: 'Acme', user: me?.name ?? auth.userId, team_id: 'T0ACME', user_id: auth.userId, ...(kind === 'bot' ? { bot_id: 'B0HUB' } : {}), is_enterprise_install: false }, auth.scopes);
      }
      case 'conversations.list': {
        const types = (params.types ?? 'public_channel').split(',');
        const denied = need(...types.map((t) => SCOPE_OF_TYPE[t] ?? 'channels:read'));
        if (denied) return denied;
        const visible = channels.filter(
          (c) => ((c.is_private ? types.includes('private_channel') && c.members.includes(auth.userId) : types.includes('public_channel'))) && !(params.exclude_archived === 'true' && c.is_archived),
        );
        const page = pageOf('channel', visible, params, 100);
        if (page === 'invalid') return fail('invalid_cursor');
        return ok({ channels: page.items.map((c) => channelJson(c, auth.userId)), response_metadata: { next_cursor: page.next } }, auth.scopes, 'channels:read');
      }
      case 'conversations.history':
      case 'conversations.replies': {
        if (!readable(channel)) return fail('channel_not_found');
        const denied = need(channel!.is_private ? 'groups:history' : 'channels:history');
        if (denied) return denied;
        if (kind === 'bot' && !channel!.members.includes(auth.userId)) return fail('not_in_channel');
        let all: Message[];
        if (method === 'conversations.history') {
          const inclusive = params.inclusive === 'true' || params.inclusive === '1';
          const oldest = params.oldest ? Number(params.oldest) : -Infinity;
          const latest = params.latest ? Number(params.latest) : Infinity;
          if (Number.isNaN(oldest)) return fail('invalid_ts_oldest');
          if (Number.isNaN(latest)) return fail('invalid_ts_latest');
          all = channel!.messages
            .filter((m) => {
              const t = Number(m.ts);
              return (inclusive ? t >= oldest && t <= latest : t > oldest && t < latest);
            })
            .slice()
            .reverse();
        } else {
          const parent = channel!.messages.find((m) => m.ts === params.ts);
          if (!parent) return fail('thread_not_found');
          all = [parent, ...(channel!.replies.get(parent.ts) ?? [])];
        }
        const page = pageOf('next_ts', all, params, 100);
        if (page === 'invalid') return fail('invalid_cursor');
        return ok({ messages: page.items, has_more: page.next !== '', pin_count: 0, response_metadata: { next_cursor: page.next } }, auth.scopes);
      }
      case 'chat.postMessage': {
        const denied = need('chat:write');
        if (denied) return denied;
        if (!readable(channel)) return fail('channel_not_found');
        if (kind === 'bot' && !channel!.members.includes(auth.userId)) return fail('not_in_channel');
        if (channel!.is_archived) return fail('is_archived');
        if (!params.text) return fail('no_text');
        const message: Message = { type: 'message', ts: ts(100, ++seq), user: auth.userId, text: params.text, ...(kind === 'bot' ? { bot_id: 'B0HUB' } : {}) };
        const parent = params.thread_ts ? channel!.messages.find((m) => m.ts === params.thread_ts) : undefined;
        if (parent) {
          message.thread_ts = parent.ts;
          message.parent_user_id = parent.user;
          const replies = channel!.replies.get(parent.ts) ?? [];
          replies.push(message);
          channel!.replies.set(parent.ts, replies);
          Object.assign(parent, { thread_ts: parent.ts, reply_count: replies.length, latest_reply: message.ts });
          if (params.reply_broadcast === 'true') channel!.messages.push({ ...message, subtype: 'thread_broadcast' });
        } else {
          channel!.messages.push(message);
        }
        return ok({ channel: channel!.id, ts: message.ts, message: { ...message, team: 'T0ACME', ...(kind === 'bot' ? { bot_profile: { id: 'B0HUB', name: 'MCP Hub' } } : {}) } }, auth.scopes);
      }
      case 'reactions.add': {
        const denied = need('reactions:write');
        if (denied) return denied;
        if (!readable(channel)) return fail('channel_not_found');
        const message = channel!.messages.find((m) => m.ts === params.timestamp) ?? [...channel!.replies.values()].flat().find((m) => m.ts === params.timestamp);
        if (!message) return fail('message_not_found');
        if (!params.name || !EMOJI.has(params.name)) return fail('invalid_name');
        message.reactions ??= [];
        let reaction = message.reactions.find((r) => r.name === params.name);
        if (reaction?.users.includes(auth.userId)) return fail('already_reacted');
        if (!reaction) message.reactions.push((reaction = { name: params.name, users: [], count: 0 }));
        reaction.users.push(auth.userId);
        reaction.count = reaction.users.length;
        return ok({}, auth.scopes);
      }
      case 'users.list': {
        const denied = need('users:read');
        if (denied) return denied;
        const page = pageOf('user', users, params, 100);
        if (page === 'invalid') return fail('invalid_cursor');
        return ok({ members: page.items.map((u) => userJson(u, auth.scopes.includes('users:read.email'))), cache_ts: FAKE_SLACK_T0, response_metadata: { next_cursor: page.next } }, auth.scopes);
      }
      case 'users.info': {
        const denied = need('users:read');
        if (denied) return denied;
        const found = users.find((u) => u.id === params.user);
        return found ? ok({ user: userJson(found, auth.scopes.includes('users:read.email')) }, auth.scopes) : fail('user_not_found');
      }
      case 'search.messages': {
        if (kind === 'bot') return fail('not_allowed_token_type');
        const denied = need('search:read');
        if (denied) return denied;
        const query = (params.query ?? '').toLowerCase();
        const matches = channels
          .filter((c) => readable(c))
          .flatMap((c) => c.messages.filter((m) => m.text.toLowerCase().includes(query)).map((m) => ({ c, m })))
          .sort((a, b) => (params.sort === 'timestamp' && params.sort_dir === 'asc' ? Number(a.m.ts) - Number(b.m.ts) : Number(b.m.ts) - Number(a.m.ts)));
        const count = Number(params.count ?? 20);
        const page = Number(params.page ?? 1);
        const pages = Math.max(1, Math.ceil(matches.length / count));
        const items = matches.slice((page - 1) * count, page * count).map(({ c, m }) => ({
          iid: `iid-${m.ts}`,
          team: 'T0ACME',
          type: 'message',
          channel: { id: c.id, name: c.name, is_channel: !c.is_private, is_private: c.is_private, is_mpim: false, is_im: false },
          user: m.user,
          username: users.find((u) => u.id === m.user)?.name ?? m.username,
          ts: m.ts,
          text: m.text,
          permalink: `${FAKE_SLACK_WORKSPACE_URL}archives/${c.id}/p${m.ts.replace('.', '')}`,
        }));
        return ok(
          {
            query: params.query,
            messages: {
              total: matches.length,
              pagination: { total_count: matches.length, page, per_page: count, page_count: pages, first: (page - 1) * count + 1, last: Math.min(page * count, matches.length) },
              paging: { count, total: matches.length, page, pages },
              matches: items,
            },
          },
          auth.scopes,
        );
      }
      default:
        return fail('unknown_method');
    }
  }

  return route;
}
