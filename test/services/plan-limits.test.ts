/**
 * A plan's count limits at creation time (lib/services/plan-limits.ts), on
 * the built-in table: keys past maxKeys and integrations past maxIntegrations
 * are refused with the plan, the limit and both fixes; a revoked key or a
 * disabled integration makes room; a rotation or a re-enable is never a new
 * one; another plan lifts the limit.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createKey, revokeKey, rotateKey } from '../../lib/services/keys.ts';
import { disableIntegration, enableIntegration } from '../../lib/services/integrations.ts';
import { setPlan } from '../../lib/services/plans.ts';
import { createUser } from '../../lib/services/users.ts';
import { createHints } from '../../lib/server/hints.ts';
import { createServiceDeps } from '../helpers/service-deps.ts';
import { startConnect } from '../../lib/services/oauth.ts';
import { OAUTH_PROVIDERS } from '../../lib/oauth/providers.ts';
import { oauthApp } from '../../lib/server/oauth-config.ts';

const deps = createServiceDeps();
afterAll(() => deps.store.close());

const TOKENS: Record<string, string> = {
  github: 'ghp_limitsToken00000000000000000000000000001',
  linear: 'lin_api_limitsToken00000000000000000000000001',
  notion: 'ntn_limitsToken000000000000000000000000000001',
  slack: 'xoxb-limits-token-0000000000001',
};
const enable = (userId: string, slug: string) => enableIntegration(deps, { userId, slug, credential: TOKENS[slug]!, verify: false });

describe('key limit', () => {
  it('refuses a third key on free, naming the plan, the limit and both fixes; a revoked key makes room; a rotation needs none', async () => {
    const ada = await createUser(deps, { email: 'ada@example.com' });
    const first = await createKey(deps, { userId: ada.id, name: 'laptop' });
    await createKey(deps, { userId: ada.id, name: 'desktop' });
    await expect(createKey(deps, { userId: ada.id, name: 'phone' })).rejects.toMatchObject({
      code: 'plan_limit',
      message: 'The Free plan allows 2 API keys and ada@example.com has 2, so no key was created. Revoke one you no longer use with `npx mcphub keys revoke <key id>`. Or: Change the plan with `npx mcphub users set-plan --user ada@example.com --plan <plan>`.',
    });
    // At the limit, a rotation still works: it replaces a key.
    const rotated = await rotateKey(deps, { userId: ada.id, keyId: first.record.id });
    await revokeKey(deps, { userId: ada.id, keyId: rotated.record.id });
    expect((await createKey(deps, { userId: ada.id, name: 'phone' })).record.name).toBe('phone');
    expect((await deps.store.listApiKeys(ada.id)).filter((k) => k.revokedAt === null)).toHaveLength(2);
  });

  it('lifts the limit with a larger plan, and names the Billing page when the hub serves a dashboard', async () => {
    const bob = await createUser(deps, { email: 'bob@example.com' });
    const dashboard = { ...deps, hints: createHints({ cli: 'npx mcphub', remote: true, dashboard: () => 'https://hub.example.com' }) };
    await createKey(dashboard, { userId: bob.id, name: 'one' });
    await createKey(dashboard, { userId: bob.id, name: 'two' });
    await expect(createKey(dashboard, { userId: bob.id, name: 'three' })).rejects.toMatchObject({ code: 'plan_limit', message: expect.stringContaining('Revoke one you no longer use on the dashboard (https://hub.example.com/keys), or with `npx mcphub keys revoke <key id>` on the hub\'s machine. Or: Upgrade your plan at https://hub.example.com/billing.') });
    await setPlan(deps, { userId: bob.id, plan: 'pro' });
    for (let i = 3; i <= 10; i++) await createKey(deps, { userId: bob.id, name: `key ${i}` });
    await expect(createKey(deps, { userId: bob.id, name: 'eleven' })).rejects.toMatchObject({ code: 'plan_limit', message: expect.stringMatching(/^The Pro plan allows 10 API keys and bob@example.com has 10/) });
  });
});

describe('integration limit', () => {
  it('refuses a fourth enabled integration on free before any credential check; re-enabling one that is enabled is not a new one; disabling makes room', async () => {
    const cy = await createUser(deps, { email: 'cy@example.com' });
    for (const slug of ['github', 'linear', 'notion']) await enable(cy.id, slug);
    await expect(enable(cy.id, 'slack')).rejects.toMatchObject({
      code: 'plan_limit',
      message: 'The Free plan allows 3 enabled integrations and cy@example.com has 3 (github, linear, notion), so slack was not enabled. Disable one you no longer use with `npx mcphub integrations disable <slug> --user cy@example.com`. Or: Change the plan with `npx mcphub users set-plan --user cy@example.com --plan <plan>`.',
    });
    // Verification would have called the service: the refusal came first, so nothing is reached (no fake runs here).
    await expect(enableIntegrationVerified(cy.id, 'slack')).rejects.toMatchObject({ code: 'plan_limit' });
    expect((await enable(cy.id, 'github')).connection).toBeDefined();
    await disableIntegration(deps, { userId: cy.id, slug: 'notion' });
    await enable(cy.id, 'slack');
    expect((await deps.store.listConnections(cy.id)).filter((c) => c.enabled).map((c) => c.slug)).toEqual(['github', 'linear', 'slack']);
  });

  it('refuses an OAuth connect past the limit before the provider is asked, and lets an enabled one reconnect', async () => {
    const eve = await createUser(deps, { email: 'eve@example.com' });
    for (const slug of ['github', 'linear', 'notion']) await enable(eve.id, slug);
    const apps = Object.fromEntries((['github', 'slack'] as const).map((slug) => [slug, oauthApp(OAUTH_PROVIDERS[slug], { clientId: `${slug}-client`, clientSecret: `${slug}-secret` })]));
    const oauthDeps = { ...deps, oauth: { ...deps.oauth, apps } };
    await expect(startConnect(oauthDeps, { userId: eve.id, sessionId: 'ses_x', slug: 'slack' })).rejects.toMatchObject({ code: 'plan_limit', message: expect.stringContaining('so slack was not enabled') });
    expect((await startConnect(oauthDeps, { userId: eve.id, sessionId: 'ses_x', slug: 'github' })).url).toMatch(/^https:\/\/github\.com\/login\/oauth\/authorize\?/);
  });

  it('has no integration limit on pro', async () => {
    const dee = await createUser(deps, { email: 'dee@example.com' });
    await setPlan(deps, { userId: dee.id, plan: 'pro' });
    for (const slug of Object.keys(TOKENS)) await enable(dee.id, slug);
    expect((await deps.store.listConnections(dee.id)).filter((c) => c.enabled)).toHaveLength(4);
  });
});

function enableIntegrationVerified(userId: string, slug: string) {
  // Pointed at an address nothing listens on: a check would fail as unreachable, not as the plan's refusal.
  return enableIntegration({ ...deps, upstream: { ...deps.upstream, apiUrls: { [slug]: 'http://127.0.0.1:9' } } }, { userId, slug, credential: TOKENS[slug]!, verify: true });
}
