/**
 * The call log's part of the Store contract (runStoreContract runs it on
 * every adapter): the Logs page's filters and pages, one call, tenant
 * isolation, the key's last client, call-log settings, the arguments'
 * retention purge and the live tail.
 */
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import { DEFAULT_CALL_LOG_SETTINGS, StoreError, type CallQuery, type Store, type UsageEvent } from '../../lib/store/port.ts';

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 10, 20, 12);

let seq = 0;
function call(userId: string, overrides: Partial<UsageEvent> = {}): UsageEvent {
  seq += 1;
  return {
    id: `evt_log_${seq}_${Math.random().toString(36).slice(2)}`,
    userId,
    keyId: 'key_a',
    integration: 'github',
    tool: 'get_me',
    outcome: 'ok',
    billable: true,
    totalMs: 10,
    upstreamMs: 8,
    bytesIn: 2,
    bytesOut: 50,
    at: BASE,
    ...overrides,
  };
}

/** Every page of a query, following cursors; a page may be short (Convex bounds what one page reads). */
async function allPages(store: Store, userId: string, query: CallQuery): Promise<UsageEvent[]> {
  const calls: UsageEvent[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await store.listCalls(userId, { ...query, ...(cursor && { cursor }) });
    calls.push(...result.calls);
    if (!result.cursor) return calls;
    cursor = result.cursor;
  }
  throw new Error('more than 100 pages');
}

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function runCallLogContract(withStore: (test: (f: { store: Store }) => Promise<void>) => () => Promise<void>): void {
  describe('call log', () => {
    it('keeps client, error and arguments with a call, and reads it back by id only for its own user', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const failed = call(ada.id, { outcome: 'upstream_error', billable: false, client: 'claude-ai/0.1.0', error: 'GitHub said: Bad credentials', arguments: '{"owner":"ada"}' });
      const plain = call(ada.id);
      await store.recordUsage(failed);
      await store.recordUsage(plain);
      expect(await store.getCall(ada.id, failed.id)).toEqual(failed);
      expect(await store.getCall(ada.id, plain.id)).toEqual(plain);
      expect(await store.getCall(bob.id, failed.id)).toBeNull();
      expect(await store.getCall(ada.id, 'evt_unknown')).toBeNull();
    }));

    it('lists newest first and filters by time, integration, tool, key, outcome, client and text', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const events = [
        call(ada.id, { at: BASE + 1, tool: 'get_me', client: 'cursor/1.0' }),
        call(ada.id, { at: BASE + 2, integration: 'linear', tool: 'create_issue', keyId: 'key_b' }),
        call(ada.id, { at: BASE + 3, outcome: 'upstream_error', billable: false, error: 'Rate LIMIT reached, retry in 60 s' }),
        call(ada.id, { at: BASE + 4, integration: null, tool: 'nonexistent_tool', outcome: 'unknown_tool', billable: false, error: 'Unknown tool' }),
        call(ada.id, { at: BASE + DAY, tool: 'list_repos' }),
      ];
      for (const event of events) await store.recordUsage(event);
      const ids = async (query: CallQuery) => (await allPages(store, ada.id, query)).map((c) => c.at - BASE);
      expect(await ids({})).toEqual([DAY, 4, 3, 2, 1]);
      expect(await ids({ since: BASE + 2, until: BASE + 4 })).toEqual([3, 2]);
      expect(await ids({ integration: 'linear' })).toEqual([2]);
      expect(await ids({ tool: 'get_me' })).toEqual([3, 1]);
      expect(await ids({ keyId: 'key_b' })).toEqual([2]);
      expect(await ids({ outcome: 'upstream_error' })).toEqual([3]);
      expect(await ids({ client: 'cursor/1.0' })).toEqual([1]);
      // Text matches the tool name or the error, whatever the case; % and _ are themselves.
      expect(await ids({ text: 'rate limit' })).toEqual([3]);
      expect(await ids({ text: 'REPOS' })).toEqual([DAY]);
      expect(await ids({ text: 'create_' })).toEqual([2]);
      expect(await ids({ text: '%' })).toEqual([]);
      expect(await ids({ tool: 'get_me', outcome: 'ok' })).toEqual([1]);
    }));

    it('pages with an opaque cursor that neither repeats nor skips a call when new ones arrive, even within one millisecond', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const before: UsageEvent[] = [];
      for (let i = 0; i < 7; i++) before.push(call(ada.id, { at: BASE + Math.floor(i / 3) }));
      for (const event of before) await store.recordUsage(event);
      const first = await store.listCalls(ada.id, { limit: 3 });
      expect(first.calls).toHaveLength(3);
      expect(first.cursor).toEqual(expect.any(String));
      // New calls, newer and in the same millisecond as the page's last one: none of them belongs to the later pages.
      await store.recordUsage(call(ada.id, { at: BASE + 5 }));
      await store.recordUsage(call(ada.id, { at: first.calls.at(-1)!.at }));
      const rest = await allPages(store, ada.id, { limit: 3, cursor: first.cursor! });
      const seen = [...first.calls, ...rest].map((c) => c.id);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => before.some((e) => e.id === id))).toHaveLength(7);
      expect(seen).toHaveLength(7);
    }));

    it('refuses a limit past 200, a cursor it did not give out, and an unknown outcome, naming the fix', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      await expect(store.listCalls(ada.id, { limit: 201 })).rejects.toThrow(/limit must be a whole number from 1 to 200/);
      await expect(store.listCalls(ada.id, { cursor: 'not-a-cursor' })).rejects.toThrow(/cursor of the previous page/);
      await expect(store.listCalls(ada.id, { outcome: 'fine' as 'ok' })).rejects.toThrow(/outcome must be one of/);
      await expect(store.listCalls(ada.id, { cursor: 'x' })).rejects.toBeInstanceOf(StoreError);
    }));

    it('never lists another user\'s calls', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      await store.recordUsage(call(ada.id, { error: 'secret project name' }));
      await store.recordUsage(call(bob.id));
      expect((await allPages(store, bob.id, {})).map((c) => c.userId)).toEqual([bob.id]);
      expect(await allPages(store, bob.id, { text: 'secret' })).toEqual([]);
    }));

    it('records the key\'s last client with its last use, never moving back', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const generated = generateApiKey();
      const key = await store.createApiKey({ userId: ada.id, name: 'k', hash: generated.hash, prefix: generated.prefix });
      expect(key.lastClient).toBeNull();
      await store.touchApiKey(key.id, 2_000, 'claude-code/2.1.0');
      await store.touchApiKey(key.id, 1_000, 'cursor/1.0');
      await store.touchApiKey(key.id, 3_000);
      expect((await store.listApiKeys(ada.id))[0]).toMatchObject({ lastUsedAt: 3_000, lastClient: 'claude-code/2.1.0' });
      await store.touchApiKey(key.id, 4_000, 'cursor/1.0');
      expect((await store.listApiKeys(ada.id))[0]).toMatchObject({ lastUsedAt: 4_000, lastClient: 'cursor/1.0' });
      expect((await store.resolveApiKey(generated.hash))?.key.lastClient).toBe('cursor/1.0');
    }));

    it('keeps call-log settings per user (off by default), resolves them with the key, and tells watchers', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const generated = generateApiKey();
      await store.createApiKey({ userId: ada.id, name: 'k', hash: generated.hash, prefix: generated.prefix });
      expect(await store.getCallLogSettings(ada.id)).toEqual(DEFAULT_CALL_LOG_SETTINGS);
      expect(DEFAULT_CALL_LOG_SETTINGS.storeArguments).toBe(false);
      const changes: string[] = [];
      const unwatch = store.watch((change) => changes.push(change.kind === 'reset' ? 'reset' : `${change.kind}:${change.userId}`));
      expect(await store.setCallLogSettings({ userId: ada.id, storeArguments: true, argumentRetentionDays: 3, actor: 'api' })).toEqual({ storeArguments: true, argumentRetentionDays: 3 });
      expect(await store.getCallLogSettings(ada.id)).toEqual({ storeArguments: true, argumentRetentionDays: 3 });
      expect(await store.getCallLogSettings(bob.id)).toEqual(DEFAULT_CALL_LOG_SETTINGS);
      expect((await store.resolveApiKey(generated.hash))?.callLog).toEqual({ storeArguments: true, argumentRetentionDays: 3 });
      await until(() => changes.includes(`user:${ada.id}`));
      unwatch();
      expect((await store.listAudit(ada.id)).map((a) => `${a.actor}:${a.action}`)).toContain('api:settings.call_log');
      await expect(store.setCallLogSettings({ userId: ada.id, storeArguments: true, argumentRetentionDays: 31 })).rejects.toThrow(/from 1 to 30/);
      await expect(store.setCallLogSettings({ userId: 'usr_nobody', storeArguments: true, argumentRetentionDays: 7 })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    }));

    it('purges arguments past each user\'s retention, and all of a user who stopped storing them, keeping the calls', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      await store.setCallLogSettings({ userId: ada.id, storeArguments: true, argumentRetentionDays: 7 });
      await store.setCallLogSettings({ userId: bob.id, storeArguments: true, argumentRetentionDays: 1 });
      const now = BASE + 10 * DAY;
      const adaOld = call(ada.id, { at: now - 8 * DAY, arguments: '{"q":"old"}' });
      const adaNew = call(ada.id, { at: now - 2 * DAY, arguments: '{"q":"new"}' });
      const bobOld = call(bob.id, { at: now - 2 * DAY, arguments: '{"q":"bob"}' });
      for (const event of [adaOld, adaNew, bobOld]) await store.recordUsage(event);
      expect(await store.purgeArguments(now)).toEqual({ events: 2 });
      expect((await store.getCall(ada.id, adaOld.id))?.arguments).toBeUndefined();
      expect((await store.getCall(ada.id, adaOld.id))?.tool).toBe('get_me');
      expect((await store.getCall(ada.id, adaNew.id))?.arguments).toBe('{"q":"new"}');
      expect((await store.getCall(bob.id, bobOld.id))?.arguments).toBeUndefined();
      expect(await store.purgeArguments(now)).toEqual({ events: 0 });
      await store.setCallLogSettings({ userId: ada.id, storeArguments: false, argumentRetentionDays: 7 });
      expect(await store.purgeArguments(now)).toEqual({ events: 1 });
      expect((await store.getCall(ada.id, adaNew.id))?.arguments).toBeUndefined();
    }));

    it('tails new calls of one user as they are recorded, only that user\'s, until unsubscribed', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      const seen: UsageEvent[] = [];
      const unwatch = store.watchCalls(ada.id, (c) => seen.push(c));
      // The Convex tail polls: its first read sets where the tail starts.
      await new Promise((resolve) => setTimeout(resolve, 150));
      const mine = call(ada.id, { client: 'cursor/1.0' });
      await store.recordUsage(call(bob.id));
      await store.recordUsage(mine);
      await until(() => seen.length >= 1);
      expect(seen).toEqual([mine]);
      unwatch();
      await store.recordUsage(call(ada.id));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toHaveLength(1);
    }));
  });
}
