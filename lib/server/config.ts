/**
 * Hub configuration: validated environment plus CLI flags, with defaults, in
 * one object passed down by parameter. Flags win over the environment.
 */
import { resolve } from 'node:path';
import { loadOrCreateEncryptionKey, loadOrCreateSecretFile } from '../crypto/seal.ts';
import type { HubEnv } from '../env.ts';
import type { LogLevel } from '../log.ts';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.mcphub';
export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;

export interface HubConfig {
  host: string;
  port: number;
  dataDir: string;
  /** True when the data dir came from MCPHUB_DATA_DIR or a flag, so printed commands must repeat it. */
  dataDirIsCustom: boolean;
  encryptionKey: Buffer;
  forward: { mode: 'inprocess' | 'http'; url?: string; secret: string };
  toolTimeoutMs: number;
  apiUrls: Record<string, string>;
  logLevel: LogLevel;
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
  const dataDir = resolve(dataDirSetting ?? DEFAULT_DATA_DIR);
  return {
    ...resolveListenAddress(env, flags),
    dataDir,
    dataDirIsCustom: dataDirSetting !== undefined,
    encryptionKey: loadOrCreateEncryptionKey(dataDir, env.MCPHUB_ENCRYPTION_KEY),
    forward: {
      mode: env.MCPHUB_FORWARD ?? 'inprocess',
      url: env.MCPHUB_FORWARD_URL?.replace(/\/+$/, ''),
      secret: env.MCPHUB_FORWARD_SECRET ?? loadOrCreateSecretFile(dataDir, 'forward.secret'),
    },
    toolTimeoutMs: env.MCPHUB_TOOL_TIMEOUT_MS ?? DEFAULT_TOOL_TIMEOUT_MS,
    apiUrls: env.apiUrls,
    logLevel: env.MCPHUB_LOG_LEVEL ?? 'info',
  };
}
