/**
 * Checks a credential against its service before it is stored, through the
 * integration's own client factory and `verify` (integrations/<slug>/verify.ts),
 * on the same capped upstream fetch tool calls use, and maps the outcome to
 * what a person can act on: the account it belongs to, `credential_rejected`
 * with the service's reason, or `upstream_unreachable`.
 */
import { apiUrlVariable } from '../env.ts';
import { createUpstreamFetch } from '../gateway/upstream-fetch.ts';
import type { AnyIntegration, ConnectedAccount } from '../mcp/define.ts';
import { ToolError, type ToolErrorCode } from '../mcp/errors.ts';
import type { ConnectionSettings } from '../store/port.ts';
import type { UpstreamAccess } from './deps.ts';
import { ServiceError } from './errors.ts';

/** What a failed check says about the credential: the service looked at it and said no, or it was never looked at. */
function verdictOf(code: ToolErrorCode): 'credential_rejected' | 'upstream_unreachable' {
  switch (code) {
    case 'UPSTREAM_AUTH_REJECTED':
    case 'UPSTREAM_FORBIDDEN':
    // PostgreSQL: the string names a database that does not exist; an argument the service refused is the credential's.
    case 'UPSTREAM_NOT_FOUND':
    case 'UPSTREAM_BAD_REQUEST':
    case 'INVALID_ARGUMENTS':
    case 'INTEGRATION_NOT_CONNECTED':
      return 'credential_rejected';
    case 'UPSTREAM_RATE_LIMITED':
    case 'UPSTREAM_UNAVAILABLE':
    case 'UPSTREAM_TIMEOUT':
    case 'UPSTREAM_RESPONSE_TOO_LARGE':
    case 'UPSTREAM_BAD_RESPONSE':
      return 'upstream_unreachable';
  }
}

/**
 * The account `credential` belongs to, or a ServiceError. `settings` are the
 * ones being saved (PostgreSQL's statement timeout applies to its check).
 * An integration without `verify` cannot be checked: null.
 */
export async function verifyCredential(upstream: UpstreamAccess, integration: AnyIntegration, credential: string, settings: ConnectionSettings): Promise<ConnectedAccount | null> {
  if (!integration.verify) return null;
  const capped = createUpstreamFetch(upstream.fetch ?? fetch, { maxBytes: upstream.maxBytes, upstreamName: integration.name, urlVariable: apiUrlVariable(integration.slug) });
  const signal = AbortSignal.timeout(upstream.timeoutMs);
  try {
    const client = integration.createClient(credential, {
      baseUrl: upstream.apiUrls[integration.slug],
      fetch: capped.fetch,
      timeUpstream: (work) => work(),
      readLimit: { maxBytes: upstream.maxBytes, exceeded: capped.tooLarge },
      signal,
      settings: integration.settings ? integration.settings.parse(settings) : {},
    });
    return await integration.verify(client);
  } catch (error) {
    if (signal.aborted) {
      throw new ServiceError('upstream_unreachable', `${integration.name} did not answer within ${Math.round(upstream.timeoutMs / 1000)} s, so the ${integration.auth.label} could not be checked.`);
    }
    // A refused response is the root cause of whatever the SDK threw after it.
    const failure = capped.refusal() ?? (error instanceof ToolError ? error : integration.mapError(error));
    if (!failure) throw error;
    throw new ServiceError(verdictOf(failure.code), failure.message);
  }
}
