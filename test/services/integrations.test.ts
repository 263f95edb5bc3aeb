/**
 * Enabling, disabling and configuring integrations through lib/services, with
 * the credential checked against upstream-shaped fakes on 127.0.0.1 through
 * each integration's own SDK client: accepted (with the account), rejected
 * (with the service's reason) or unreachable — and nothing stored unless
 * accepted. Every use case is scoped to its user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrations } from '../../integrations/index.ts';
import { credentialContext } from '../../lib/crypto/seal.ts';
import { disableIntegration, enableIntegration, listIntegrations } from '../../lib/services/integrations.ts';
import { changeSettings, readSettings } from '../../lib/services/settings.ts';
import { createUser } from '../../lib/services/users.ts';
import type { User } from '../../lib/store/port.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startFakeLinear, type FakeLinear } from '../helpers/fake-linear/index.ts';
import { startFakeNotion, type FakeNotion } from '../helpers/fake-notion.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack/index.ts';
import { freePort } from '../helpers/hub-process.ts';
import { createServiceDeps } from '../helpers/service-deps.ts';
import { noPlanLimits } from '../helpers/plans.ts';

const TOKENS = {
  github: 'ghp_servicesToken0000000000000000000000001',
  linear: 'lin_api_servicesToken000000000000000000001',
  notion: 'ntn_servicesToken00000000000000000000000001',
  slack: 'xoxb-services-token-0000000000001',
};
const WRONG = {
  github: 'ghp_wrongToken000000000000000000000000000001',
  linear: 'lin_api_wrongToken0000000000000000000000001',
  notion: 'ntn_wrongToken000000000000000000000000000001',
  slack: 'xoxb-wrong-token-0000000000001',
};

let github: FakeGitHub;
let linear: FakeLinear;
let notion: FakeNotion;
let slack: FakeSlack;
let deps: ReturnType<typeof createServiceDeps>;
let ada: User;
let bob: User;

beforeAll(async () => {
  [github, linear, notion, slack] = [startFakeGitHub(), startFakeLinear(), startFakeNotion(), startFakeSlack()];
  github.tokens.set(TOKENS.github, 'octocat');
  linear.tokens.set(TOKENS.linear, 'alice');
  notion.tokens.set(TOKENS.notion, 'Hub Bot');
  slack.tokens.set(TOKENS.slack, { userId: 'U0HUB', scopes: ['channels:read'] });
  // More integrations than the free plan's three: these tests are about credentials, not plans.
  deps = { ...createServiceDeps({ github: github.url, linear: linear.url, notion: notion.url, slack: slack.url }), plans: noPlanLimits() };
  ada = await createUser(deps, { email: 'ada@example.com' });
  bob = await createUser(deps, { email: 'bob@example.com' });
});
afterAll(async () => {
  await Promise.all([github.close(), linear.close(), notion.close(), slack.close(), deps.store.close()]);
});

/** The user's enabled connection to `slug`, as stored. */
const stored = async (userId: string, slug: string) => (await deps.store.listConnections(userId)).find((c) => c.slug === slug && c.enabled);

describe('credential verification', () => {
  it('covers every built-in integration, so none stores a credential unchecked by default', () => {
    expect(integrations.filter((i) => !i.verify).map((i) => i.slug)).toEqual([]);
  });

  const ACCOUNTS = { github: 'octocat', linear: 'alice', notion: 'Hub Bot in Acme', slack: 'in Acme' };

  it.each(Object.keys(TOKENS) as Array<keyof typeof TOKENS>)('%s: an accepted credential is stored, sealed to the user, with the account it belongs to', async (slug) => {
    const enabled = await enableIntegration(deps, { userId: ada.id, slug, credential: `${TOKENS[slug]}\n`, verify: true });
    expect(enabled.account?.label).toContain(ACCOUNTS[slug]);
    expect(enabled.integration).toMatchObject({ slug, enabled: true });
    const connection = await stored(ada.id, slug);
    expect(deps.sealer.open(connection!.sealedCredential, credentialContext(ada.id, slug))).toBe(TOKENS[slug]);
    expect(JSON.stringify(enabled)).not.toContain(TOKENS[slug]);
  });

  it('names each account as its service reports it', async () => {
    const labels = await Promise.all((Object.keys(TOKENS) as Array<keyof typeof TOKENS>).map(async (slug) => (await enableIntegration(deps, { userId: bob.id, slug, credential: TOKENS[slug], verify: true })).account?.label));
    expect(labels).toEqual(['octocat', expect.stringMatching(/^Alice .*<alice@.+>$/), 'Hub Bot in Acme', expect.stringMatching(/^\S+ in Acme$/)]);
  });

  it('keeps the checked account with the connection, shown as connected as that account; unchecked keeps none', async () => {
    const dora = await createUser(deps, { email: 'dora@example.com' });
    await enableIntegration(deps, { userId: dora.id, slug: 'github', credential: TOKENS.github, verify: true });
    expect((await stored(dora.id, 'github'))?.account).toBe('octocat');
    const github = (await listIntegrations(deps, { userId: dora.id })).find((v) => v.slug === 'github');
    expect(github).toMatchObject({ enabled: true, status: 'connected', account: 'octocat', attention: null });
    await deps.store.markConnectionAttention({ userId: dora.id, slug: 'github', kind: 'needs_reconnect', reason: 'The GitHub token was rejected (401: Bad credentials).', at: 1 });
    expect((await listIntegrations(deps, { userId: dora.id })).find((v) => v.slug === 'github')).toMatchObject({ status: 'needs_reconnect', account: 'octocat', attention: { kind: 'needs_reconnect', reason: expect.stringContaining('401') } });
    await enableIntegration(deps, { userId: dora.id, slug: 'github', credential: WRONG.github, verify: false });
    expect((await listIntegrations(deps, { userId: dora.id })).find((v) => v.slug === 'github')).toMatchObject({ status: 'connected', account: null, attention: null });
    expect((await listIntegrations(deps, { userId: dora.id })).find((v) => v.slug === 'linear')).toMatchObject({ enabled: false, status: 'not_connected', account: null });
    expect((await listIntegrations(deps, { userId: null })).every((v) => v.status === null)).toBe(true);
  });

  it.each([
    ['github', /The GitHub token was rejected \(401: Bad credentials\)/],
    ['linear', /The Linear API key was rejected/],
    ['notion', /The Notion integration secret was rejected \(401: API token is invalid\.\)/],
    ['slack', /Slack rejected the token \(invalid_auth\)/],
  ] as const)('%s: a rejected credential is credential_rejected with the service\'s reason and where to get one; nothing is stored', async (slug, reason) => {
    const user = await createUser(deps, { email: `rejected-${slug}@example.com` });
    const refusal = enableIntegration(deps, { userId: user.id, slug, credential: WRONG[slug], verify: true });
    await expect(refusal).rejects.toMatchObject({ code: 'credential_rejected', message: expect.stringMatching(reason) });
    await expect(refusal).rejects.toThrow(/Nothing was stored\./);
    await refusal.catch((error: Error) => expect(error.message).not.toContain(WRONG[slug]));
    expect(await stored(user.id, slug)).toBeUndefined();
  });

  it.each(Object.keys(TOKENS) as Array<keyof typeof TOKENS>)('%s: an unreachable service is upstream_unreachable, says how to store it unchecked, and stores nothing', async (slug) => {
    const port = await freePort();
    const offline = { ...deps, upstream: { ...deps.upstream, apiUrls: { [slug]: slug === 'slack' ? `http://127.0.0.1:${port}/api/` : slug === 'linear' ? `http://127.0.0.1:${port}/graphql` : `http://127.0.0.1:${port}` } } };
    const user = await createUser(deps, { email: `offline-${slug}@example.com` });
    const refusal = enableIntegration(offline, { userId: user.id, slug, credential: TOKENS[slug], verify: true });
    await expect(refusal).rejects.toMatchObject({ code: 'upstream_unreachable', message: expect.stringContaining(`integrations enable ${slug} --user ${user.email} --token-stdin --no-verify`) });
    expect(await stored(user.id, slug)).toBeUndefined();
  });

  it('with verify off, stores the credential without asking the service', async () => {
    const user = await createUser(deps, { email: 'unchecked@example.com' });
    const before = github.requests.length;
    const enabled = await enableIntegration(deps, { userId: user.id, slug: 'github', credential: WRONG.github, verify: false });
    expect(enabled.account).toBeNull();
    expect(github.requests.length).toBe(before);
    expect(await stored(user.id, 'github')).toBeDefined();
  });

  it('refuses a malformed credential as invalid before asking the service', async () => {
    const before = github.requests.length;
    await expect(enableIntegration(deps, { userId: ada.id, slug: 'github', credential: 'two words', verify: true })).rejects.toMatchObject({ code: 'invalid', message: 'The token contains whitespace; paste only the token itself.' });
    await expect(enableIntegration(deps, { userId: ada.id, slug: 'postgres', credential: 'mysql://me:pw-42@db/x', verify: true })).rejects.toMatchObject({ code: 'invalid', message: expect.not.stringContaining('pw-42') });
    await expect(enableIntegration(deps, { userId: ada.id, slug: 'jira', credential: 'x', verify: true })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('Available: github, linear') });
    expect(github.requests.length).toBe(before);
  });
});

describe('integrations, scoped to their user', () => {
  it('lists the catalog with what this user has enabled', async () => {
    const carol = await createUser(deps, { email: 'carol@example.com' });
    await enableIntegration(deps, { userId: carol.id, slug: 'github', credential: TOKENS.github, verify: true });
    const views = await listIntegrations(deps, { userId: carol.id });
    expect(views.filter((v) => v.enabled).map((v) => v.slug)).toEqual(['github']);
    expect((await listIntegrations(deps, { userId: null })).every((v) => v.enabled === null)).toBe(true);
    await expect(listIntegrations(deps, { userId: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('disabling one user\'s integration leaves another\'s enabled', async () => {
    const [dan, eve] = [await createUser(deps, { email: 'dan@example.com' }), await createUser(deps, { email: 'eve@example.com' })];
    await enableIntegration(deps, { userId: dan.id, slug: 'github', credential: TOKENS.github, verify: true });
    expect(await disableIntegration(deps, { userId: eve.id, slug: 'github' })).toEqual({ disabled: false, revoke: { status: 'none' } });
    expect(await stored(dan.id, 'github')).toBeDefined();
    expect(await disableIntegration(deps, { userId: dan.id, slug: 'github' })).toEqual({ disabled: true, revoke: { status: 'none' } });
    expect(await stored(dan.id, 'github')).toBeUndefined();
  });
});

describe('settings, scoped to their user', () => {
  it('reads and changes one user\'s settings; another user\'s connection is not_found and unchanged', async () => {
    const [fay, gus] = [await createUser(deps, { email: 'fay@example.com' }), await createUser(deps, { email: 'gus@example.com' })];
    await enableIntegration(deps, { userId: fay.id, slug: 'postgres', credential: 'postgres://me:pw@127.0.0.1:9/db', assignments: ['statement_timeout_ms=2000'], verify: false });
    expect(await readSettings(deps, { userId: fay.id, slug: 'postgres' })).toEqual([
      expect.objectContaining({ name: 'allow_writes', value: false, set: false }),
      expect.objectContaining({ name: 'statement_timeout_ms', value: 2000, set: true }),
    ]);
    await expect(changeSettings(deps, { userId: gus.id, slug: 'postgres', assignments: ['allow_writes=on'] })).rejects.toMatchObject({
      code: 'not_found',
      message: 'PostgreSQL is not enabled for gus@example.com. Enable it with `npx mcphub integrations enable postgres --user gus@example.com --token-stdin`.',
    });
    const changed = await changeSettings(deps, { userId: fay.id, slug: 'postgres', assignments: ['allow_writes=on', 'statement_timeout_ms=default'] });
    expect(changed.map((v) => [v.name, v.value, v.set])).toEqual([['allow_writes', true, true], ['statement_timeout_ms', 15_000, false]]);
    await expect(changeSettings(deps, { userId: fay.id, slug: 'postgres', assignments: ['bogus=1'] })).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('Unknown setting "bogus"') });
  });

  it('re-enabling with one --set keeps the other stored settings', async () => {
    const hal = await createUser(deps, { email: 'hal@example.com' });
    const enable = (assignments: string[]) => enableIntegration(deps, { userId: hal.id, slug: 'postgres', credential: 'postgres://me:pw@127.0.0.1:9/db', assignments, verify: false });
    await enable(['allow_writes=on']);
    const again = await enable(['statement_timeout_ms=3000']);
    expect(again.connection.settings.map((v) => [v.name, v.value])).toEqual([['allow_writes', true], ['statement_timeout_ms', 3000]]);
  });
});
