/** Usage through lib/services/usage.ts: a user's own calls only, from a time on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUsage } from '../../lib/services/usage.ts';
import { createUser } from '../../lib/services/users.ts';
import type { UsageEvent, User } from '../../lib/store/port.ts';
import { createServiceDeps } from '../helpers/service-deps.ts';

const deps = createServiceDeps();
let ada: User;
let bob: User;
const event = (user: User, n: number, at: number, outcome: UsageEvent['outcome'] = 'ok'): UsageEvent => ({
  id: `${user.id}-${n}`, userId: user.id, keyId: 'k', integration: 'github', tool: 'get_me', outcome, billable: outcome === 'ok', totalMs: 10 * n, upstreamMs: 5, bytesIn: 1, bytesOut: 1, at,
});

beforeAll(async () => {
  ada = await createUser(deps, { email: 'ada@example.com' });
  bob = await createUser(deps, { email: 'bob@example.com' });
  for (const e of [event(ada, 1, 1_000), event(ada, 2, 2_000, 'upstream_error'), event(ada, 3, 3_000), event(bob, 1, 2_500)]) await deps.store.recordUsage(e);
});
afterAll(() => deps.store.close());

describe('usage service', () => {
  it('sums only the user\'s own calls', async () => {
    const summary = await readUsage(deps, { userId: ada.id });
    expect(summary.totals).toEqual({ calls: 3, errors: 1, billable: 2 });
    expect((await readUsage(deps, { userId: bob.id })).totals.calls).toBe(1);
  });

  it('counts from `since` on', async () => {
    expect((await readUsage(deps, { userId: ada.id, since: 2_000 })).totals.calls).toBe(2);
  });

  it('refuses an unknown user as not_found', async () => {
    await expect(readUsage(deps, { userId: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
