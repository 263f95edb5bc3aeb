/**
 * Shapes Slack objects for a model: who said what and when, with user names
 * where known, ISO times, thread reply counts and permalinks, as text and as
 * `structuredContent`. Long message texts are cut so a listing stays readable.
 */
import { truncate } from '../../lib/mcp/output.ts';

const MESSAGE_PREVIEW_CHARS = 2_000;

export interface MessageLike {
  ts?: string;
  user?: string;
  username?: string;
  bot_id?: string;
  bot_profile?: { name?: string };
  user_profile?: { display_name?: string; real_name?: string; name?: string };
  text?: string;
  subtype?: string;
  thread_ts?: string;
  reply_count?: number;
  latest_reply?: string;
  reactions?: Array<{ name?: string; count?: number }>;
  files?: Array<{ name?: string; title?: string }>;
}

/** What a listing knows beyond the messages: user names by ID and the workspace URL for permalinks. */
export interface MessageContext {
  channel: string;
  names: ReadonlyMap<string, string>;
  workspaceUrl?: string;
}

/** "1793610000.000100" → "2026-11-02T09:00:00.000Z"; null when absent or malformed. */
export function tsToIso(ts: string | undefined): string | null {
  const seconds = Number(ts);
  return ts && Number.isFinite(seconds) ? new Date(Math.floor(seconds * 1000)).toISOString() : null;
}

/** A message's link in the Slack app (`…/archives/<channel>/p<ts without the dot>`), threaded replies pointing into their thread. */
export function permalink(workspaceUrl: string | undefined, channel: string, ts: string | undefined, threadTs?: string): string | null {
  if (!workspaceUrl || !ts) return null;
  const base = `${workspaceUrl.replace(/\/?$/, '/')}archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channel}` : base;
}

/** The name people know someone by: display name, else real name, else handle. */
export function displayName(profile: { display_name?: string; real_name?: string; name?: string } | undefined): string | undefined {
  return profile?.display_name || profile?.real_name || profile?.name || undefined;
}

/** Slack markup made readable: `<@U1>` → `@Name`, `<#C1|general>` → `#general`, `<url|label>` → `label (url)`. */
export function plainText(text: string, names: ReadonlyMap<string, string>): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]+))?>/g, (_, id: string, label?: string) => `@${names.get(id) ?? label ?? id}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_, id: string, label?: string) => `#${label || id}`)
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1');
}

export function authorOf(message: MessageLike, names: ReadonlyMap<string, string>): string {
  const known = message.user ? names.get(message.user) ?? displayName(message.user_profile) : undefined;
  return known ?? message.bot_profile?.name ?? message.username ?? message.user ?? message.bot_id ?? 'unknown';
}

export function summarizeMessage(message: MessageLike, context: MessageContext) {
  const isThreadParent = message.thread_ts !== undefined && message.thread_ts === message.ts;
  return {
    ts: message.ts ?? null,
    time: tsToIso(message.ts),
    userId: message.user ?? null,
    author: authorOf(message, context.names),
    isBot: message.bot_id !== undefined,
    subtype: message.subtype ?? null,
    text: truncate(plainText(message.text ?? '', context.names), MESSAGE_PREVIEW_CHARS, 'the message continues in Slack (see the permalink)'),
    threadTs: message.thread_ts ?? null,
    replyCount: isThreadParent ? message.reply_count ?? 0 : 0,
    latestReply: isThreadParent ? tsToIso(message.latest_reply) : null,
    reactions: (message.reactions ?? []).map((r) => ({ name: r.name ?? '', count: r.count ?? 0 })),
    files: (message.files ?? []).map((f) => f.title || f.name || 'file'),
    permalink: permalink(context.workspaceUrl, context.channel, message.ts, message.thread_ts),
  };
}

export type MessageSummary = ReturnType<typeof summarizeMessage>;

/** One message as a readable block: header line, indented text, then threads, reactions and files. */
export function messageBlock(m: MessageSummary): string {
  const who = m.userId && m.author !== m.userId ? `${m.author} (${m.userId})` : m.author;
  const lines = [`[${m.time ?? 'unknown time'}] ${who}${m.isBot ? ' [bot]' : ''} — ts ${m.ts ?? '?'}`];
  lines.push(...(m.text || '(no text)').split('\n').map((line) => `  ${line}`));
  if (m.replyCount > 0) lines.push(`  ↳ ${m.replyCount} ${m.replyCount === 1 ? 'reply' : 'replies'}, latest ${m.latestReply ?? 'unknown'} (read with get_thread_replies ts=${m.ts})`);
  if (m.reactions.length) lines.push(`  reactions: ${m.reactions.map((r) => `:${r.name}: ${r.count}`).join('  ')}`);
  if (m.files.length) lines.push(`  files: ${m.files.join(', ')}`);
  if (m.permalink) lines.push(`  ${m.permalink}`);
  return lines.join('\n');
}

export interface ChannelLike {
  id?: string;
  name?: string;
  is_private?: boolean;
  is_im?: boolean;
  is_mpim?: boolean;
  is_archived?: boolean;
  is_member?: boolean;
  num_members?: number;
  topic?: { value?: string };
  purpose?: { value?: string };
  created?: number;
  user?: string;
}

export function summarizeChannel(channel: ChannelLike) {
  return {
    id: channel.id ?? '',
    name: channel.name ?? (channel.is_im ? `direct message with ${channel.user ?? 'unknown'}` : ''),
    kind: channel.is_im ? 'im' : channel.is_mpim ? 'mpim' : channel.is_private ? 'private' : 'public',
    archived: channel.is_archived ?? false,
    member: channel.is_member ?? false,
    members: channel.num_members ?? null,
    topic: channel.topic?.value || null,
    purpose: channel.purpose?.value || null,
    created: channel.created ? new Date(channel.created * 1000).toISOString() : null,
  };
}

export function channelLine(channel: ChannelLike): string {
  const c = summarizeChannel(channel);
  const flags = [c.kind, c.member ? 'member' : 'not a member', c.archived ? 'archived' : '', c.members !== null ? `${c.members} members` : ''].filter(Boolean).join(', ');
  const about = [c.topic && `topic: ${c.topic}`, c.purpose && `purpose: ${c.purpose}`].filter(Boolean).join('; ');
  return `${c.kind === 'im' ? '' : '#'}${c.name} (${c.id}) ${flags}${about ? ` — ${about}` : ''}`;
}

export interface UserLike {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  tz?: string;
  updated?: number;
  profile?: { display_name?: string; real_name?: string; title?: string; email?: string; status_text?: string; status_emoji?: string };
}

export function summarizeUser(user: UserLike) {
  return {
    id: user.id ?? '',
    handle: user.name ?? null,
    name: displayName({ display_name: user.profile?.display_name, real_name: user.real_name ?? user.profile?.real_name, name: user.name }) ?? user.id ?? '',
    realName: user.real_name ?? user.profile?.real_name ?? null,
    title: user.profile?.title || null,
    email: user.profile?.email ?? null,
    status: [user.profile?.status_emoji, user.profile?.status_text].filter(Boolean).join(' ') || null,
    timeZone: user.tz ?? null,
    isBot: user.is_bot ?? false,
    isAdmin: user.is_admin ?? false,
    isOwner: user.is_owner ?? false,
    deleted: user.deleted ?? false,
  };
}

export function userLine(user: UserLike): string {
  const u = summarizeUser(user);
  const flags = [u.isBot ? 'bot' : '', u.isOwner ? 'owner' : u.isAdmin ? 'admin' : '', u.deleted ? 'deactivated' : ''].filter(Boolean).join(', ');
  const extra = [u.realName && u.realName !== u.name ? u.realName : '', u.title ?? '', u.timeZone ?? ''].filter(Boolean).join(', ');
  return `${u.name} (@${u.handle ?? '?'}, ${u.id})${flags ? ` [${flags}]` : ''}${extra ? ` — ${extra}` : ''}`;
}
