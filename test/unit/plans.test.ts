/** The plan table (built-in and MCPHUB_PLANS), and the billing-period math quotas and reset dates use, at UTC month boundaries. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanConfigError, resolvePlans } from '../../lib/billing/plan-config.ts';
import { billingPeriod, nextPeriodStart, periodBounds } from '../../lib/billing/period.ts';
import { DEFAULT_PLAN_ID, DEFAULT_PLANS, defaultPlanTable } from '../../lib/billing/plans.ts';
import { readEnv } from '../../lib/env.ts';
import { resolveConfig } from '../../lib/server/config.ts';
import { quotaWarning, statusOf } from '../../lib/services/plans.ts';

function planError(setting: string): string {
  try {
    resolvePlans(setting);
  } catch (error) {
    expect(error).toBeInstanceOf(PlanConfigError);
    return (error as Error).message;
  }
  throw new Error('resolvePlans accepted a bad table');
}

describe('the built-in plan table', () => {
  it('offers free, pro, team and enterprise, free by default, and resolves an unknown id to the default', () => {
    const table = defaultPlanTable();
    expect(table.list().map((p) => p.id)).toEqual(['free', 'pro', 'team', 'enterprise']);
    expect(table.defaultPlan.id).toBe(DEFAULT_PLAN_ID);
    expect(table.get('pro')).toMatchObject({ callsPerMonth: 50_000, callsPerMinute: 120, maxKeys: 10, maxIntegrations: null, overage: 'bill' });
    expect(table.get('free')).toMatchObject({ callsPerMonth: 1_000, callsPerMinute: 20, burst: 40, maxKeys: 2, maxIntegrations: 3, logRetentionDays: 7, overage: 'refuse' });
    expect(table.get('enterprise')?.callsPerMonth).toBeNull();
    expect(table.get('gone')).toBeUndefined();
    expect(table.resolve('gone').id).toBe('free');
  });
});

describe('MCPHUB_PLANS', () => {
  it('overrides the fields it gives of a built-in plan and adds a new plan given whole, inline', () => {
    const table = resolvePlans(JSON.stringify([
      { id: 'free', callsPerMonth: 500 },
      { id: 'startup', name: 'Startup', callsPerMonth: 10_000, callsPerMinute: 60, burst: 60, maxKeys: 5, maxIntegrations: 10, logRetentionDays: 14, overage: 'refuse' },
    ]));
    expect(table.get('free')).toEqual({ ...DEFAULT_PLANS[0], callsPerMonth: 500 });
    expect(table.get('startup')?.name).toBe('Startup');
    expect(table.list().map((p) => p.id)).toEqual(['free', 'pro', 'team', 'enterprise', 'startup']);
  });

  it('reads a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcphub-plans-'));
    try {
      const file = join(dir, 'plans.json');
      writeFileSync(file, JSON.stringify({ plans: [{ id: 'pro', callsPerMonth: null }] }));
      const table = resolvePlans(file);
      expect(table.defaultPlan.id).toBe('free');
      expect(table.get('pro')?.callsPerMonth).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names each bad field and the fix', () => {
    expect(planError('[{"id":"pro","callsPerMinute":0,"overage":"maybe"}]')).toMatch(/plans\[0\]\.callsPerMinute: must be at least 1[\s\S]*plans\[0\]\.overage: must be "refuse" or "bill"[\s\S]*Fix these fields/);
    expect(planError('[{"id":"new","name":"New"}]')).toMatch(/plans\[0\] \(new\)\.callsPerMonth: is required for a new plan/);
    expect(planError('[{"id":"Pro Plan"}]')).toMatch(/\[0\]\.id: must be lower case letters/);
    expect(planError('[{"id":"pro","colour":"red"}]')).toMatch(/colour/);
    expect(planError('{"default":"gold","plans":[]}')).toMatch(/\(top level\): must be a list of plans/);
    expect(planError('[{"id":')).toMatch(/MCPHUB_PLANS is not valid JSON/);
    expect(planError('/no/such/plans.json')).toMatch(/names the file \/no\/such\/plans.json, which cannot be read \(ENOENT\)/);
  });

  it('reaches the hub config as HubConfig.plans, and a bad table is an environment error at start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcphub-plans-'));
    try {
      expect(resolveConfig(readEnv({ MCPHUB_DATA_DIR: dir, MCPHUB_PLANS: '[{"id":"free","maxKeys":1}]' })).plans.get('free')?.maxKeys).toBe(1);
      expect(() => resolveConfig(readEnv({ MCPHUB_DATA_DIR: dir, MCPHUB_PLANS: '[{"id":"free","maxKeys":-1}]' }))).toThrow(/maxKeys: must be 0 or more/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('billing periods (UTC calendar months)', () => {
  const lastMsOfNovember = Date.UTC(2026, 11, 1) - 1;
  it('puts the last millisecond of a month in it and the next one in the next month', () => {
    expect(billingPeriod(lastMsOfNovember)).toBe('2026-11');
    expect(billingPeriod(lastMsOfNovember + 1)).toBe('2026-12');
    expect(nextPeriodStart(lastMsOfNovember)).toBe(Date.UTC(2026, 11, 1));
    expect(nextPeriodStart(Date.UTC(2026, 11, 1))).toBe(Date.UTC(2027, 0, 1));
  });

  it('bounds a month from its first instant to the next month\'s, across a year and in February of a leap year', () => {
    expect(periodBounds('2026-12')).toEqual({ start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
    expect(periodBounds('2028-02').end - periodBounds('2028-02').start).toBe(29 * 86_400_000);
    expect(() => periodBounds('2026-13')).toThrow(/not a billing period/);
  });

  it('words a status the same way at the boundary: a new month starts from what the store counts for it', () => {
    const free = defaultPlanTable().get('free')!;
    expect(statusOf(free, 1_000, lastMsOfNovember)).toMatchObject({ period: '2026-11', limit: 1_000, resetsAt: Date.UTC(2026, 11, 1), warning: 'reached', overage: 'refuse' });
    expect(statusOf(free, 0, lastMsOfNovember + 1)).toMatchObject({ period: '2026-12', resetsAt: Date.UTC(2027, 0, 1), warning: null });
    expect([quotaWarning(799, 1_000), quotaWarning(800, 1_000), quotaWarning(1_000, 1_000), quotaWarning(10 ** 9, null)]).toEqual([null, 'near', 'reached', null]);
  });
});
