/**
 * `mcphub serve`: listen with Bun, print where things are and what to do
 * next, fold meters, purge expired call arguments and archive call logs
 * past retention on a schedule, and shut down cleanly on SIGINT/SIGTERM.
 */
import { dashboardProcessEnv } from '../env.ts';
import type { Logger } from '../log.ts';
import { createLogger, errorFields } from '../log.ts';
import { fetchPoolWarning } from '../gateway/middleware/concurrency.ts';
import type { HubConfig } from './config.ts';
import { createDashboard } from './dashboard/index.ts';
import { listen } from './edge/listen.ts';
import { billingHint, cliPrefix, createHints } from './hints.ts';
import { openHub } from './hub.ts';
import { localHubUrl } from '../clients/snippets.ts';
import { ensureSetupLink, type AccountLink } from '../services/accounts.ts';
import type { Store } from '../store/port.ts';

const METER_FOLD_INTERVAL_MS = 60_000;
/** Call logs past retention are archived hourly: whole UTC days only, so more often would find nothing new. */
const ARCHIVE_INTERVAL_MS = 3_600_000;
const SHUTDOWN_GRACE_MS = 5_000;

export interface RunningHub {
  url: string;
  stop(): Promise<void>;
}

export async function serve(config: HubConfig, print: (text: string) => void = (text) => process.stdout.write(text + '\n')): Promise<RunningHub> {
  const logger = createLogger({ level: config.logLevel });
  const dashboard = config.dashboard ? createDashboard({ logger, print, env: dashboardProcessEnv() }) : undefined;
  const keepAlive = config.oauthKeepAliveMs === null ? undefined : { intervalMs: config.oauthKeepAliveMs };
  const hub = await openHub(config, { logger, dashboard: dashboard?.handle, ...(keepAlive && { keepAlive }) });
  const { app, store } = hub;
  let server: ReturnType<typeof listen>;
  try {
    server = listen(app.handle, { hostname: config.host, port: config.port });
  } catch (error) {
    await hub.close();
    const inUse = (error as { code?: string }).code === 'EADDRINUSE';
    throw new Error(inUse ? `Port ${config.port} on ${config.host} is already in use. Stop the other process or pick another port with --port or PORT.` : `Could not listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  }
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${server.port}`;
  hub.setListenUrl(url);

  // Convex folds, purges and reports overage to Stripe on its own crons (convex/crons.ts); the embedded store does all three
  // here, the overage from the meters each fold just folded.
  const embedded = config.store.kind === 'embedded';
  const fold = embedded ? setInterval(() => void foldMeters(store, logger).then(() => purgeArguments(store, logger)).then(() => reportOverage(hub, logger)), METER_FOLD_INTERVAL_MS) : undefined;
  fold?.unref();
  // Convex archives from its own cron (convex/retention.ts), also for hubs on Vercel; the embedded store here.
  const archive = hub.objects && config.store.kind === 'embedded' ? setInterval(() => void archiveCallLogs(hub, logger), ARCHIVE_INTERVAL_MS) : undefined;
  archive?.unref();

  // Unknown (null) when the store cannot be read yet: the hub still starts and serves what it can.
  const users = await store.listUsers().then((list) => list.length, (error) => {
    logger.warn('could not count users at start', errorFields(error));
    return null;
  });
  print(await banner(config, url, users, await setupLink(config, store, server.port ?? config.port, logger)));
  logger.info('hub listening', { url, mcp: `${url}/mcp`, store: config.store.kind, dataDir: config.dataDir, forward: config.forward.mode });
  const billingWarning = stripeWarning(config);
  if (billingWarning) logger.warn(billingWarning);
  const poolWarning = fetchPoolWarning(config.limits);
  if (poolWarning) logger.warn(poolWarning);
  // After listening, so /mcp is served while the dashboard builds (first start) and starts.
  void dashboard?.start();

  let stopping: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopping ??= (async () => {
        clearInterval(fold);
        clearInterval(archive);
        await server.stop(true);
        await dashboard?.stop();
        if (embedded) await foldMeters(store, logger);
        await hub.close();
        logger.info('hub stopped');
      })();
      return stopping;
    },
  };
}

/** What an operator must fix for Stripe billing to work end to end, or null (billing off, or complete). */
function stripeWarning(config: HubConfig): string | null {
  const stripe = config.stripe;
  if (!stripe) return null;
  if (!stripe.webhookSecret) return `Stripe billing is on but STRIPE_WEBHOOK_SECRET is not set: every webhook to /webhooks/stripe is refused, so payments never change a plan. ${billingHint.webhookSecret}`;
  if (Object.keys(stripe.prices).length === 0) return `Stripe billing is on but no plan has a price, so nothing can be bought. ${billingHint.price('<plan>')}`;
  return null;
}

/** The overage meter events of the last completed hour (lib/billing/stripe/meter-report.ts); its failures are retried by the next run. */
async function reportOverage(hub: { reportOverage(): Promise<unknown> }, logger: Logger): Promise<void> {
  try {
    await hub.reportOverage();
  } catch (error) {
    logger.error('overage report failed; it will catch up on the next run', errorFields(error));
  }
}

/** Stored call arguments past their users' retention are dropped (lib/store/port.ts `purgeArguments`). */
async function purgeArguments(store: { purgeArguments(now: number): Promise<{ events: number }> }, logger: Logger): Promise<void> {
  try {
    const { events } = await store.purgeArguments(Date.now());
    if (events > 0) logger.debug('stored call arguments past retention dropped', { events });
  } catch (error) {
    logger.error('call-argument purge failed; it will catch up on the next run', errorFields(error));
  }
}

/** Archives call logs past retention to object storage, then deletes them (Hub.archiveCallLogs). */
async function archiveCallLogs(hub: { archiveCallLogs(): Promise<{ archives: number; calls: number; failed: number }> }, logger: Logger): Promise<void> {
  try {
    const { archives, calls, failed } = await hub.archiveCallLogs();
    if (archives > 0 || failed > 0) logger.info('call logs past retention archived', { archives, calls, failed });
  } catch (error) {
    logger.error('call-log archiving failed; it will catch up on the next run', errorFields(error));
  }
}

async function foldMeters(store: { foldMeters(): Promise<{ events: number }> }, logger: Logger): Promise<void> {
  try {
    const { events } = await store.foldMeters();
    if (events > 0) logger.debug('meters folded', { events });
  } catch (error) {
    logger.error('meter fold failed; it will catch up on the next run', errorFields(error));
  }
}

/**
 * The one-time link that creates the first admin, while no admin can sign in
 * (lib/services/accounts.ts); null otherwise, or when the store cannot be
 * read yet. Printed on the terminal only, never logged: it is a credential.
 * None with Clerk keys: the first Clerk sign-in makes the admin, and POST
 * /api/v1/setup refuses on the same rule (lib/api/session.ts).
 */
async function setupLink(config: HubConfig, store: Store, port: number, logger: Logger): Promise<AccountLink | null> {
  const deps = { store, actor: 'hub', hints: createHints({ cli: cliPrefix(config), remote: false }), clerk: config.clerk !== undefined };
  return ensureSetupLink(deps, new URL('/', localHubUrl({ host: config.host, port })).href).catch((error: unknown) => {
    logger.warn('could not make the setup link at start', errorFields(error));
    return null;
  });
}

async function banner(config: HubConfig, url: string, users: number | null, setup: AccountLink | null): Promise<string> {
  const cli = cliPrefix(config);
  const lines = [
    `MCP Hub is running.`,
    `  Dashboard:     ${url}/`,
    `  MCP endpoint:  ${url}/mcp`,
    `  Health:        ${url}/healthz`,
    config.store.kind === 'embedded'
      ? `  Data:          ${config.dataDir} (embedded SQLite)`
      : `  Store:         Convex at ${config.store.url} (usage spool: ${config.store.spoolDir})`,
    config.stripe ? `  Billing:       Stripe; webhooks at ${config.publicUrl ?? url}/webhooks/stripe` : '  Billing:       off (plans are set by an admin; README, "Stripe")',
  ];
  if (setup) {
    lines.push('', 'Create the first account (an admin) in your browser; this link works once, for an hour:', `  ${setup.url}`);
  }
  if (users === 0) {
    lines.push(
      '',
      'No users yet. In another terminal:',
      `  ${cli} users create --email you@example.com`,
      `  ${cli} keys create --user you@example.com --name laptop`,
      `  ${cli} integrations enable github --user you@example.com --token-stdin   # paste a GitHub token, then Ctrl-D`,
      '',
      `Then point an MCP client at ${url}/mcp with the header "Authorization: Bearer <the key>",`,
      `or print the entry for Claude Desktop, Cursor or VS Code: ${cli} config claude --key <the key>`,
    );
  }
  return lines.join('\n');
}

/**
 * A signal this soon after the first is the same one delivered twice: a signal
 * to the process group (Ctrl-C, `kill -- -PGID`, systemd) reaches Bun directly
 * and again through the `bin/mcphub.js` launcher, which forwards it.
 */
const SAME_SIGNAL_MS = 1_000;

/** Runs `serve` until SIGINT or SIGTERM, then stops cleanly; a second signal (not the same one forwarded), or a stuck stop, exits at once. */
export async function serveUntilSignal(config: HubConfig): Promise<void> {
  const running = await serve(config);
  await new Promise<void>((resolve) => {
    let firstAt: number | null = null;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstAt !== null) {
        if (Date.now() - firstAt < SAME_SIGNAL_MS) return;
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      firstAt = Date.now();
      setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
      running.stop().then(resolve, resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
