/**
 * The fake Slack workspace's records and seed: seven users (a deleted one and
 * two bots), and ten channels — #general with 25 messages one minute apart
 * (a long one, a bot message, links and mentions, a reaction, a three-reply
 * thread), plus the channels that trigger access failures.
 */

export interface Message {
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

export interface Channel {
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

export interface User {
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
export const ts = (minute: number, seq = 100) => `${FAKE_SLACK_T0 + minute * 60}.${String(seq).padStart(6, '0')}`;

/** The workspace's members, fresh for each fake. */
export function seedUsers(): User[] {
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

/** The workspace's channels with #general's history, fresh for each fake. */
export function seedChannels(): Channel[] {
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
