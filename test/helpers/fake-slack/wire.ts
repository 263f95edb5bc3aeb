/**
 * How the Slack fake's answers look: `{ ok: true, … }` with the scope
 * headers Slack sends, `{ ok: false, error }` (still HTTP 200), channel and
 * user objects, and cursor pages (`response_metadata.next_cursor`).
 */

import { FAKE_SLACK_T0 } from './data.ts';
import type { Channel, User } from './data.ts';

/** A success body with `x-oauth-scopes` (the token's) and `x-accepted-oauth-scopes` (the method's). */
export const ok = (body: Record<string, unknown>, scopes: string[], accepted = '') =>
  Response.json({ ok: true, ...body }, { headers: { 'x-oauth-scopes': scopes.join(','), 'x-accepted-oauth-scopes': accepted, 'x-slack-req-id': 'fake-req-1' } });
/** A Slack error: HTTP 200 with `ok: false`. */
export const fail = (error: string, extra: Record<string, unknown> = {}) => Response.json({ ok: false, error, ...extra }, { headers: { 'x-slack-req-id': 'fake-req-1' } });

/** A conversation object; `is_member` is for `viewer`. */
export function channelJson(c: Channel, viewer: string) {
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

/** A user object; the email only with users:read.email. */
export function userJson(u: User, withEmail: boolean) {
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
export function pageOf<T>(kind: string, all: T[], params: Record<string, string>, defaultLimit: number): { items: T[]; next: string } | 'invalid' {
  const offset = decodeCursor(kind, params.cursor);
  if (offset === 'invalid') return 'invalid';
  const limit = Math.min(Number(params.limit ?? defaultLimit) || defaultLimit, 1000);
  const start = offset ?? 0;
  const items = all.slice(start, start + limit);
  return { items, next: start + limit < all.length ? encodeCursor(kind, start + limit) : '' };
}
