/**
 * A user's integrations: the catalog with what is enabled, enabling one with
 * its credential (checked against the service first, unless told not to) and
 * disabling it. Running hubs see a change within a second (store change feed)
 * and open sessions get `notifications/tools/list_changed`.
 */
import { credentialContext } from '../crypto/seal.ts';
import { revokeTokens } from '../oauth/client.ts';
import { credentialKind, decodeCredential } from '../oauth/credential.ts';
import type { AnyIntegration, ConnectedAccount } from '../mcp/define.ts';
import { applySettings, describeSettings, type SettingView } from '../mcp/settings.ts';
import { ATTENTION_KINDS, MAX_ACCOUNT_CHARS, type Connection, type ConnectionAttention, type ConnectionSettings } from '../store/port.ts';
import type { ServiceDeps } from './deps.ts';
import { ServiceError, fromStoreError } from './errors.ts';
import { requireUser } from './users.ts';
import { checkIntegrationLimit } from './plan-limits.ts';
import { verifyCredential } from './verify.ts';

/** One catalog entry, as a person choosing integrations sees it. */
export interface IntegrationView {
  slug: string;
  name: string;
  category: string;
  description: string;
  auth: { kind: AnyIntegration['auth']['kind']; label: string; help: string; scopes: string[] };
  tools: number;
  /** What the integration lets a person change, with the values in force for the user's connection (the defaults when not connected or for the catalog alone). */
  settings: SettingView[];
  /** Whether the user asked about has it enabled; null for the catalog alone. */
  enabled: boolean | null;
  /** What the Integrations page shows; null for the catalog alone. */
  status: IntegrationStatus | null;
  /** Whom the enabled credential belongs to, as checked when it was enabled; null when unchecked or not enabled. */
  account: string | null;
  /** Why the enabled connection needs someone (its person, or the operator); null otherwise. */
  attention: ConnectionAttention | null;
  /** Whether "Connect with <provider>" is offered; `missing`: what the operator sets to turn it on. */
  oauth: { available: boolean; missing?: string };
  /** How the enabled connection was made: a pasted token or OAuth; null when not connected (or for the catalog alone). */
  via: 'token' | 'oauth' | null;
}

type ViewDeps = Pick<ServiceDeps, 'oauth' | 'sealer'>;

/**
 * `needs_reconnect`: enabled, but its credential stopped working (the service
 * refused it, or its OAuth refresh token is dead) — its person connects it
 * again; `misconfigured`: the hub's OAuth app settings were refused — the
 * operator fixes them. Its tools stay listed either way; connecting again
 * clears it.
 */
export const INTEGRATION_STATUSES = ['not_connected', 'connected', ...ATTENTION_KINDS] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

/** The one place a connection's status is decided. */
export function statusOf(connection: Connection | undefined): IntegrationStatus {
  if (!connection?.enabled) return 'not_connected';
  return connection.attention ? connection.attention.kind : 'connected';
}

/** A connection without its sealed credential: what may leave the hub. */
export interface ConnectionView {
  slug: string;
  settings: SettingView[];
  createdAt: number;
  updatedAt: number;
}

export interface EnabledIntegration {
  integration: IntegrationView;
  connection: ConnectionView;
  /** Whom the credential belongs to; null when the check was skipped. */
  account: ConnectedAccount | null;
}

const MAX_CREDENTIAL_CHARS = 8_192;

export function integrationOf(deps: Pick<ServiceDeps, 'registry'>, slug: string): AnyIntegration {
  const integration = deps.registry.integration(slug);
  if (!integration) throw new ServiceError('not_found', `Unknown integration "${slug}". Available: ${deps.registry.integrations.map((i) => i.slug).join(', ')}.`);
  return integration;
}

/** The user's enabled connection to `slug`, or null. */
export async function enabledConnection(deps: Pick<ServiceDeps, 'store'>, userId: string, slug: string): Promise<Connection | null> {
  return (await deps.store.listConnections(userId)).find((c) => c.slug === slug && c.enabled) ?? null;
}

/** How `connection` was made, read from its sealed record (null when not enabled). */
function viaOf(deps: ViewDeps, connection: Connection | undefined | null): IntegrationView['via'] {
  if (!connection?.enabled) return null;
  try {
    return credentialKind(deps.sealer.open(connection.sealedCredential, credentialContext(connection.userId, connection.slug)));
  } catch {
    // A record this key cannot open is no OAuth grant the hub could use (or revoke): its calls say so.
    return 'token';
  }
}

/** `connection`: the user's enabled one, none, or null for the catalog alone. */
function viewOf(deps: ViewDeps, integration: AnyIntegration, connection: Connection | undefined | null): IntegrationView {
  const { kind, label, help, scopes } = integration.auth;
  const missing = deps.oauth.missing[integration.slug];
  return {
    slug: integration.slug,
    name: integration.name,
    category: integration.category,
    description: integration.description,
    auth: { kind, label, help, scopes },
    tools: integration.tools.length,
    settings: describeSettings(integration, connection?.settings),
    enabled: connection === null ? null : connection !== undefined,
    status: connection === null ? null : statusOf(connection),
    account: connection?.account ?? null,
    attention: connection?.attention ?? null,
    oauth: deps.oauth.apps[integration.slug] ? { available: true } : { available: false, ...(missing && { missing }) },
    via: viaOf(deps, connection),
  };
}

export function connectionView(integration: AnyIntegration, connection: Connection): ConnectionView {
  return { slug: connection.slug, settings: describeSettings(integration, connection.settings), createdAt: connection.createdAt, updatedAt: connection.updatedAt };
}

/** Every integration the hub serves, with `enabled` for `userId` (null: the catalog alone, for the operator). */
export async function listIntegrations(deps: Pick<ServiceDeps, 'store' | 'registry' | 'oauth' | 'sealer'>, input: { userId: string | null }): Promise<IntegrationView[]> {
  if (input.userId === null) return deps.registry.integrations.map((i) => viewOf(deps, i, null));
  await requireUser(deps, input.userId);
  const enabled = new Map((await deps.store.listConnections(input.userId)).filter((c) => c.enabled).map((c) => [c.slug, c]));
  return deps.registry.integrations.map((i) => viewOf(deps, i, enabled.get(i.slug)));
}

/** `name=value` assignments over stored settings, or `invalid` naming the fix. */
export function applyAssignments(integration: AnyIntegration, stored: ConnectionSettings, assignments: readonly string[]): ConnectionSettings {
  const applied = applySettings(integration, stored, assignments);
  if (!applied.ok) throw new ServiceError('invalid', applied.message);
  return applied.settings;
}

/**
 * The settings enabling would store: `assignments` over what an enabled
 * connection has (so re-enabling with one `--set` keeps the others), or
 * undefined to keep them. Exposed so a surface can refuse a typo before it
 * asks for the credential.
 */
export async function settingsForEnable(deps: Pick<ServiceDeps, 'store' | 'registry'>, input: { userId: string; slug: string; assignments?: readonly string[] }): Promise<ConnectionSettings | undefined> {
  const integration = integrationOf(deps, input.slug);
  if (!input.assignments?.length) return undefined;
  return applyAssignments(integration, (await enabledConnection(deps, input.userId, integration.slug))?.settings ?? {}, input.assignments);
}

/** The credential as it will be stored, or `invalid`: never echoes it (a near miss is mostly the secret). */
function checkCredential(integration: AnyIntegration, raw: string): string {
  const credential = raw.trim();
  if (!credential) throw new ServiceError('invalid', 'The token is empty.');
  if (credential.length > MAX_CREDENTIAL_CHARS) throw new ServiceError('invalid', `The token is longer than ${MAX_CREDENTIAL_CHARS} characters; is that the right value?`);
  if (/\s/.test(credential)) throw new ServiceError('invalid', 'The token contains whitespace; paste only the token itself.');
  const problem = integration.auth.check?.(credential);
  if (problem) throw new ServiceError('invalid', problem);
  return credential;
}

/**
 * Enables `slug` for the user with `credential`, sealed to that user and
 * integration, within their plan's `maxIntegrations` (`plan_limit` past it). Unless `verify` is false, the credential is checked against
 * the service first and nothing is stored when the check fails:
 * `credential_rejected` (with the service's reason and where to get a right
 * one) or `upstream_unreachable` (with how to store it unchecked).
 */
export async function enableIntegration(
  deps: Pick<ServiceDeps, 'store' | 'sealer' | 'registry' | 'hints' | 'actor' | 'upstream' | 'oauth' | 'plans'>,
  input: { userId: string; slug: string; credential: string; assignments?: readonly string[]; verify: boolean },
): Promise<EnabledIntegration> {
  const integration = integrationOf(deps, input.slug);
  const user = await requireUser(deps, input.userId);
  // Before the credential check: a plan that allows no more integrations is refused without a call to the service.
  await checkIntegrationLimit(deps, user.id, integration.slug);
  const settings = await settingsForEnable(deps, input);
  const credential = checkCredential(integration, input.credential);
  let account: ConnectedAccount | null = null;
  if (input.verify) {
    const checkedWith = settings ?? (await enabledConnection(deps, user.id, integration.slug))?.settings ?? {};
    try {
      account = await verifyCredential(deps.upstream, integration, credential, checkedWith);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      const fix = error.code === 'credential_rejected' ? integration.auth.help : deps.hints.enableUnverified(integration.slug, user.email);
      throw new ServiceError(error.code, `${error.message} Nothing was stored. ${fix}`);
    }
  }
  try {
    const sealedCredential = deps.sealer.seal(credential, credentialContext(user.id, integration.slug));
    // The label is the service's text: cut to what the store keeps rather than refuse a credential that checked out.
    const label = account ? account.label.slice(0, MAX_ACCOUNT_CHARS) : null;
    const connection = await deps.store.upsertConnection({ userId: user.id, slug: integration.slug, sealedCredential, settings, account: label, actor: deps.actor });
    return { integration: viewOf(deps, integration, connection), connection: connectionView(integration, connection), account };
  } catch (error) {
    throw fromStoreError(error);
  }
}

/** What disconnecting did at the provider: `revoked` (or it no longer knew the grant), `failed` (the local delete happened anyway), `none` for a token connection. */
export type RevokeOutcome = { status: 'revoked' | 'none' } | { status: 'failed'; message: string };

/**
 * Disables `slug` for the user and drops its credential and settings; false
 * when it was not enabled (nothing changed). An OAuth connection is revoked
 * at the provider first; a failed revoke still deletes locally, is audited
 * as `integration.disable.revoke_failed` and comes back for the page to show.
 */
export async function disableIntegration(deps: Pick<ServiceDeps, 'store' | 'registry' | 'actor' | 'sealer' | 'oauth'>, input: { userId: string; slug: string }): Promise<{ disabled: boolean; revoke: RevokeOutcome }> {
  const integration = integrationOf(deps, input.slug);
  await requireUser(deps, input.userId);
  const connection = await enabledConnection(deps, input.userId, integration.slug);
  const revoke = connection ? await revokeAtProvider(deps, integration, connection) : { status: 'none' as const };
  const disabled = await deps.store.disableConnection({ userId: input.userId, slug: integration.slug, actor: deps.actor, revokeFailed: revoke.status === 'failed' });
  return { disabled, revoke };
}

async function revokeAtProvider(deps: Pick<ServiceDeps, 'sealer' | 'oauth'>, integration: AnyIntegration, connection: Connection): Promise<RevokeOutcome> {
  let text: string;
  try {
    text = deps.sealer.open(connection.sealedCredential, credentialContext(connection.userId, connection.slug));
  } catch {
    return { status: 'none' };
  }
  if (credentialKind(text) === 'token') return { status: 'none' };
  const app = deps.oauth.apps[integration.slug];
  const failed = (why: string): RevokeOutcome => ({ status: 'failed', message: `Disconnected in MCP Hub, but the grant is not revoked at ${integration.name}: ${why} Remove MCP Hub from your ${integration.name} account's authorized apps.` });
  if (!app) return failed(`OAuth is no longer configured on this hub (${deps.oauth.missing[integration.slug] ?? 'no app'}).`);
  let credential;
  try {
    credential = decodeCredential(text);
  } catch {
    return failed('the stored record is damaged.');
  }
  if (credential.kind !== 'oauth') return { status: 'none' };
  const result = await revokeTokens(app.provider, app.config, credential);
  return result.ok ? { status: 'revoked' } : failed(result.message);
}
