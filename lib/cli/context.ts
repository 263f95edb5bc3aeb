/** What CLI commands work with: the same store, sealer and registry a hub on this data dir uses. */
import { integrations } from '../../integrations/index.ts';
import { createSealer, type Sealer } from '../crypto/seal.ts';
import { readEnv, type HubEnv } from '../env.ts';
import { createRegistry, type Registry } from '../mcp/registry.ts';
import { resolveConfig, type ConfigFlags, type HubConfig } from '../server/config.ts';
import { cliPrefix, createHints, type Hints } from '../server/hints.ts';
import { createLogger } from '../log.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/port.ts';

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Writes bytes to standard output as they are, no newline added, settling once they are taken (an export to `--out -`). */
  write?: (chunk: Uint8Array) => Promise<void>;
  /** Reads all of standard input (for --token-stdin). */
  readStdin: () => Promise<string>;
}

export interface CliContext {
  config: HubConfig;
  store: Store;
  sealer: Sealer;
  registry: Registry;
  /** What to do next, worded as everywhere else (lib/server/hints.ts), with this data dir's command prefix. */
  hints: Hints;
  io: CliIO;
}

/** What a command that only prints needs: the validated environment and the terminal. No store is opened and the data dir is not touched. */
export interface PrintContext {
  env: HubEnv;
  io: CliIO;
}

export async function openCliContext(io: CliIO, flags: ConfigFlags = {}, env = readEnv()): Promise<CliContext> {
  const config = resolveConfig(env, flags);
  return {
    config,
    store: await openStore(config.store, { dataDir: config.dataDir, logger: createLogger({ level: 'warn' }), spoolUsage: false }),
    sealer: createSealer(config.encryptionKey),
    registry: createRegistry(integrations),
    hints: createHints({ cli: cliPrefix(config), remote: false }),
    io,
  };
}
