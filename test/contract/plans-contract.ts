/**
 * The plans part of the Store contract (lib/store/plans.ts), run by
 * `runStoreContract` on every adapter: a user's plan (default, set, audited,
 * on the change feed, carried by a resolved key) and billable calls per
 * period as the meter plus what is not folded yet, at UTC month boundaries.
 */
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../lib/crypto/api-keys.ts';
import type { StoreChange, UsageEvent } from '../../lib/store/port.ts';
import type { WithStore } from './accounts-contract.ts';
import { waitUntil } from '../helpers/wait.ts';

let seq = 0;
const usage = (userId: string, at: number, overrides: Partial<UsageEvent> = {}): UsageEvent => ({
  id: `evt_plan_${++seq}_${Math.random().toString(36).slice(2)}`,
  userId, keyId: 'key_x', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true,
  totalMs: 1, upstreamMs: 1, bytesIn: 1, bytesOut: 1, at, ...overrides,
});

const NOV_30_LAST_MS = Date.UTC(2026, 11, 1) - 1;
const DEC_1_FIRST_MS = Date.UTC(2026, 11, 1);

export function describePlans(withStore: WithStore): void {
  describe('plans', () => {
    it('starts every user on free, and sets a plan: read back everywhere, audited, and a user change', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      expect(ada.plan).toBe('free');
      const generated = generateApiKey();
      await store.createApiKey({ userId: ada.id, name: 'k', hash: generated.hash, prefix: generated.prefix });
      const seen: StoreChange[] = [];
      const unwatch = store.watch((change) => seen.push(change));
      try {
        const updated = await store.setUserPlan({ userId: ada.id, plan: 'pro', actor: 'cli' });
        expect(updated).toMatchObject({ id: ada.id, plan: 'pro', email: 'ada@example.com', role: ada.role });
        expect((await store.getUser(ada.id))?.plan).toBe('pro');
        expect((await store.listUsers()).map((u) => u.plan)).toEqual(['pro']);
        expect((await store.resolveApiKey(generated.hash))?.user.plan).toBe('pro');
        expect((await store.listAudit(ada.id)).find((entry) => entry.action === 'user.plan')).toMatchObject({ actor: 'cli', target: 'pro' });
        await waitUntil(() => seen.some((change) => change.kind === 'user' && change.userId === ada.id), 2_000, 'the plan change on the feed');
      } finally {
        unwatch();
      }
    }));

    it('refuses a plan for a user that does not exist, and an id that is not a plan id', withStore(async ({ store }) => {
      await expect(store.setUserPlan({ userId: 'usr_missing', plan: 'pro' })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
      const ada = await store.createUser({ email: 'ada@example.com' });
      await expect(store.setUserPlan({ userId: ada.id, plan: 'Pro Plan!' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(store.setUserPlan({ userId: ada.id, plan: 'x'.repeat(33) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect((await store.getUser(ada.id))?.plan).toBe('free');
    }));

    it('counts billable calls of one user in one UTC month: the meter plus what is not folded yet', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      const bob = await store.createUser({ email: 'bob@example.com' });
      await store.recordUsage(usage(ada.id, Date.UTC(2026, 10, 3)));
      await store.recordUsage(usage(ada.id, Date.UTC(2026, 10, 4)));
      await store.foldMeters();
      // After the fold: two in the meter, then three more not folded, one of them at the month's last millisecond.
      await store.recordUsage(usage(ada.id, Date.UTC(2026, 10, 20)));
      await store.recordUsage(usage(ada.id, NOV_30_LAST_MS));
      await store.recordUsage(usage(ada.id, Date.UTC(2026, 10, 21), { outcome: 'upstream_error', billable: false }));
      await store.recordUsage(usage(ada.id, DEC_1_FIRST_MS));
      await store.recordUsage(usage(ada.id, Date.UTC(2026, 9, 31, 23, 59, 59, 999)));
      await store.recordUsage(usage(bob.id, Date.UTC(2026, 10, 20)));
      expect(await store.countBillableCalls({ userId: ada.id, period: '2026-11' })).toBe(4);
      expect(await store.countBillableCalls({ userId: ada.id, period: '2026-12' })).toBe(1);
      expect(await store.countBillableCalls({ userId: ada.id, period: '2026-10' })).toBe(1);
      expect(await store.countBillableCalls({ userId: bob.id, period: '2026-11' })).toBe(1);
      expect(await store.countBillableCalls({ userId: ada.id, period: '2027-01' })).toBe(0);
      // Folding moves the calls into the meter; the count stays.
      await store.foldMeters();
      expect(await store.countBillableCalls({ userId: ada.id, period: '2026-11' })).toBe(4);
      expect((await store.listMeters(ada.id)).find((m) => m.period === '2026-11')?.billableCalls).toBe(4);
      // A redelivered event is stored once, and counted once.
      const again = usage(ada.id, Date.UTC(2026, 10, 22));
      await store.recordUsage(again);
      await store.recordUsage(again);
      expect(await store.countBillableCalls({ userId: ada.id, period: '2026-11' })).toBe(5);
    }));

    it('refuses a period that is not YYYY-MM', withStore(async ({ store }) => {
      const ada = await store.createUser({ email: 'ada@example.com' });
      for (const period of ['2026-13', '2026-1', 'november', '']) {
        await expect(store.countBillableCalls({ userId: ada.id, period })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      }
    }));
  });
}
