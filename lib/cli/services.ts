/** How CLI commands call the use cases in lib/services: the deps a command's context gives, and service refusals as CLI errors. */
import type { ServiceDeps } from '../services/deps.ts';
import { openObjectStore } from '../usage/archive/open.ts';
import { ServiceError } from '../services/errors.ts';
import { CommandError, UsageError } from './args.ts';
import type { CliContext } from './context.ts';

/** The operator at the hub's machine: audited as `cli`, reaching upstreams as the hub does, within one tool call's timeout. */
export function serviceDeps(ctx: CliContext): ServiceDeps {
  const { store, sealer, registry, hints, config } = ctx;
  return { store, sealer, registry, hints, actor: 'cli', upstream: { apiUrls: config.apiUrls, maxBytes: config.limits.maxUpstreamBytes, timeoutMs: config.toolTimeoutMs }, oauth: { ...config.oauth, publicUrl: () => config.publicUrl ?? `http://${config.host}:${config.port}` }, plans: config.plans, objects: openObjectStore(config.store, config.dataDir) };
}

/**
 * Runs a command's body with a service refusal turned into the CLI's own: bad
 * input is a wrong invocation (exit 2, with the usage), anything else a
 * refusal the user can act on (exit 1).
 */
export async function withServiceErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    throw error.code === 'invalid' ? new UsageError(error.message) : new CommandError(error.message);
  }
}
