/** setPlan and planStatus: the use cases the dashboard, the CLI and Stripe's webhooks share. */
import { afterAll, describe, expect, it } from 'vitest';
import { planStatus, setPlan } from '../../lib/services/plans.ts';
import { createUser } from '../../lib/services/users.ts';
import type { UsageEvent } from '../../lib/store/port.ts';
import { createServiceDeps } from '../helpers/service-deps.ts';

const deps = createServiceDeps();
afterAll(() => deps.store.close());

let seq = 0;
const call = (userId: string, at: number, billable = true): UsageEvent => ({
  id: `evt_svc_plan_${++seq}`, userId, keyId: 'key_x', integration: 'github', tool: 'get_me', outcome: billable ? 'ok' : 'upstream_error', billable,
  totalMs: 1, upstreamMs: 1, bytesIn: 1, bytesOut: 1, at,
});

describe('plans service', () => {
  it('puts a user on a plan of the table, audited with the actor', async () => {
    const ada = await createUser(deps, { email: 'ada@example.com' });
    expect((await setPlan(deps, { userId: ada.id, plan: ' Pro ' })).plan).toBe('pro');
    expect((await deps.store.listAudit(ada.id)).find((entry) => entry.action === 'user.plan')).toMatchObject({ actor: 'test', target: 'pro' });
  });

  it('refuses an id the table does not hold, naming the plans it does, and a user that does not exist', async () => {
    const bob = await createUser(deps, { email: 'bob@example.com' });
    await expect(setPlan(deps, { userId: bob.id, plan: 'gold' })).rejects.toMatchObject({ code: 'invalid', message: '"gold" is not a plan on this hub. Choose one of: free, pro, team, enterprise.' });
    await expect(setPlan(deps, { userId: 'usr_missing', plan: 'pro' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reports plan, period, used (meter plus unfolded), limit and reset time for the UTC month', async () => {
    const cy = await createUser(deps, { email: 'cy@example.com' });
    const now = Date.UTC(2026, 10, 30, 23, 59, 59, 999);
    await deps.store.recordUsage(call(cy.id, Date.UTC(2026, 10, 2)));
    await deps.store.foldMeters();
    await deps.store.recordUsage(call(cy.id, Date.UTC(2026, 10, 29)));
    await deps.store.recordUsage(call(cy.id, Date.UTC(2026, 10, 29), false));
    await deps.store.recordUsage(call(cy.id, Date.UTC(2026, 9, 29)));
    const status = await planStatus(deps, cy.id, now);
    expect(status).toMatchObject({ period: '2026-11', used: 2, limit: 1_000, resetsAt: Date.UTC(2026, 11, 1), overage: 'refuse', warning: null });
    expect(status.plan.id).toBe('free');
    expect((await planStatus(deps, cy.id, now + 1)).used).toBe(0);
    await setPlan(deps, { userId: cy.id, plan: 'enterprise' });
    expect(await planStatus(deps, cy.id, now)).toMatchObject({ limit: null, overage: 'bill', warning: null });
    await expect(planStatus(deps, 'usr_missing', now)).rejects.toMatchObject({ code: 'not_found' });
  });
});
