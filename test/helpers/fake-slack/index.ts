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
 *
 * This file holds the HTTP server and token checks; `data.ts` the seeded
 * workspace, `wire.ts` Slack's response shapes and cursors, `methods.ts` the
 * Web API methods.
 */

import { seedChannels, seedUsers } from './data.ts';
import { createSlackMethods } from './methods.ts';
import { fail } from './wire.ts';

export { FAKE_SLACK_T0, FAKE_SLACK_WORKSPACE_URL } from './data.ts';

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

/** Starts the fake on an ephemeral port with freshly seeded data; add tokens to `tokens` to let callers in. */
export function startFakeSlack(options: { slowMs?: number } = {}): FakeSlack {
  const tokens = new Map<string, FakeSlackToken>();
  const revoked = new Set<string>();
  const requests: FakeSlackRequest[] = [];
  const route = createSlackMethods(seedUsers(), seedChannels(), options);

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
