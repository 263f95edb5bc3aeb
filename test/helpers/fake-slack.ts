/**
 * A Slack-Web-API-shaped server on 127.0.0.1: `POST /api/<method>` with a
 * form-encoded body and a Bearer token, answering HTTP 200 with
 * `{ ok: true, … }` or `{ ok: false, error }` the way Slack does (missing_scope
 * with `needed`/`provided`, `x-oauth-scopes` headers, cursors in
 * `response_metadata.next_cursor`), HTTP 429 with Retry-After for rate limits,
 * so the real WebClient runs against it. It keeps state (posted messages,
 * thread replies, reactions) and records who called, for isolation checks.
 *
 * Tokens are registered with their user and scopes; `xoxb-` tokens are bot
 * tokens (search.messages answers not_allowed_token_type), `xoxp-` user tokens.
 * Special channels trigger failures: `C0RATELIMIT` (429, Retry-After 30),
 * `C0THROTTLED` (429 without Retry-After), `C0FATAL` (internal_error), `C0BROKEN` (503), `C0SLOW` (answers after `slowMs`), `C0NOTMEMBER`
 * (not_in_channel), `C0ARCHIVED` (is_archived on post); unknown channels
 * answer channel_not_found, unknown users user_not_found, unknown emoji
 * (`not_an_emoji`) invalid_name, a bad cursor invalid_cursor.
 */

export interface FakeSlackRequest {
  /** The Web API method, e.g. `conversations.history`. */
  method: string;
  /** The token the caller presented, or null. */
  token: string | null;
  params: Record<string, string>;
}

export interface FakeSlackToken {
  userId: string;
  scopes: string[];
}

export interface FakeSlack {
  /** The API base URL, ending in `/api/` like https://slack.com/api/ (what MCPHUB_SLACK_API_URL holds). */
  url: string;
  requests: FakeSlackRequest[];
  tokens: Map<string, FakeSlackToken>;
  /** Tokens that answer token_revoked. */
  revoked: Set<string>;
  close(): Promise<void>;
}

interface Message {
  type: 'message';
  ts: string;
  user?: string;
  bot_id?: string;
  username?: string;
  subtype?: string;
  text: string;
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  reactions?: { name: string; users: string[]; count: number }[];
}

interface Channel {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  members: string[];
  topic: string;
  purpose: string;
  messages: Message[];
  replies: Map<string, Message[]>;
}

interface User {
  id: string;
  name: string;
  real_name: string;
  display_name: string;
  title: string;
  deleted: boolean;
  is_bot: boolean;
  is_admin: boolean;
}

/** 2026-11-02T09:00:00Z: seeded messages are one minute apart from here. */
export const FAKE_SLACK_T0 = 1_793_610_000;
export const FAKE_SLACK_WORKSPACE_URL = 'https://acme.slack.com/';
const ts = (minute: number, seq = 100) => `${FAKE_SLACK_T0 + minute * 60}.${String(seq).padStart(6, '0')}`;

const EMOJI = new Set(['thumbsup', '+1', 'eyes', 'white_check_mark', 'tada', 'rocket']);
const SCOPE_OF_TYPE: Record<string, string> = { public_channel: 'channels:read', private_channel: 'groups:read', mpim: 'mpim:read', im: 'im:read' };

function seedUsers(): User[] {
  const user = (id: string, name: string, real: string, extra: Partial<User> = {}): User => ({ id, name, real_name: real, display_name: real.split(' ')[0]!, title: '', deleted: false, is_bot: false, is_admin: false, ...extra });
  return [
    user('USLACKBOT', 'slackbot', 'Slackbot', { is_bot: true }),
    user('U0ALICE', 'alice', 'Alice Liddell', { title: 'Engineering manager', is_admin: true }),
    user('U0BOB', 'bob', 'Bob Builder', { title: 'Backend engineer' }),
    user('U0CAROL', 'carol', 'Carol Danvers', { title: 'Designer' }),
    user('U0DAVE', 'dave', 'Dave Gone', { deleted: true }),
    user('U0ERIN', 'erin', 'Erin Example'),
    user('U0HUB', 'mcphub', 'MCP Hub', { is_bot: true, display_name: '' }),
  ];
}

function seedChannels(): Channel[] {
  const channel = (id: string, name: string, extra: Partial<Channel> = {}): Channel => ({
    id,
    name,
    is_private: false,
    is_archived: false,
    members: ['U0HUB', 'U0ALICE', 'U0BOB', 'U0CAROL'],
    topic: '',
    purpose: `The ${name} channel`,
    messages: [],
    replies: new Map(),
    ...extra,
  });
  const general = channel('C0GENERAL', 'general', { topic: 'Company-wide announcements' });
  const authors = ['U0ALICE', 'U0BOB', 'U0CAROL'];
  for (let i = 0; i < 25; i++) general.messages.push({ type: 'message', ts: ts(i), user: authors[i % 3], text: `Message ${i + 1}` });
  general.messages[0]!.text = 'The first message.\n\n' + 'x'.repeat(5000);
  general.messages[3] = { type: 'message', subtype: 'bot_message', ts: ts(3), bot_id: 'B0DEPLOY', username: 'deploybot', text: 'Deployed v1.2.3' };
  general.messages[10]!.text = 'Hey <@U0BOB>, see <#C0RANDOM|random> and <https://example.com/docs|the docs>';
  general.messages[11]!.reactions = [{ name: 'thumbsup', users: ['U0BOB'], count: 1 }];
  const parent = general.messages[20]!;
  const replies: Message[] = [1, 2, 3].map((n) => ({ type: 'message', ts: ts(20, 100 + n), user: n === 2 ? 'U0ALICE' : 'U0BOB', text: `Reply ${n}`, thread_ts: parent.ts, parent_user_id: parent.user }));
  Object.assign(parent, { thread_ts: parent.ts, reply_count: 3, reply_users: ['U0BOB', 'U0ALICE'], reply_users_count: 2, latest_reply: replies[2]!.ts });
  general.replies.set(parent.ts, replies);
  return [
    general,
    channel('C0RANDOM', 'random'),
    channel('C0PRIVATE', 'secret-plans', { is_private: true }),
    channel('C0NOTMEMBER', 'announcements', { members: ['U0ALICE'] }),
    channel('C0ARCHIVED', 'old-stuff', { is_archived: true }),
    ...Array.from({ length: 5 }, (_, i) => channel(`C0PROJECT${i + 1}`, `project-${i + 1}`)),
  ];
}

function channelJson(c: Channel, viewer: string) {
  return {
    id: c.id,
    name: c.name,
    is_channel: !c.is_private,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: c.is_private,
    is_archived: c.is_archived,
    is_general: c.id === 'C0GENERAL',
    is_member: c.members.includes(viewer),
    created: FAKE_SLACK_T0 - 86_400 * 365,
    creator: 'U0ALICE',
    name_normalized: c.name,
    num_members: c.members.length,
    topic: { value: c.topic, creator: '', last_set: 0 },
    purpose: { value: c.purpose, creator: '', last_set: 0 },
  };
}

function userJson(u: User, withEmail: boolean) {
  return {
    id: u.id,
    team_id: 'T0ACME',
    name: u.name,
    deleted: u.deleted,
    real_name: u.real_name,
    tz: 'Europe/Berlin',
    tz_label: 'Central European Time',
    tz_offset: 3600,
    is_admin: u.is_admin,
    is_owner: false,
    is_bot: u.is_bot,
    is_app_user: false,
    updated: FAKE_SLACK_T0,
    profile: {
      title: u.title,
      real_name: u.real_name,
      display_name: u.display_name,
      status_text: u.id === 'U0ALICE' ? 'In a meeting' : '',
      status_emoji: u.id === 'U0ALICE' ? ':calendar:' : '',
      image_72: `https://avatars.slack-edge.com/${u.id}_72.png`,
      ...(withEmail ? { email: `${u.name}@acme.example` } : {}),
    },
  };
}

const encodeCursor = (kind: string, offset: number) => Buffer.from(`${kind}:${offset}`).toString('base64');
function decodeCursor(kind: string, cursor: string | undefined): number | undefined | 'invalid' {
  if (!cursor) return undefined;
  const match = new RegExp(`^${kind}:(\\d+)$`).exec(Buffer.from(cursor, 'base64').toString());
  return match ? Number(match[1]) : 'invalid';
}

/** One page of `all` from a cursor; `more` decides whether next_cursor is set. */
function pageOf<T>(kind: string, all: T[], params: Record<string, string>, defaultLimit: number): { items: T[]; next: string } | 'invalid' {
  const offset = decodeCursor(kind, params.cursor);
  if (offset === 'invalid') return 'invalid';
  const limit = Math.min(Number(params.limit ?? defaultLimit) || defaultLimit, 1000);
  const start = offset ?? 0;
  const items = all.slice(start, start + limit);
  return { items, next: start + limit < all.length ? encodeCursor(kind, start + limit) : '' };
}

export function startFakeSlack(options: { slowMs?: number } = {}): FakeSlack {
  const tokens = new Map<string, FakeSlackToken>();
  const revoked = new Set<string>();
  const requests: FakeSlackRequest[] = [];
  const users = seedUsers();
  const channels = seedChannels();
  let seq = 0;

  const ok = (body: Record<string, unknown>, scopes: string[], accepted = '') =>
    Response.json({ ok: true, ...body }, { headers: { 'x-oauth-scopes': scopes.join(','), 'x-accepted-oauth-scopes': accepted, 'x-slack-req-id': 'fake-req-1' } });
  const fail = (error: string, extra: Record<string, unknown> = {}) => Response.json({ ok: false, error, ...extra }, { headers: { 'x-slack-req-id': 'fake-req-1' } });

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

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const method = /^\/api\/([A-Za-z.]+)$/.exec(url.pathname)?.[1];
      if (!method) return new Response('Not Found', { status: 404 });
      const form = new URLSearchParams(request.method === 'POST' ? await request.text() : url.search);
      const params: Record<string, string> = Object.fromEntries(form);
      const token = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? params.token ?? null;
      delete params.token;
      requests.push({ method, token, params });
      if (!token) return fail('not_authed');
      if (revoked.has(token)) return fail('token_revoked');
      const auth = tokens.get(token);
      if (!auth) return fail('invalid_auth');
      return route(method, params, token, auth);
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}/api/`,
    requests,
    tokens,
    revoked,
    close: async () => {
      await server.stop(true);
    },
  };
}
