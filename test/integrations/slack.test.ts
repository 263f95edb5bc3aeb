/**
 * Every Slack tool through the real executor and the real WebClient, against a
 * Slack-Web-API-shaped fake on 127.0.0.1 (MCPHUB_SLACK_API_URL's job).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import slack from '../../integrations/slack/index.ts';
import { FAKE_SLACK_T0, startFakeSlack, type FakeSlack } from '../helpers/fake-slack/index.ts';
import { captureLogger } from '../helpers/logs.ts';
import { createToolRunner } from '../helpers/run-tool.ts';
import { runIntegrationContract } from '../contract/integration-contract.ts';
import { runPathSafetyContract } from '../contract/path-safety.ts';

const ALL_SCOPES = ['channels:read', 'channels:history', 'groups:read', 'groups:history', 'chat:write', 'reactions:write', 'users:read'];
const BOT = 'xoxb-1111-2222-aliceBotToken0123456789abc';
const USER = 'xoxp-1111-2222-aliceUserToken0123456789ab';
const NARROW = 'xoxb-1111-3333-narrowBotToken0123456789ab';
const REVOKED = 'xoxb-1111-4444-revokedBotToken012345678a';
const NO_USERS = 'xoxb-1111-5555-noUsersBotToken012345678a';
const TOKENS = [BOT, USER, NARROW, REVOKED, NO_USERS];

let fake: FakeSlack;
const { logger, lines } = captureLogger();
const outputs: string[] = [];

beforeAll(() => {
  fake = startFakeSlack({ slowMs: 2_000 });
  fake.tokens.set(BOT, { userId: 'U0HUB', scopes: ALL_SCOPES });
  fake.tokens.set(USER, { userId: 'U0ALICE', scopes: [...ALL_SCOPES, 'search:read', 'users:read.email'] });
  fake.tokens.set(NARROW, { userId: 'U0HUB', scopes: ['channels:read'] });
  fake.tokens.set(REVOKED, { userId: 'U0HUB', scopes: ALL_SCOPES });
  fake.revoked.add(REVOKED);
  fake.tokens.set(NO_USERS, { userId: 'U0HUB', scopes: ALL_SCOPES.filter((scope) => scope !== 'users:read') });
});
afterAll(() => fake.close());

const call = createToolRunner(slack, { apiUrl: () => fake.url, credential: BOT, logger, onRun: (run) => outputs.push(run.text, JSON.stringify(run.structured ?? null)) });
const { registry } = call;

const iso = (minute: number) => new Date((FAKE_SLACK_T0 + minute * 60) * 1000).toISOString();
const tsOf = (minute: number, seq = 100) => `${FAKE_SLACK_T0 + minute * 60}.${String(seq).padStart(6, '0')}`;

describe('slack tools', () => {
  it('lists its tools with truthful annotations', () => {
    expect(slack.tools.map((t) => t.name)).toEqual([
      'list_channels',
      'get_channel_history',
      'get_thread_replies',
      'post_message',
      'reply_in_thread',
      'add_reaction',
      'list_users',
      'get_user',
      'search_messages',
    ]);
    for (const tool of slack.tools) expect(tool.annotations.readOnlyHint).toBe(!['post_message', 'reply_in_thread', 'add_reaction'].includes(tool.name));
    expect(slack.tools.every((t) => !t.annotations.destructiveHint)).toBe(true);
  });

  it('list_channels pages with a cursor and leaves out archived channels', async () => {
    const first = await call('list_channels', { limit: 4 });
    expect(first.outcome).toBe('ok');
    expect(first.upstreamMs).toBeGreaterThan(0);
    expect(first.structured?.channels.map((c: { id: string }) => c.id)).toEqual(['C0GENERAL', 'C0RANDOM', 'C0PRIVATE', 'C0NOTMEMBER']);
    expect(first.structured?.channels[0]).toMatchObject({ name: 'general', kind: 'public', member: true, members: 4, topic: 'Company-wide announcements' });
    expect(first.structured?.channels[2]).toMatchObject({ name: 'secret-plans', kind: 'private' });
    expect(first.text).toContain('#general (C0GENERAL) public, member, 4 members — topic: Company-wide announcements');
    const next = first.structured?.nextCursor as string;
    expect(first.text).toContain(`call again with cursor "${next}"`);
    const rest = await call('list_channels', { limit: 100, cursor: next });
    expect(rest.structured?.channels.map((c: { name: string }) => c.name)).toEqual(['project-1', 'project-2', 'project-3', 'project-4', 'project-5']);
    expect(rest.structured?.nextCursor).toBeNull();
    expect(rest.text).toContain('No more results.');
    const withArchived = await call('list_channels', { types: ['public_channel'], exclude_archived: false });
    expect(withArchived.structured?.channels.find((c: { id: string }) => c.id === 'C0ARCHIVED')).toMatchObject({ archived: true });
    expect(withArchived.structured?.channels.some((c: { id: string }) => c.id === 'C0PRIVATE')).toBe(false);
  });

  it('get_channel_history renders names, ISO times, threads, reactions, links and permalinks, newest first', async () => {
    const r = await call('get_channel_history', { channel: 'C0GENERAL', limit: 15 });
    const messages = r.structured?.messages as Array<Record<string, any>>;
    expect(messages).toHaveLength(15);
    expect(messages[0]).toMatchObject({ ts: tsOf(24), time: iso(24), userId: 'U0ALICE', author: 'Alice' });
    const thread = messages.find((m) => m.ts === tsOf(20))!;
    expect(thread).toMatchObject({ replyCount: 3, latestReply: new Date((FAKE_SLACK_T0 + 20 * 60) * 1000).toISOString(), permalink: `https://acme.slack.com/archives/C0GENERAL/p${tsOf(20).replace('.', '')}` });
    expect(messages.find((m) => m.ts === tsOf(11))?.reactions).toEqual([{ name: 'thumbsup', count: 1 }]);
    expect(messages.find((m) => m.ts === tsOf(10))?.text).toBe('Hey @Bob, see #random and the docs (https://example.com/docs)');
    expect(r.text).toContain(`[${iso(24)}] Alice (U0ALICE) — ts ${tsOf(24)}`);
    expect(r.text).toContain(`↳ 3 replies, latest`);
    expect(r.text).toContain(`get_thread_replies ts=${tsOf(20)}`);
    expect(r.text).toContain(':thumbsup: 1');
    expect(r.structured?.hasMore).toBe(true);
    const next = r.structured?.nextCursor as string;
    expect(r.text).toContain(`cursor "${next}"`);

    const older = await call('get_channel_history', { channel: 'C0GENERAL', limit: 15, cursor: next });
    const olderMessages = older.structured?.messages as Array<Record<string, any>>;
    expect(olderMessages).toHaveLength(10);
    expect(older.structured?.hasMore).toBe(false);
    expect(olderMessages.find((m) => m.ts === tsOf(3))).toMatchObject({ author: 'deploybot', isBot: true, userId: null });
    const first = olderMessages.at(-1)!;
    expect(first.text).toContain('The first message.');
    expect(first.text).toContain('[truncated: showing 2000 of');
  });

  it('get_channel_history falls back to user IDs when names cannot be looked up', async () => {
    const r = await call('get_channel_history', { channel: 'C0GENERAL', limit: 2 }, { token: NO_USERS });
    expect(r.outcome).toBe('ok');
    expect(r.structured?.messages.map((m: { author: string }) => m.author)).toEqual(['U0ALICE', 'U0CAROL']);
    expect(r.text).toContain(`] U0ALICE — ts ${tsOf(24)}`);
  });

  it('get_channel_history filters by ISO time or Slack ts', async () => {
    const r = await call('get_channel_history', { channel: 'C0GENERAL', oldest: iso(21), latest: tsOf(24) });
    expect(r.structured?.messages.map((m: { ts: string }) => m.ts)).toEqual([tsOf(23), tsOf(22), tsOf(21)]);
    expect(() => registry.resolve('slack__get_channel_history')!.tool.input.parse({ channel: 'C0GENERAL', oldest: 'yesterday' })).toThrow(/ISO 8601/);
  });

  it('get_thread_replies returns the parent and its replies', async () => {
    const r = await call('get_thread_replies', { channel: 'C0GENERAL', ts: tsOf(20) });
    expect(r.structured?.messages.map((m: { text: string }) => m.text)).toEqual(['Message 21', 'Reply 1', 'Reply 2', 'Reply 3']);
    expect(r.structured?.messages[2]).toMatchObject({ author: 'Alice', permalink: `https://acme.slack.com/archives/C0GENERAL/p${tsOf(20, 102).replace('.', '')}?thread_ts=${tsOf(20)}&cid=C0GENERAL` });
    const paged = await call('get_thread_replies', { channel: 'C0GENERAL', ts: tsOf(20), limit: 2 });
    expect(paged.structured?.hasMore).toBe(true);
    expect(paged.text).toContain('call again with cursor');
  });

  it('post_message and reply_in_thread change state that the reads then show', async () => {
    const posted = await call('post_message', { channel: 'C0RANDOM', text: 'Standup in 5 <@U0BOB>' });
    expect(posted.outcome).toBe('ok');
    expect(posted.structured).toMatchObject({ channel: 'C0RANDOM', author: 'MCP Hub', isBot: true, text: 'Standup in 5 @Bob' });
    const ts = posted.structured?.ts as string;
    expect(posted.structured?.permalink).toBe(`https://acme.slack.com/archives/C0RANDOM/p${ts.replace('.', '')}`);
    expect(posted.text).toMatch(/^Posted in C0RANDOM:/);

    const reply = await call('reply_in_thread', { channel: 'C0RANDOM', thread_ts: ts, text: 'On my way', also_send_to_channel: true });
    expect(reply.structured).toMatchObject({ threadTs: ts, text: 'On my way' });
    expect(reply.text).toMatch(new RegExp(`^Replied in thread ${ts.replace('.', '\\.')} of C0RANDOM`));
    const thread = await call('get_thread_replies', { channel: 'C0RANDOM', ts });
    expect(thread.structured?.messages.map((m: { text: string }) => m.text)).toEqual(['Standup in 5 @Bob', 'On my way']);
    const history = await call('get_channel_history', { channel: 'C0RANDOM' });
    expect(history.structured?.messages.map((m: { subtype: string | null }) => m.subtype)).toEqual(['thread_broadcast', null]);
    expect(history.structured?.messages[1]).toMatchObject({ replyCount: 1 });
  });

  it('add_reaction adds once and treats a repeat as done', async () => {
    const first = await call('add_reaction', { channel: 'C0GENERAL', timestamp: tsOf(5), name: ':eyes:' });
    expect(first.structured).toMatchObject({ name: 'eyes', alreadyPresent: false });
    const again = await call('add_reaction', { channel: 'C0GENERAL', timestamp: tsOf(5), name: 'eyes' });
    expect(again.outcome).toBe('ok');
    expect(again.text).toContain('was already on message');
    const history = await call('get_channel_history', { channel: 'C0GENERAL', latest: tsOf(6), limit: 1 });
    expect(history.structured?.messages[0].reactions).toEqual([{ name: 'eyes', count: 1 }]);
  });

  it('list_users pages and leaves out deactivated accounts unless asked', async () => {
    const first = await call('list_users', { limit: 5 });
    expect(first.structured?.users.map((u: { id: string }) => u.id)).toEqual(['USLACKBOT', 'U0ALICE', 'U0BOB', 'U0CAROL']);
    expect(first.structured?.deactivatedLeftOut).toBe(1);
    expect(first.text).toContain('Alice (@alice, U0ALICE) [admin] — Alice Liddell, Engineering manager, Europe/Berlin');
    const rest = await call('list_users', { limit: 5, cursor: first.structured?.nextCursor, include_deactivated: true });
    expect(rest.structured?.users.map((u: { handle: string }) => u.handle)).toEqual(['erin', 'mcphub']);
    expect(rest.structured?.nextCursor).toBeNull();
  });

  it('get_user shows the profile, with email only when the token may read it', async () => {
    const asBot = await call('get_user', { user: 'U0ALICE' });
    expect(asBot.structured).toMatchObject({ id: 'U0ALICE', name: 'Alice', title: 'Engineering manager', status: ':calendar: In a meeting', email: null, isAdmin: true });
    const asUser = await call('get_user', { user: 'U0ALICE' }, { token: USER });
    expect(asUser.text).toContain('email: alice@acme.example');
  });

  it('search_messages with a user token returns matches with permalinks and pages', async () => {
    const r = await call('search_messages', { query: 'message 1', count: 5 }, { token: USER });
    expect(r.outcome).toBe('ok');
    expect(r.structured?.total).toBe(9);
    expect(r.structured?.pages).toBe(2);
    expect(r.structured?.matches[0]).toMatchObject({ channelId: 'C0GENERAL', channelName: 'general', author: 'alice', text: 'Message 19', permalink: expect.stringContaining('https://acme.slack.com/archives/C0GENERAL/p') });
    expect(r.text).toContain('call again with page 2');
    expect(r.text).toContain('alice in #general');
    const last = await call('search_messages', { query: 'message 1', count: 5, page: 2 }, { token: USER });
    expect(last.structured?.matches).toHaveLength(4);
    expect(last.text).toContain('No more pages.');
  });
});

describe('slack error mapping', () => {
  it('search_messages with a bot token explains that search needs a user token', async () => {
    const r = await call('search_messages', { query: 'deploy' });
    expect(r.result.isError).toBe(true);
    expect(r.outcome).toBe('upstream_error');
    expect(r.text).toMatch(/needs a Slack user token \(xoxp-…\)/);
    expect(r.text).toMatch(/search:read/);
    expect(r.text).toMatch(/integrations enable slack/);
  });

  it('revoked and unknown tokens: rejected, with how to reconnect', async () => {
    const revoked = await call('list_channels', {}, { token: REVOKED });
    expect(revoked.text).toMatch(/Slack rejected the token \(token_revoked\)\. Reconnect Slack/);
    expect(revoked.text).toMatch(/mcphub integrations enable slack --user <you> --token-stdin/);
    const unknown = await call('list_channels', {}, { token: 'xoxb-0000-0000-unknownToken0123456789' });
    expect(unknown.text).toMatch(/\(invalid_auth\)/);
  });

  it('missing_scope names the scope and how to add it', async () => {
    const r = await call('get_channel_history', { channel: 'C0GENERAL' }, { token: NARROW });
    expect(r.text).toMatch(/lacks the scope this needs \(channels:history\)/);
    expect(r.text).toMatch(/api\.slack\.com\/apps/);
  });

  it('not_in_channel says to invite the app', async () => {
    const r = await call('get_channel_history', { channel: 'C0NOTMEMBER' });
    expect(r.text).toMatch(/not a member of that channel.*\/invite/);
  });

  it('not found: channel, thread, message and user', async () => {
    expect((await call('get_channel_history', { channel: 'C0NOPE' })).text).toMatch(/no such channel \(channel_not_found\)/);
    expect((await call('get_thread_replies', { channel: 'C0GENERAL', ts: '1000000000.000001' })).text).toMatch(/thread_not_found/);
    expect((await call('add_reaction', { channel: 'C0GENERAL', timestamp: '1000000000.000001', name: 'eyes' })).text).toMatch(/message_not_found/);
    const user = await call('get_user', { user: 'U0NOBODY' });
    expect(user.text).toMatch(/no such user \(user_not_found\)/);
  });

  it('bad requests: unknown emoji, stale cursor, archived channel', async () => {
    expect((await call('add_reaction', { channel: 'C0GENERAL', timestamp: tsOf(5), name: 'not_an_emoji' })).text).toMatch(/rejected the request \(invalid_name\): there is no emoji/);
    expect((await call('list_channels', { cursor: 'bm9wZQ==' })).text).toMatch(/invalid_cursor.*start again without a cursor/);
    expect((await call('post_message', { channel: 'C0ARCHIVED', text: 'hi' })).text).toMatch(/is_archived/);
  });

  it('HTTP 429: rate limited, with Retry-After', async () => {
    const started = Date.now();
    const r = await call('get_channel_history', { channel: 'C0RATELIMIT' });
    expect(r.text).toBe('Slack rate limit reached for this method; try again in 30 s.');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('HTTP 429 without Retry-After: rate limited all the same', async () => {
    const r = await call('get_channel_history', { channel: 'C0THROTTLED' });
    expect(r.outcome).toBe('upstream_error');
    expect(r.text).toBe('Slack rate limit reached for this method; try again in a minute.');
  });

  it('5xx and internal_error: upstream trouble', async () => {
    expect((await call('get_channel_history', { channel: 'C0BROKEN' })).text).toMatch(/Slack is having trouble \(HTTP 503\)/);
    expect((await call('get_channel_history', { channel: 'C0FATAL' })).text).toMatch(/Slack is having trouble \(internal_error\)/);
  });

  it('a base URL without /api/: HTTP 404 names the setting to check', async () => {
    const r = await call('list_channels', {}, { apiUrl: fake.url.replace(/api\/$/, '') });
    expect(r.text).toMatch(/404.*MCPHUB_SLACK_API_URL/);
  });

  it('cancellation by the caller stops the request', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const run = await call('get_channel_history', { channel: 'C0SLOW' }, { signal: controller.signal });
    expect(run.outcome).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('timeout: stops waiting and says so', async () => {
    const r = await call('get_channel_history', { channel: 'C0SLOW' }, { timeoutMs: 300 });
    expect(r.outcome).toBe('timeout');
    expect(r.text).toMatch(/Slack did not answer within 300 ms/);
  });

  it('network failure: cannot reach Slack', async () => {
    const r = await call('list_channels', {}, { apiUrl: 'http://127.0.0.1:9/api/' });
    expect(r.outcome).toBe('upstream_error');
    expect(r.text).toMatch(/Could not reach Slack/);
  });

  it('sends each user\'s own token and never shows or logs one', () => {
    const byMethod = (method: string) => fake.requests.filter((r) => r.method === method).map((r) => r.token);
    expect(byMethod('search.messages')).toContain(USER);
    expect(byMethod('chat.postMessage').every((t) => t === BOT)).toBe(true);
    expect(lines.length).toBeGreaterThan(0);
    const seen = [...outputs, ...lines].join('\n');
    for (const token of TOKENS) expect(seen).not.toContain(token);
  });
});

runPathSafetyContract('slack', () => ({
  integration: slack,
  credential: BOT,
  env: { MCPHUB_SLACK_API_URL: fake.url },
  upstreamRequests: () => fake.requests.length,
  refused: [
    { tool: 'get_channel_history', args: { channel: '..' }, field: 'channel' },
    { tool: 'post_message', args: { channel: 'C0GENERAL/../C0RANDOM', text: 'Where does this land?' }, field: 'channel' },
    { tool: 'get_user', args: { user: '.' }, field: 'user' },
    { tool: 'get_thread_replies', args: { channel: 'C0GENERAL', ts: '../1700000000.000100' }, field: 'ts' },
    { tool: 'add_reaction', args: { channel: 'C0GENERAL', timestamp: '%2e%2e', name: 'eyes' }, field: 'timestamp' },
  ],
  accepted: [
    { tool: 'get_channel_history', args: { channel: 'C0GENERAL', limit: 1 } },
    { tool: 'get_user', args: { user: 'U0ALICE' } },
  ],
}));

runIntegrationContract('slack', () => ({
  integration: slack,
  credential: BOT,
  apiUrl: fake.url,
  calls: [
    { tool: 'list_channels', args: {} },
    { tool: 'get_channel_history', args: { channel: 'C0GENERAL', limit: 3 } },
    { tool: 'list_users', args: {} },
  ],
  errors: {
    UPSTREAM_AUTH_REJECTED: { tool: 'list_channels', args: {}, credential: REVOKED },
    UPSTREAM_FORBIDDEN: { tool: 'get_channel_history', args: { channel: 'C0GENERAL' }, credential: NARROW },
    UPSTREAM_NOT_FOUND: { tool: 'get_channel_history', args: { channel: 'C0NOPE' } },
    UPSTREAM_BAD_REQUEST: { tool: 'add_reaction', args: { channel: 'C0GENERAL', timestamp: tsOf(5), name: 'not-an-emoji-at-all' } },
    UPSTREAM_RATE_LIMITED: { tool: 'get_channel_history', args: { channel: 'C0RATELIMIT' } },
    UPSTREAM_UNAVAILABLE: { tool: 'get_channel_history', args: { channel: 'C0BROKEN' } },
  },
  slow: { tool: 'get_channel_history', args: { channel: 'C0SLOW' }, timeoutMs: 300 },
}));
