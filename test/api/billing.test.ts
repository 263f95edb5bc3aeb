/**
 * GET /api/v1/billing and PUT /api/v1/users/:id/plan, in-process: a user sees
 * their plan, month-to-date billable calls (stored but not folded included)
 * against the limit with the reset time, this month's daily series and the
 * plan table; an admin changes a user's plan, and a running MCP session has
 * it within a second; a member cannot; bad ids are refused naming the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingPeriod, nextPeriodStart } from '../../lib/billing/period.ts';
import type { UsageEvent } from '../../lib/store/port.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';
import { waitUntil } from '../helpers/wait.ts';
import { createSignedIn, type Browser } from './helpers.ts';

let hub: InProcessHub;
let fake: FakeGitHub;
let admin: Browser;
let member: Browser;
const TOKEN = 'ghp_billingToken000000000000000000000000001';

beforeAll(async () => {
  fake = startFakeGitHub();
  fake.tokens.set(TOKEN, 'octo');
  hub = await startInProcessHub({ env: { MCPHUB_GITHUB_API_URL: fake.url, MCPHUB_PLANS: JSON.stringify([{ id: 'free', callsPerMonth: 2, callsPerMinute: 1_000, burst: 1_000 }]) } });
  admin = await createSignedIn(hub, 'admin@example.com', 'admin');
  member = await createSignedIn(hub, 'member@example.com', 'member');
});
afterAll(async () => {
  await hub.close();
  await fake.close();
});

const json = async <T>(response: Response) => (await response.json()) as T;
type Billing = { status: { plan: { id: string; name: string }; period: string; used: number; limit: number | null; resetsAt: number; overage: string; warning: string | null }; days: Array<{ day: string; calls: number }>; plans: Array<{ id: string }> };
const call = (userId: string, at: number, billable = true): UsageEvent => ({
  id: `evt_api_billing_${Math.random().toString(36).slice(2)}`, userId, keyId: 'key_x', integration: 'github', tool: 'get_me', outcome: billable ? 'ok' : 'upstream_error', billable, totalMs: 1, upstreamMs: 1, bytesIn: 1, bytesOut: 1, at,
});

describe('GET /billing', () => {
  it('reports plan, period, used (meter plus unfolded), limit, reset time, warning, a daily series from the 1st to today and the plans', async () => {
    const now = Date.now();
    const store = hub.hub.store;
    await store.recordUsage(call(member.userId, now));
    await store.foldMeters();
    await store.recordUsage(call(member.userId, now, false));
    const response = await member.api('/billing');
    expect(response.status).toBe(200);
    const billing = await json<Billing>(response);
    expect(billing.status).toMatchObject({ plan: { id: 'free', name: 'Free' }, period: billingPeriod(now), used: 1, limit: 2, resetsAt: nextPeriodStart(now), overage: 'refuse', warning: null });
    const today = new Date(now).toISOString().slice(0, 10);
    expect(billing.days[0]!.day).toBe(`${billingPeriod(now)}-01`);
    expect(billing.days.at(-1)).toEqual({ day: today, calls: 1 });
    expect(billing.days.reduce((sum, d) => sum + d.calls, 0)).toBe(1);
    expect(billing.plans.map((p) => p.id)).toEqual(['free', 'pro', 'team', 'enterprise']);
    await store.recordUsage(call(member.userId, now));
    expect((await json<Billing>(await member.api('/billing'))).status).toMatchObject({ used: 2, warning: 'reached' });
    // The same status and plans without the chart, for the banner on every page.
    const brief = await json<Pick<Billing, 'status' | 'plans'>>(await member.api('/billing/status'));
    expect(brief).toEqual({ status: (await json<Billing>(await member.api('/billing'))).status, plans: billing.plans });
  });

  it('is only for a signed-in user', async () => {
    expect((await hub.request('/api/v1/billing')).status).toBe(401);
    expect((await hub.request('/api/v1/billing/status')).status).toBe(401);
  });
});

describe('PUT /users/:id/plan', () => {
  it('lets an admin change a plan, which reaches a running MCP session within a second', async () => {
    const account = await hub.createAccount('caller@example.com');
    await hub.enable(account.userId, 'github', TOKEN);
    const client = await hub.connect(account.key);
    try {
      const getMe = { name: 'github__get_me', arguments: {} };
      expect((await client.callTool(getMe)).isError).toBeFalsy();
      expect((await client.callTool(getMe)).isError).toBeFalsy();
      expect(JSON.stringify((await client.callTool(getMe)).content)).toContain('QUOTA_EXCEEDED');
      const response = await admin.api(`/users/${account.userId}/plan`, { method: 'PUT', body: { plan: 'team' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: account.userId, email: 'caller@example.com', plan: 'team' });
      const changed = Date.now();
      await waitUntil(async () => !(await client.callTool(getMe)).isError, 1_000, 'the call on the team plan');
      expect(Date.now() - changed).toBeLessThan(1_000);
      expect((await hub.hub.store.listAudit(account.userId)).find((e) => e.action === 'user.plan')).toMatchObject({ actor: `dashboard:${admin.userId}`, target: 'team' });
    } finally {
      await client.close();
    }
  });

  it('refuses a member (403), an unknown plan naming the known ones (422), an unknown user (404) and a missing body (400)', async () => {
    expect((await member.api(`/users/${member.userId}/plan`, { method: 'PUT', body: { plan: 'pro' } })).status).toBe(403);
    const unknownPlan = await admin.api(`/users/${member.userId}/plan`, { method: 'PUT', body: { plan: 'gold' } });
    expect(unknownPlan.status).toBe(422);
    expect(await unknownPlan.json()).toEqual({ error: { code: 'invalid', message: '"gold" is not a plan on this hub. Choose one of: free, pro, team, enterprise.' } });
    expect((await admin.api('/users/usr_missing/plan', { method: 'PUT', body: { plan: 'pro' } })).status).toBe(404);
    const noBody = await admin.api(`/users/${member.userId}/plan`, { method: 'PUT', body: {} });
    expect(noBody.status).toBe(400);
    expect(((await noBody.json()) as { error: { message: string } }).error.message).toMatch(/plan/);
    expect((await hub.hub.store.getUser(member.userId))?.plan).toBe('free');
  });
});
