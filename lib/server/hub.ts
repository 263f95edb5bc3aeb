/**
 * Assembles a hub from its configuration: store, sealer, registry, executor,
 * gateway, function handler and the Elysia app. Used by `mcphub serve` and by
 * tests that want a real hub in-process.
 */
import { integrations as defaultIntegrations } from '../../integrations/index.ts';
import { createHttpExecutor } from '../gateway/forward.ts';
import { apiKeyAuthenticator } from '../gateway/auth.ts';
import { createCatalogBuilder } from '../gateway/catalog.ts';
import { createGateway } from '../gateway/handler.ts';
import { withArgumentLimits } from '../gateway/middleware/argument-limits.ts';
import { withCallLog } from '../gateway/middleware/call-log.ts';
import { withConcurrencyLimits } from '../gateway/middleware/concurrency.ts';
import { withConnectLinks } from '../gateway/middleware/connect-link.ts';
import { withCredentialAttention } from '../gateway/middleware/attention.ts';
import { withProgressiveDiscovery } from '../gateway/middleware/discovery.ts';
import { withUsage } from '../gateway/middleware/usage.ts';
import { withPlanLimits } from '../gateway/middleware/plan-limits.ts';
import { QuotaTracker } from '../billing/quota-tracker.ts';
import { RateLimiter } from '../billing/rate-limiter.ts';
import type { CallMiddleware } from '../gateway/pipeline.ts';
import { PrincipalCache } from '../gateway/principals.ts';
import { createRouter } from '../gateway/router.ts';
import type { AnyIntegration } from '../mcp/define.ts';
import { createRegistry } from '../mcp/registry.ts';
import { createSealer } from '../crypto/seal.ts';
import { createConnectLinkMinter } from '../services/connect-link-minter.ts';
import { createOAuthKeepAlive, type KeepAliveLimits, type KeepAliveSchedule, type OAuthKeepAlive } from '../oauth/keep-alive.ts';
import { createOAuthTokens } from '../oauth/refresh.ts';
import { createSignInThrottle } from '../services/sign-in-throttle.ts';
import { createLogger, type Logger } from '../log.ts';
import { limitLogs } from '../log-limiter.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/port.ts';
import { createApp, type HubApp } from './app.ts';
import type { Handler } from './edge/index.ts';
import { createFunctions } from './functions.ts';
import type { HubConfig } from './config.ts';
import { remoteHints } from './hints.ts';
import { createStripeClient, type StripeAccess, type StripeClient } from '../billing/stripe/client.ts';
import { createStripeWebhookHandler } from '../billing/stripe/webhook.ts';
import { reportOverage, type MeterReportOptions, type MeterReportResult } from '../billing/stripe/meter-report.ts';
import { applyStripeEvent } from '../services/stripe-events.ts';
import { openObjectStore } from '../usage/archive/open.ts';
import type { ObjectStore } from '../usage/archive/object-store.ts';
import { runArchiveJob, type ArchiveRunResult } from '../usage/archive-job.ts';
import { createRemoteIntegrations } from './remote-integrations.ts';

export interface Hub {
  app: HubApp;
  store: Store;
  logger: Logger;
  /** The idle OAuth connections' renewal sweep (lib/oauth/keep-alive.ts): scheduled with `keepAlive`, callable any time. */
  keepAlive: OAuthKeepAlive;
  /** Where usage exports and call-log archives go; null when this hub keeps none. */
  objects: ObjectStore | null;
  /** One run of the retention job (lib/usage/archive-job.ts): call logs past retention archived to `objects`, then deleted. */
  archiveCallLogs(): Promise<ArchiveRunResult>;
  /** Set once listening, for HTTP forwarding to this same process. */
  setListenUrl(url: string): void;
  /** Sends the last completed hour's overage to Stripe's meter (lib/billing/stripe/meter-report.ts); nothing when billing or the meter is off. Run after each fold. */
  reportOverage(options?: MeterReportOptions): Promise<MeterReportResult>;
  close(): Promise<void>;
}

/** A hub on the store its configuration names (embedded or Convex, with the usage spool). */
export async function openHub(config: HubConfig, options: { logger?: Logger; dashboard?: Handler; keepAlive?: KeepAliveSchedule } = {}): Promise<Hub> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const store = await openStore(config.store, { dataDir: config.dataDir, logger, spoolUsage: true });
  return createHub(config, { logger, dashboard: options.dashboard, store, ...(options.keepAlive && { keepAlive: options.keepAlive }) });
}

export interface CreateHubOptions {
  logger?: Logger;
  integrations?: readonly AnyIntegration[];
  store: Store;
  /** The dashboard's pages, served on the hub's origin (lib/server/dashboard). */
  dashboard?: Handler | undefined;
  /** Per-key SDK handlers the gateway keeps (tests lower it to see eviction). */
  maxKeyHandlers?: number;
  /**
   * The origin tool results' connect links (`/connect/<slug>?t=…`) point at.
   * By default MCPHUB_PUBLIC_URL, else the hub's own when it serves the
   * dashboard, which those links need (sign-in, Integrations); without
   * either, results carry no link.
   */
  publicUrl?: () => string;
  /** Runs the idle OAuth connections' renewal sweep on this schedule until close (a long-running server); off without it. */
  keepAlive?: KeepAliveSchedule;
  /** The sweep's bounds per run (tests lower them); its defaults without. */
  keepAliveLimits?: KeepAliveLimits;
  /** The Stripe client billing uses (createStripeClient from HubConfig.stripe by default). */
  stripeClient?: StripeClient;
  /** How old this replica's count of a user's monthly calls may get before it is read again (lib/billing/quota-tracker.ts); 5 s by default. */
  quotaRefreshMs?: number;
  /** Object storage for exports and archives; by default the data dir's files (embedded) or R2 through Convex; null turns exports off. */
  objects?: ObjectStore | null;
  /** Days of call log a user keeps before the retention job archives it; their plan's `logRetentionDays` by default. */
  logRetentionDays?: (userId: string) => number | Promise<number>;
  /** false leaves plan enforcement out of the call pipeline: only bench/plan-limits.bench.ts, which measures its cost against the same hub without it. */
  enforcePlans?: boolean;
  /** The fetch under remote MCP servers' requests (tests count or break them); the global fetch without. */
  remoteFetch?: typeof fetch;
}

/** Stripe for the billing use cases, or null when billing is off; checkout and the portal return to the hub's public URL. */
function stripeAccess(config: HubConfig, options: CreateHubOptions, hubUrl: () => string): StripeAccess | null {
  if (!config.stripe) return null;
  return { config: config.stripe, client: options.stripeClient ?? createStripeClient(config.stripe), publicUrl: options.publicUrl ?? hubUrl };
}

export function createHub(config: HubConfig, options: CreateHubOptions): Hub {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const { store } = options;
  const integrations = options.integrations ?? defaultIntegrations;
  const registry = createRegistry(integrations);
  let listenUrl = `http://${config.host}:${config.port}`;
  // Tool results and 401s name the dashboard's page when this hub serves one.
  const hints = remoteHints(options.dashboard ? () => listenUrl : undefined);
  const sealer = createSealer(config.encryptionKey);
  const oauthConfigs = Object.fromEntries(Object.entries(config.oauth.apps).map(([slug, app]) => [slug, app!.config]));
  const oauth = createOAuthTokens({ store, sealer, configs: oauthConfigs, logger });
  const keepAlive = createOAuthKeepAlive({ store, sealer, tokens: oauth, logger, slugs: Object.keys(oauthConfigs), ...options.keepAliveLimits });
  if (options.keepAlive) keepAlive.start(options.keepAlive);
  const { inProcess, functions } = createFunctions(config, registry, logger, store, hints, oauth);
  const executor =
    config.forward.mode === 'http'
      ? createHttpExecutor({ forwardUrl: () => config.forward.url ?? listenUrl, secret: config.forward.secret, timeoutMs: config.toolTimeoutMs, logger })
      : inProcess;
  const hubUrl = () => config.publicUrl ?? listenUrl;
  // A user's plan decides how long their call log stays in the store before it is archived.
  const planRetentionDays = async (userId: string) => config.plans.resolve((await store.getUser(userId))?.plan ?? config.plans.defaultPlan.id).logRetentionDays;
  const objects = options.objects === undefined ? openObjectStore(config.store, config.dataDir) : options.objects;
  const remote = createRemoteIntegrations({ config, store, sealer, hints, logger, publicUrl: hubUrl, ...(options.remoteFetch && { fetch: options.remoteFetch }) });
  const services = { ...(objects && { objects }), store, sealer: createSealer(config.encryptionKey), registry, hints, upstream: { apiUrls: config.apiUrls, maxBytes: config.limits.maxUpstreamBytes, timeoutMs: config.toolTimeoutMs }, oauth: { ...config.oauth, publicUrl: hubUrl }, plans: config.plans, stripe: stripeAccess(config, options, hubUrl), remote: remote.access };
  const publicUrl = options.publicUrl ?? (options.dashboard || config.publicUrl ? hubUrl : undefined);
  const links = createConnectLinkMinter(services, { publicUrl: publicUrl ?? (() => listenUrl) });
  const principals = new PrincipalCache({ store, buildCatalog: createCatalogBuilder(registry, executor, remote.entries) });
  const quotaLog = limitLogs(logger);
  const quota = new QuotaTracker({
    count: (input) => store.countBillableCalls(input),
    ...(options.quotaRefreshMs !== undefined && { refreshMs: options.quotaRefreshMs }),
    // Once per window however many users' reads fail: an outage would otherwise log a line per user every retry.
    onError: (error) => quotaLog.warn('quota-read', 'could not read a user\'s calls this month; their quota is checked on the last count until it can be read', { reason: (error as Error).message }),
  });
  // The QUOTA_EXCEEDED and rate-limit texts link the Billing page when the hub has a public page to link.
  const upgradeHint = () => hints.upgrade(publicUrl ? `${publicUrl()}/billing` : undefined);
  // Every tools/call passes these, outermost first: usage metering sees every call, even one refused further in.
  // Progressive discovery outermost of all: it turns a meta call into its inner tool's call before anything else sees it.
  // Then connect links: added after usage and the call log recorded the result (connect-link.ts).
  const middleware: CallMiddleware[] = [
    withProgressiveDiscovery(),
    ...(publicUrl ? [withConnectLinks({ registry, links, hints, logger })] : []),
    withUsage(store, logger),
    withCallLog(logger),
    ...(options.enforcePlans === false ? [] : [withPlanLimits({ plans: config.plans, limiter: new RateLimiter(), quota, upgradeHint })]),
    withCredentialAttention(store, logger),
    withArgumentLimits(),
    withConcurrencyLimits(config.limits, logger),
  ];
  const gateway = createGateway({
    principals,
    authenticate: apiKeyAuthenticator({ principals, store, logger, keysHint: () => hints.createKey() }),
    middleware,
    router: createRouter({ registry, enableHint: hints.enable }),
    logger,
    extras: remote.extras,
    ...(options.maxKeyHandlers !== undefined && { maxKeyHandlers: options.maxKeyHandlers }),
  });
  const api = { services, logger, throttle: createSignInThrottle(), ...(config.clerk && { clerk: config.clerk }) };
  const connectLinks = { registry, links };
  const stripeWebhook = createStripeWebhookHandler({ stripe: services.stripe, logger, apply: (event) => applyStripeEvent({ ...services, logger }, event) });
  const app = createApp({ gateway, functions, logger, storeKind: config.store.kind, edge: config, dataDir: config.dataDir, dashboard: options.dashboard, api, connectLinks, stripeWebhook });
  return {
    app,
    store,
    logger,
    keepAlive,
    reportOverage: (reportOptions) => reportOverage({ store, plans: config.plans, stripe: services.stripe, logger }, reportOptions),
    objects,
    archiveCallLogs: async () => (objects ? runArchiveJob({ store, objects, logger, retentionDays: options.logRetentionDays ?? planRetentionDays }) : { archives: 0, calls: 0, deleted: 0, failed: 0 }),
    setListenUrl: (url) => {
      listenUrl = url;
    },
    async close() {
      await keepAlive.stop();
      await gateway.close();
      principals.close();
      await remote.close();
      await Promise.all(integrations.map((integration) => integration.close?.()));
      await store.close();
    },
  };
}
