/**
 * A plan's count limits, checked when something is created (issue 14): keys
 * (`maxKeys`, unrevoked ones counted) and enabled integrations
 * (`maxIntegrations`). In the services, so the CLI, the API, the dashboard
 * and OAuth connects all refuse alike. A refusal names the plan, the limit
 * and both fixes: revoke or disable one, or upgrade.
 *
 * The count is read before the creation, not in one transaction with it: two
 * creations at the very same moment may both pass. What a plan bounds here is
 * clutter, not money (calls are bounded on the hot path), so that is allowed.
 */
import type { ServiceDeps } from './deps.ts';
import { ServiceError } from './errors.ts';
import { requireUser } from './users.ts';

type LimitDeps = Pick<ServiceDeps, 'store' | 'plans' | 'hints'>;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Refuses a new key when the user's plan allows no more unrevoked keys. */
export async function checkKeyLimit(deps: LimitDeps, userId: string): Promise<void> {
  const user = await requireUser(deps, userId);
  const plan = deps.plans.resolve(user.plan);
  if (plan.maxKeys === null) return;
  const active = (await deps.store.listApiKeys(userId)).filter((key) => key.revokedAt === null).length;
  if (active < plan.maxKeys) return;
  throw new ServiceError('plan_limit', `The ${plan.name} plan allows ${plural(plan.maxKeys, 'API key', 'API keys')} and ${user.email} has ${active}, so no key was created. ${deps.hints.revokeKey(undefined, 'Revoke one you no longer use')} Or: ${deps.hints.upgrade(undefined, user.email)}`);
}

/**
 * Refuses enabling `slug` when the user's plan allows no more enabled
 * integrations. An integration already enabled is not a new one: reconnecting
 * it, or changing its credential, always goes through.
 */
export async function checkIntegrationLimit(deps: LimitDeps, userId: string, slug: string): Promise<void> {
  const user = await requireUser(deps, userId);
  const plan = deps.plans.resolve(user.plan);
  if (plan.maxIntegrations === null) return;
  const enabled = (await deps.store.listConnections(userId)).filter((c) => c.enabled);
  if (enabled.some((c) => c.slug === slug) || enabled.length < plan.maxIntegrations) return;
  throw new ServiceError(
    'plan_limit',
    `The ${plan.name} plan allows ${plural(plan.maxIntegrations, 'enabled integration', 'enabled integrations')} and ${user.email} has ${enabled.length} (${enabled.map((c) => c.slug).join(', ')}), so ${slug} was not enabled. ` +
      `${deps.hints.disable(undefined, user.email)} Or: ${deps.hints.upgrade(undefined, user.email)}`,
  );
}
