/**
 * Hub configuration: validated environment plus CLI flags, with defaults, in
 * one object passed down by parameter. Flags win over the environment.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findDataDir } from './data-dir.ts';
import { loadOrCreateEncryptionKey, loadOrCreateSecretFile } from '../crypto/seal.ts';
import { EnvError, type HubEnv } from '../env.ts';
import { PlanConfigError, resolvePlans } from '../billing/plan-config.ts';
import type { PlanTable } from '../billing/plans.ts';
import type { LogLevel } from '../log.ts';
import type { OAuthClientConfig } from '../oauth/config.ts';
import { resolveLimits, type HubLimits } from './limits.ts';
import { resolveOAuth, type OAuthSettings } from './oauth-config.ts';
import { resolveStripeConfig, type StripeBillingConfig } from '../billing/stripe/config.ts';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;
/** The data dir on a serverless host, whose temp dir is the only writable place. */
export const SERVERLESS_DATA_DIR = join(tmpdir(), 'mcphub');

/**
 * Where the hub keeps its state. `embedded`: SQLite in the data dir. `convex`:
 * a Convex deployment shared by any number of replicas; the data dir then only
 * holds this replica's usage spool.
 */
export type StoreConfig =
  | { kind: 'embedded' }
  | {
      kind: 'convex';
      url: string;
      /** Sent with every call; the deployment refuses calls without it. */
      secret: string;
      /** How store changes reach this replica: a live WebSocket subscription, or polling where WebSockets are blocked. */
      changes: 'subscribe' | 'poll';
      /** Undelivered usage events, on local disk (lib/usage/spool.ts). */
      spoolDir: string;
    };

/** Where the hub on `dataDir` spools usage (lib/usage/spool.ts), whichever its store. */
export const usageSpoolDir = (dataDir: string) => join(dataDir, 'usage-spool');

export interface HubConfig {
  host: string;
  port: number;
  dataDir: string;
  /** True when the data dir came from MCPHUB_DATA_DIR or a flag, so printed commands must repeat it. */
  dataDirIsCustom: boolean;
  /** True when this call made the data dir, so the person is told which one is now in use. */
  dataDirCreated: boolean;
  encryptionKey: Buffer;
  forward: { mode: 'inprocess' | 'http'; url?: string; secret: string };
  toolTimeoutMs: number;
  /** How often `serve` sweeps idle OAuth connections for renewal (lib/oauth/keep-alive.ts); null when off. */
  oauthKeepAliveMs: number | null;
  /** What one client, user or upstream may cost (lib/server/limits.ts). */
  limits: HubLimits;
  store: StoreConfig;
  apiUrls: Record<string, string>;
  logLevel: LogLevel;
  /** Whether `mcphub serve` also serves the dashboard pages on its origin (lib/server/dashboard). */
  dashboard: boolean;
  /** Clerk session tokens accepted by /api/v1 (lib/api/clerk.ts); absent without Clerk keys. */
  clerk?: ClerkKeys;
  /** MCPHUB_PUBLIC_URL without a trailing slash: where OAuth callbacks live; absent means the address the hub listens on. */
  publicUrl?: string;
  /** The operator's OAuth apps (lib/server/oauth-config.ts). */
  oauth: OAuthSettings;
  /** Stripe billing (lib/billing/stripe/config.ts); null when off (no STRIPE_SECRET_KEY): plans are then set only by an admin. */
  stripe: StripeBillingConfig | null;
  /** The plans users can be on (lib/billing/plans.ts): the built-in ones, overridden or extended by MCPHUB_PLANS. */
  plans: PlanTable;
  /** Remote MCP servers (lib/remote): whether their URLs may name loopback, private or link-local addresses (MCPHUB_REMOTE_ALLOW_PRIVATE). */
  remote: { allowPrivate: boolean };
}

/** How the hub checks a Clerk session token: networkless with the JWT key, else with the secret key (which fetches Clerk's keys). */
export interface ClerkKeys {
  jwtKey?: string;
  secretKey?: string;
}

export interface ConfigFlags {
  host?: string;
  port?: number;
  dataDir?: string;
}

/**
 * Where the hub listens. Apart from `resolveConfig` so commands that only need
 * the address (`mcphub config`) do not create the data dir and its secrets.
 */
export function resolveListenAddress(env: HubEnv, flags: Pick<ConfigFlags, 'host' | 'port'> = {}): Pick<HubConfig, 'host' | 'port'> {
  return { host: flags.host ?? env.HOST ?? DEFAULT_HOST, port: flags.port ?? env.PORT ?? DEFAULT_PORT };
}

export function resolveConfig(env: HubEnv, flags: ConfigFlags = {}): HubConfig {
  const dataDirSetting = flags.dataDir ?? env.MCPHUB_DATA_DIR;
  const dataDir = dataDirSetting === undefined ? findDataDir(process.cwd(), process.getuid?.()) : resolve(dataDirSetting);
  const store = resolveStore(env, dataDir);
  const dataDirCreated = makePrivate(dataDir);
  return {
    ...resolveListenAddress(env, flags),
    dataDir,
    dataDirIsCustom: dataDirSetting !== undefined,
    dataDirCreated,
    encryptionKey: loadOrCreateEncryptionKey(dataDir, env.MCPHUB_ENCRYPTION_KEY),
    forward: {
      mode: env.MCPHUB_FORWARD ?? 'inprocess',
      url: env.MCPHUB_FORWARD_URL?.replace(/\/+$/, ''),
      secret: env.MCPHUB_FORWARD_SECRET ?? loadOrCreateSecretFile(dataDir, 'forward.secret'),
    },
    toolTimeoutMs: env.MCPHUB_TOOL_TIMEOUT_MS ?? DEFAULT_TOOL_TIMEOUT_MS,
    oauthKeepAliveMs: env.MCPHUB_IDLE_RENEWAL_MINUTES === 0 ? null : (env.MCPHUB_IDLE_RENEWAL_MINUTES ?? 60) * 60_000,
    limits: resolveLimits(env),
    store,
    apiUrls: env.apiUrls,
    logLevel: env.MCPHUB_LOG_LEVEL ?? 'info',
    dashboard: env.MCPHUB_DASHBOARD !== 'off',
    oauth: resolveOAuth(env),
    stripe: resolveStripeConfig(env),
    plans: readPlans(env.MCPHUB_PLANS),
    remote: { allowPrivate: remoteAllowPrivate(env, store.kind, resolveListenAddress(env, flags).host) },
    ...(env.MCPHUB_PUBLIC_URL && { publicUrl: env.MCPHUB_PUBLIC_URL.replace(/\/+$/, '') }),
    ...((env.CLERK_JWT_KEY || env.CLERK_SECRET_KEY) && { clerk: { jwtKey: env.CLERK_JWT_KEY?.replaceAll('\\n', '\n'), secretKey: env.CLERK_SECRET_KEY } }),
  };
}

/** The plan table, with a bad MCPHUB_PLANS reported as the environment error it is. */
function readPlans(setting: string | undefined): PlanTable {
  try {
    return resolvePlans(setting);
  } catch (error) {
    if (error instanceof PlanConfigError) throw new EnvError(error.message);
    throw error;
  }
}

/**
 * Whether remote MCP servers may be on private addresses: as the operator
 * says, else only for the one-machine default — the embedded store, listening
 * on loopback, with no public URL — where the person adding a server is the
 * machine's own user and a server on localhost is the common case. A hosted
 * hub (Convex, a public URL, or any other bind address) refuses them, so its
 * users cannot reach the operator's internal network or cloud metadata.
 */
function remoteAllowPrivate(env: HubEnv, storeKind: StoreConfig['kind'], host: string): boolean {
  if (env.MCPHUB_REMOTE_ALLOW_PRIVATE) return env.MCPHUB_REMOTE_ALLOW_PRIVATE === 'on';
  const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.');
  return storeKind === 'embedded' && loopback && !env.MCPHUB_PUBLIC_URL;
}

/**
 * Creates the data dir, or tightens one that exists, to mode 0700: it holds
 * the encryption key, the forward secret, the database and the usage spool,
 * and a directory made earlier (by hand, or by an older hub) may be readable
 * by every local user. Here, where the data dir is decided, so every entry
 * point (serve, the CLI, Vercel) passes through it whatever store it uses.
 * Returns whether it had to create it.
 */
function makePrivate(dataDir: string): boolean {
  try {
    const created = mkdirSync(dataDir, { recursive: true, mode: 0o700 }) !== undefined;
    // A shared directory such as /tmp (sticky bit) is not the hub's to lock: chmod would break it for every other user.
    if ((statSync(dataDir).mode & 0o1000) !== 0) {
      throw new EnvError(`${dataDir} is a shared directory (sticky bit, like /tmp), so MCP Hub will not make it private for its keys and credentials. Set MCPHUB_DATA_DIR or --data-dir to a directory of its own, e.g. ${join(dataDir, 'mcphub')}.`);
    }
    chmodSync(dataDir, 0o700);
    return created;
  } catch (error) {
    if (error instanceof EnvError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new EnvError(`MCP Hub keeps its keys and credentials in ${dataDir} and must make it private (mode 0700), but cannot (${reason}). Use a directory this user owns: set MCPHUB_DATA_DIR or --data-dir.`);
  }
}

/**
 * The store settings, checked together: replicas over Convex must share the
 * encryption key (or none could open another's credentials) and, when they
 * forward over HTTP, the signing secret — so both must come from the
 * environment rather than be generated per data dir.
 */
function resolveStore(env: HubEnv, dataDir: string): StoreConfig {
  const convexVars = (['MCPHUB_CONVEX_URL', 'MCPHUB_CONVEX_SECRET', 'MCPHUB_CONVEX_CHANGES'] as const).filter((name) => env[name] !== undefined);
  if (env.MCPHUB_STORE !== 'convex') {
    if (convexVars.length > 0) throw new EnvError(`${convexVars.join(', ')} ${convexVars.length > 1 ? 'are' : 'is'} set but MCPHUB_STORE is not "convex", so the hub would ignore the deployment and keep its data in ${dataDir}. Set MCPHUB_STORE=convex, or unset them.`);
    return { kind: 'embedded' };
  }
  const missing = [
    env.MCPHUB_CONVEX_URL === undefined && '  MCPHUB_CONVEX_URL: the deployment URL, e.g. https://happy-otter-123.convex.cloud (printed by `npx convex deploy`)',
    env.MCPHUB_CONVEX_SECRET === undefined && '  MCPHUB_CONVEX_SECRET: the value set on the deployment with `npx convex env set MCPHUB_CONVEX_SECRET …`',
    env.MCPHUB_ENCRYPTION_KEY === undefined && '  MCPHUB_ENCRYPTION_KEY: 32 random bytes in base64 (`openssl rand -base64 32`), the same on every replica',
    env.MCPHUB_FORWARD === 'http' && env.MCPHUB_FORWARD_SECRET === undefined && '  MCPHUB_FORWARD_SECRET: at least 32 characters, the same on every replica and function',
  ].filter((line): line is string => typeof line === 'string');
  if (missing.length > 0) throw new EnvError(`MCPHUB_STORE=convex needs:\n${missing.join('\n')}\nSet them and start again (README, "Scaling out").`);
  return {
    kind: 'convex',
    url: env.MCPHUB_CONVEX_URL!.replace(/\/+$/, ''),
    secret: env.MCPHUB_CONVEX_SECRET!,
    changes: env.MCPHUB_CONVEX_CHANGES ?? 'subscribe',
    spoolDir: usageSpoolDir(dataDir),
  };
}
