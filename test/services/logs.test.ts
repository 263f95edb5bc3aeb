/**
 * The Logs page's use cases (lib/services/logs.ts) and the Usage page's
 * (lib/services/usage.ts) over a real embedded store: every filter, pages
 * that stay stable while calls arrive, one user never seeing another's calls,
 * redaction, the arguments' retention, and the live tail.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeCallLogSettings, getCall, listCalls, readCallLogSettings, tailCalls } from '../../lib/services/logs.ts';
import { callsThisMonth, toolStats, topTools, usageByDay } from '../../lib/services/usage.ts';
import { createUser } from '../../lib/services/users.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { CallQuery, Store, UsageEvent, User } from '../../lib/store/port.ts';
import { MAX_STORED_ARGUMENTS, REDACTED, redactArguments } from '../../lib/usage/redact.ts';
import type { TailItem } from '../../lib/usage/call-tail.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 10, 15);

let store: Store;
let deps: { store: Store; actor: string };
let ada: User;
let bob: User;
let n = 0;

function call(user: User, overrides: Partial<UsageEvent> = {}): UsageEvent {
  n += 1;
  return { id: `evt_svc_${n}`, userId: user.id, keyId: 'key_a', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 10, upstreamMs: 5, bytesIn: 1, bytesOut: 1, at: NOW - n, ...overrides };
}

async function record(...events: UsageEvent[]): Promise<void> {
  for (const event of events) await store.recordUsage(event);
}

async function everyPage(userId: string, query: Omit<CallQuery, 'cursor'>): Promise<UsageEvent[]> {
  const calls: UsageEvent[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await listCalls(deps, { userId, ...query, ...(cursor && { cursor }) });
    calls.push(...page.calls);
    cursor = page.cursor;
  } while (cursor);
  return calls;
}

beforeEach(async () => {
  store = openEmbeddedStore({ dataDir: ':memory:', now: () => NOW });
  deps = { store, actor: 'test' };
  ada = await createUser(deps, { email: 'ada@example.com' });
  bob = await createUser(deps, { email: 'bob@example.com' });
});
afterEach(() => store.close());

describe('logs service: listing calls', () => {
  it('applies each filter on its own: time range, integration, tool, key, outcome, client, text', async () => {
    const events = {
      old: call(ada, { at: NOW - 3 * DAY }),
      linear: call(ada, { integration: 'linear', tool: 'create_issue' }),
      otherKey: call(ada, { keyId: 'key_b' }),
      failed: call(ada, { outcome: 'upstream_error', billable: false, error: 'GitHub refused the token: Bad credentials' }),
      cursor: call(ada, { client: 'cursor/1.2.0' }),
    };
    await record(...Object.values(events));
    const only = async (query: Omit<CallQuery, 'cursor'>) => (await everyPage(ada.id, query)).map((c) => c.id).sort();
    const ids = (...picked: UsageEvent[]) => picked.map((e) => e.id).sort();
    expect(await only({})).toEqual(ids(...Object.values(events)));
    expect(await only({ since: NOW - DAY })).toEqual(ids(events.linear, events.otherKey, events.failed, events.cursor));
    expect(await only({ until: NOW - DAY })).toEqual(ids(events.old));
    expect(await only({ integration: 'linear' })).toEqual(ids(events.linear));
    expect(await only({ tool: 'create_issue' })).toEqual(ids(events.linear));
    expect(await only({ keyId: 'key_b' })).toEqual(ids(events.otherKey));
    expect(await only({ outcome: 'upstream_error' })).toEqual(ids(events.failed));
    expect(await only({ client: 'cursor/1.2.0' })).toEqual(ids(events.cursor));
    expect(await only({ text: 'bad credentials' })).toEqual(ids(events.failed));
    expect(await only({ text: 'CREATE' })).toEqual(ids(events.linear));
  });

  it('pages newest first; calls recorded between pages neither repeat nor push old ones off', async () => {
    const old = Array.from({ length: 25 }, (_, i) => call(ada, { at: NOW - 1_000 + Math.floor(i / 5) }));
    await record(...old);
    const seen: UsageEvent[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const page = await listCalls(deps, { userId: ada.id, limit: 4, ...(cursor && { cursor }) });
      seen.push(...page.calls);
      cursor = page.cursor;
      pages += 1;
      // A new call at every turn, some in the very millisecond the page ended on.
      await record(call(ada, { at: pages % 2 ? NOW : (page.calls.at(-1)?.at ?? NOW) }));
    } while (cursor);
    expect(seen.map((c) => c.id)).toEqual([...old].sort((a, b) => b.at - a.at || old.indexOf(b) - old.indexOf(a)).map((c) => c.id));
    expect(pages).toBe(7);
  });

  it('refuses bad input as invalid with the fix in the message', async () => {
    await expect(listCalls(deps, { userId: ada.id, limit: 500 })).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/from 1 to 200/) });
    await expect(listCalls(deps, { userId: ada.id, cursor: '!!' })).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/previous page/) });
    await expect(listCalls(deps, { userId: ada.id, text: 'x'.repeat(201) })).rejects.toMatchObject({ code: 'invalid' });
    await expect(listCalls(deps, { userId: 'usr_nobody' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('logs service: tenant isolation', () => {
  it('user B never lists, finds or tails user A\'s calls', async () => {
    const secret = call(ada, { error: 'private repo ada/secret-plans not found', arguments: '{"repo":"secret-plans"}' });
    await record(secret, call(bob));
    expect((await everyPage(bob.id, {})).every((c) => c.userId === bob.id)).toBe(true);
    expect(await everyPage(bob.id, { text: 'secret' })).toEqual([]);
    await expect(getCall(deps, { userId: bob.id, id: secret.id })).rejects.toMatchObject({ code: 'not_found' });
    expect(await getCall(deps, { userId: ada.id, id: secret.id })).toEqual(secret);
    // A cursor from A's log does not open A's log to B.
    await record(...Array.from({ length: 3 }, () => call(ada)));
    const page = await listCalls(deps, { userId: ada.id, limit: 1 });
    expect((await listCalls(deps, { userId: bob.id, cursor: page.cursor! })).calls.every((c) => c.userId === bob.id)).toBe(true);
  });
});

describe('logs service: live tail', () => {
  it('delivers only the user\'s own new calls, in order, and stops when closed', async () => {
    const tail = await tailCalls(deps, { userId: ada.id });
    const mine = [call(ada), call(ada)];
    await record(call(bob), mine[0]!, call(bob), mine[1]!);
    const got: TailItem[] = [(await tail.next()).value, (await tail.next()).value];
    expect(got).toEqual(mine.map((c) => ({ kind: 'call', call: c })));
    tail.close();
    await record(call(ada));
    expect(await tail.next()).toEqual({ done: true, value: undefined });
  });

  it('delivers only the calls its filter matches, by the list\'s rules and time window; a bad filter is invalid', async () => {
    const tail = await tailCalls(deps, { userId: ada.id, filter: { outcome: 'upstream_error', integration: 'github', text: 'BAD', since: NOW - 1_000 } });
    const wanted = call(ada, { outcome: 'upstream_error', billable: false, error: 'Bad credentials' });
    await record(
      call(ada, { outcome: 'ok' }),
      call(ada, { outcome: 'upstream_error', billable: false, error: 'Bad credentials', integration: 'linear' }),
      call(ada, { outcome: 'upstream_error', billable: false, error: 'Not found' }),
      call(ada, { outcome: 'upstream_error', billable: false, error: 'Bad credentials', at: NOW - 5_000 }),
      wanted,
    );
    expect((await tail.next()).value).toEqual({ kind: 'call', call: wanted });
    tail.close();
    const before = await tailCalls(deps, { userId: ada.id, filter: { until: NOW - 1_000 } });
    const early = call(ada, { at: NOW - 2_000 });
    await record(call(ada), early);
    expect((await before.next()).value).toEqual({ kind: 'call', call: early });
    before.close();
    await expect(tailCalls(deps, { userId: ada.id, filter: { text: 'x'.repeat(201) } })).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('200 characters') });
  });

  it('keeps at most maxQueued calls for a slow reader and says how many it dropped', async () => {
    const tail = await tailCalls(deps, { userId: ada.id, maxQueued: 3 });
    const calls = Array.from({ length: 10 }, () => call(ada));
    await record(...calls);
    expect((await tail.next()).value).toEqual({ kind: 'dropped', count: 7 });
    const rest = [(await tail.next()).value, (await tail.next()).value, (await tail.next()).value];
    expect(rest).toEqual(calls.slice(7).map((c) => ({ kind: 'call', call: c })));
    tail.close();
  });
});

describe('logs service: arguments', () => {
  it('are off by default; settings change per user and are checked', async () => {
    expect(await readCallLogSettings(deps, { userId: ada.id })).toEqual({ storeArguments: false, argumentRetentionDays: 7 });
    expect(await changeCallLogSettings(deps, { userId: ada.id, storeArguments: true })).toEqual({ storeArguments: true, argumentRetentionDays: 7 });
    expect(await changeCallLogSettings(deps, { userId: ada.id, argumentRetentionDays: 2 })).toEqual({ storeArguments: true, argumentRetentionDays: 2 });
    expect(await readCallLogSettings(deps, { userId: bob.id })).toEqual({ storeArguments: false, argumentRetentionDays: 7 });
    await expect(changeCallLogSettings(deps, { userId: ada.id, argumentRetentionDays: 0 })).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/from 1 to 30/) });
    await expect(changeCallLogSettings(deps, { userId: ada.id, argumentRetentionDays: 1.5 })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('are redacted: secret-named keys and token-shaped values replaced, long strings and arrays cut, at most 8 KB', () => {
    const redacted = JSON.parse(redactArguments({
      owner: 'ada',
      token: 'abc',
      headers: { Authorization: 'Bearer x', 'X-Api-Key': 'k', accept: 'json' },
      password: { nested: 'p' },
      note: 'ghp_0123456789abcdefghij',
      sql_params: [1, 'xoxb-123-456', null],
      body: 'x'.repeat(1_000),
      list: Array.from({ length: 60 }, (_, i) => i),
      keyId: 'key_visible',
    }));
    expect(redacted).toMatchObject({ owner: 'ada', token: REDACTED, headers: { Authorization: REDACTED, 'X-Api-Key': REDACTED, accept: 'json' }, password: REDACTED, note: REDACTED, sql_params: [1, REDACTED, null], keyId: 'key_visible' });
    expect(redacted.body).toMatch(/^x{256}… \(1000 chars\)$/);
    expect(redacted.list).toHaveLength(51);
    const huge = redactArguments(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`field_${i}`, 'é'.repeat(200)])));
    expect(Buffer.byteLength(huge)).toBeLessThanOrEqual(MAX_STORED_ARGUMENTS);
    expect(JSON.parse(huge)).toMatch(/cut: \d+ bytes redacted/);
  });

  it('are purged past each user\'s retention by the clock the purge is given, and all of them once storing is off', async () => {
    await changeCallLogSettings(deps, { userId: ada.id, storeArguments: true, argumentRetentionDays: 2 });
    const recent = call(ada, { at: NOW - DAY, arguments: '{"a":1}' });
    const stale = call(ada, { at: NOW - 3 * DAY, arguments: '{"a":2}' });
    await record(recent, stale);
    expect(await store.purgeArguments(NOW)).toEqual({ events: 1 });
    expect((await getCall(deps, { userId: ada.id, id: stale.id })).arguments).toBeUndefined();
    expect((await getCall(deps, { userId: ada.id, id: recent.id })).arguments).toBe('{"a":1}');
    // A day later by the injected clock, the recent one is past two days too.
    expect(await store.purgeArguments(NOW + 1.5 * DAY)).toEqual({ events: 1 });
    await record(call(ada, { at: NOW, arguments: '{"a":3}' }));
    await changeCallLogSettings(deps, { userId: ada.id, storeArguments: false });
    expect(await store.purgeArguments(NOW + 1)).toEqual({ events: 1 });
    expect((await everyPage(ada.id, {})).some((c) => c.arguments !== undefined)).toBe(false);
  });
});

describe('usage service: the Usage page', () => {
  beforeEach(async () => {
    await record(
      call(ada, { at: NOW - 2 * DAY, totalMs: 10 }),
      call(ada, { at: NOW - 2 * DAY, totalMs: 30, outcome: 'upstream_error', billable: false }),
      call(ada, { at: NOW - 1, integration: 'linear', tool: 'create_issue', totalMs: 100 }),
      call(ada, { at: NOW - 2, totalMs: 20 }),
      call(ada, { at: NOW - 3, integration: null, tool: 'no_such_tool', outcome: 'unknown_tool', billable: false, totalMs: 1 }),
      call(ada, { at: Date.UTC(2026, 10, 30, 23), totalMs: 5 }),
      call(bob, { at: NOW - 1 }),
    );
  });

  it('counts calls and errors per UTC day per integration, zero-filled', async () => {
    const days = await usageByDay(deps, { userId: ada.id, days: 3, now: NOW });
    expect(days).toEqual([
      { day: '2026-12-08', calls: 2, errors: 1, byIntegration: [{ slug: 'github', calls: 2, errors: 1 }] },
      { day: '2026-12-09', calls: 0, errors: 0, byIntegration: [] },
      { day: '2026-12-10', calls: 3, errors: 1, byIntegration: [{ slug: 'github', calls: 1, errors: 0 }, { slug: 'linear', calls: 1, errors: 0 }] },
    ]);
    await expect(usageByDay(deps, { userId: ada.id, days: 91 })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('gives p50/p95 total latency per tool, the top tools and the calls of this month', async () => {
    const stats = await toolStats(deps, { userId: ada.id, since: NOW - 7 * DAY, now: NOW });
    expect(stats[0]).toEqual({ integration: 'github', tool: 'get_me', calls: 3, errors: 1, p50Ms: 20, p95Ms: 30 });
    expect(stats.map((s) => s.tool)).toEqual(['get_me', 'create_issue', 'no_such_tool']);
    expect((await topTools(deps, { userId: ada.id, since: NOW - 7 * DAY, limit: 1, now: NOW })).map((s) => s.tool)).toEqual(['get_me']);
    expect(await callsThisMonth(deps, { userId: ada.id, now: NOW })).toEqual({ period: '2026-12', calls: 5, billable: 3, errors: 2 });
    expect(await callsThisMonth(deps, { userId: bob.id, now: NOW })).toEqual({ period: '2026-12', calls: 1, billable: 1, errors: 0 });
  });
});
