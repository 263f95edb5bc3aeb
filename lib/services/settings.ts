/** The settings of one user's enabled connection (such as PostgreSQL's `allow_writes`): read and change them. Calls use a change within a second. */
import { describeSettings, type SettingView } from '../mcp/settings.ts';
import type { ServiceDeps } from './deps.ts';
import { ServiceError } from './errors.ts';
import { applyAssignments, enabledConnection, integrationOf } from './integrations.ts';
import { requireUser } from './users.ts';

type SettingsDeps = Pick<ServiceDeps, 'store' | 'registry' | 'hints'>;

async function connectionOf(deps: SettingsDeps, input: { userId: string; slug: string }) {
  const integration = integrationOf(deps, input.slug);
  const user = await requireUser(deps, input.userId);
  const connection = await enabledConnection(deps, user.id, integration.slug);
  if (!connection) throw new ServiceError('not_found', `${integration.name} is not enabled for ${user.email}. ${deps.hints.enable(integration.slug, user.email)}`);
  return { integration, user, connection };
}

/** The settings in force, with defaults; `not_found` unless the integration is enabled for the user. */
export async function readSettings(deps: SettingsDeps, input: { userId: string; slug: string }): Promise<SettingView[]> {
  const { integration, connection } = await connectionOf(deps, input);
  return describeSettings(integration, connection.settings);
}

/** Applies `name=value` assignments (`name=default` drops a stored value) and returns the settings in force. */
export async function changeSettings(deps: SettingsDeps & Pick<ServiceDeps, 'actor'>, input: { userId: string; slug: string; assignments: readonly string[] }): Promise<SettingView[]> {
  const { integration, user, connection } = await connectionOf(deps, input);
  const settings = applyAssignments(integration, connection.settings, input.assignments);
  const updated = await deps.store.updateConnectionSettings({ userId: user.id, slug: integration.slug, settings, actor: deps.actor });
  if (!updated) throw new ServiceError('conflict', `${integration.name} was disabled for ${user.email} meanwhile; nothing changed.`);
  return describeSettings(integration, updated.settings);
}
