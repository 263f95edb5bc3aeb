/**
 * What the use cases work with, passed in by each surface (the CLI, the
 * management API, OAuth callbacks): the Store port and the pieces of the hub
 * a use case needs. Each service function takes only the part it uses
 * (`Pick<ServiceDeps, …>`), so tests build just that.
 */
import type { PlanTable } from '../billing/plans.ts';
import type { StripeAccess } from '../billing/stripe/client.ts';
import type { Sealer } from '../crypto/seal.ts';
import type { Registry } from '../mcp/registry.ts';
import type { Hints } from '../server/hints.ts';
import type { OAuthSettings } from '../server/oauth-config.ts';
import type { Store } from '../store/port.ts';
import type { ObjectStore } from '../usage/archive/object-store.ts';
import type { RemoteSessions } from '../remote/sessions.ts';

/** How verification reaches an integration's service: the same overrides and read limit as tool calls. */
export interface UpstreamAccess {
  /** Base-URL overrides by slug (`MCPHUB_<SLUG>_API_URL`). */
  apiUrls: Record<string, string>;
  /** Most bytes read from one upstream response (MCPHUB_MAX_UPSTREAM_BYTES). */
  maxBytes: number;
  /** How long a credential check may take before the service counts as unreachable. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** The operator's OAuth apps and where their callbacks live. */
export interface OAuthAccess extends OAuthSettings {
  /** The hub's public origin (MCPHUB_PUBLIC_URL, else where it listens): callbacks are `<it>/oauth/<slug>/callback`. */
  publicUrl: () => string;
}

export interface ServiceDeps {
  store: Store;
  sealer: Sealer;
  registry: Registry;
  /** How a person fixes what a use case refused, worded for the surface that shows it. */
  hints: Hints;
  /** Who acts, for the audit log: `cli`, `api`, `dashboard:<user id>`. */
  actor: string;
  upstream: UpstreamAccess;
  oauth: OAuthAccess;
  /** The plans users can be on (HubConfig.plans). */
  plans: PlanTable;
  /** Stripe billing (lib/services/billing-stripe.ts); absent or null when billing is off (no STRIPE_SECRET_KEY). */
  stripe?: StripeAccess | null;
  /** Where usage exports and call-log archives go (lib/usage/archive); absent, exports are off. */
  objects?: ObjectStore;
  /** Remote MCP servers (lib/services/remote-servers.ts): the sessions checks and refreshes run on, and whether private targets are allowed. */
  remote?: RemoteAccess;
}

export interface RemoteAccess {
  sessions: RemoteSessions;
  /** MCPHUB_REMOTE_ALLOW_PRIVATE (lib/server/config.ts). */
  allowPrivate: boolean;
}
