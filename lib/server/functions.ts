/**
 * The integrations' own side of the hub: the in-process executor (where
 * credentials are opened) and the `/fn/:slug` handler that runs it for calls
 * signed by the gateway. Kept apart from hub.ts so a per-integration function
 * (lib/server/vercel-function.ts) loads its one integration and nothing else.
 */
import { createSealer } from '../crypto/seal.ts';
import { SignatureVerifier } from '../crypto/signing.ts';
import { createInProcessExecutor } from '../gateway/executor.ts';
import { createFunctionHandler } from '../gateway/forward.ts';
import type { Logger } from '../log.ts';
import type { OAuthTokens } from '../oauth/refresh.ts';
import type { Registry } from '../mcp/registry.ts';
import type { Store } from '../store/port.ts';
import type { HubConfig } from './config.ts';
import { remoteHints, type Hints } from './hints.ts';

/**
 * `nonces` is where replay claims go: the hub's store, or for a store-less function the Convex claimer. `hints` word its tool results' fixes;
 * `oauth` renews OAuth tokens (a hub with a store; a store-less function calls with the stored access token).
 */
export function createFunctions(config: HubConfig, registry: Registry, logger: Logger, nonces: Pick<Store, 'claimNonce'>, hints: Hints = remoteHints(), oauth?: OAuthTokens) {
  const inProcess = createInProcessExecutor({ sealer: createSealer(config.encryptionKey), apiUrls: config.apiUrls, timeoutMs: config.toolTimeoutMs, maxUpstreamBytes: config.limits.maxUpstreamBytes, hints, logger, ...(oauth && { oauth }) });
  const functions = createFunctionHandler({ registry, executor: inProcess, verifier: new SignatureVerifier(config.forward.secret, nonces), logger });
  return { inProcess, functions };
}
