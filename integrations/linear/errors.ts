/**
 * Linear failures → ToolError, in one place. The SDK raises a `LinearError`
 * subclass chosen from the first GraphQL error's `extensions.type` (or, with
 * no GraphQL errors, from the HTTP status): AuthenticationLinearError,
 * ForbiddenLinearError, RatelimitedLinearError (with the X-RateLimit-*
 * headers parsed), InvalidInputLinearError, … The transport in `client.ts`
 * raises NetworkLinearError without a status when Linear cannot be reached.
 * Linear reports a missing entity as an "invalid input" error whose raw
 * message is "Entity not found: <Type>", so that case is told apart here.
 */
import { LinearError, LinearErrorType, RatelimitedLinearError } from '@linear/sdk';
import { ToolError, describeReset, type ToolErrorFix } from '../../lib/mcp/errors.ts';

/** The hub words it (lib/server/hints.ts). */
const RECONNECT: ToolErrorFix = { kind: 'reconnect' };

/** The raw GraphQL errors as Linear sent them (the SDK keeps only type and the friendliest message). */
function rawErrors(error: LinearError): Array<{ message?: string; extensions?: { code?: string; type?: string } }> {
  return (error.raw?.response?.errors ?? []) as Array<{ message?: string; extensions?: { code?: string; type?: string } }>;
}

/** Linear's own explanation, which is safe to show: the user-presentable message when there is one. */
function upstreamMessage(error: LinearError): string {
  return error.errors?.[0]?.message ?? error.message;
}

function isEntityNotFound(error: LinearError): boolean {
  return rawErrors(error).some((e) => e.extensions?.code === 'ENTITY_NOT_FOUND' || /^Entity not found/i.test(e.message ?? ''));
}

/** Epoch seconds from a Linear reset header, which Linear sends in milliseconds. */
function toEpochSeconds(value: number): number {
  return value > 1e12 ? Math.ceil(value / 1000) : value;
}

function whenReset(error: RatelimitedLinearError): string {
  // The exhausted budget decides; if neither says 0, the later reset is the safe answer.
  const resets = [
    error.requestsRemaining === 0 ? error.requestsResetAt : undefined,
    error.complexityRemaining === 0 ? error.complexityResetAt : undefined,
  ].filter((v): v is number => v !== undefined);
  const candidates = resets.length ? resets : [error.requestsResetAt, error.complexityResetAt].filter((v): v is number => v !== undefined);
  if (candidates.length) return describeReset(toEpochSeconds(Math.max(...candidates)));
  if (error.retryAfter !== undefined && error.retryAfter > 0) return `in ${error.retryAfter} s`;
  return 'shortly';
}

export function mapLinearError(error: unknown): ToolError | undefined {
  if (!(error instanceof LinearError)) return undefined;
  const codes = rawErrors(error).map((e) => e.extensions?.code).filter(Boolean);
  const reason = `Linear ${error.type ?? 'error'}${error.status ? ` HTTP ${error.status}` : ''}${codes.length ? ` ${codes.join(',')}` : ''}: ${upstreamMessage(error)}`;

  switch (error.type) {
    case LinearErrorType.Ratelimited:
      return new ToolError('UPSTREAM_RATE_LIMITED', `Linear rate limit reached for this API key; it resets ${whenReset(error as RatelimitedLinearError)}. Try again then.`, reason);
    case LinearErrorType.AuthenticationError:
      // The SDK calls every 4xx without GraphQL errors an authentication error; a 404 page means the URL is not Linear's API.
      if (!error.errors?.length && error.status === 404) {
        return new ToolError('UPSTREAM_UNAVAILABLE', 'The Linear API URL answered 404: it is not a Linear GraphQL endpoint. Check MCPHUB_LINEAR_API_URL.', reason);
      }
      return new ToolError('UPSTREAM_AUTH_REJECTED', `The Linear API key was rejected (${upstreamMessage(error)}).`, reason, RECONNECT);
    case LinearErrorType.Forbidden:
    case LinearErrorType.FeatureNotAccessible:
      return new ToolError(
        'UPSTREAM_FORBIDDEN',
        `Linear refused this request (${upstreamMessage(error)}). The API key may lack the write scope or access to this team.`,
        reason,
        RECONNECT,
      );
    case LinearErrorType.UsageLimitExceeded:
      return new ToolError('UPSTREAM_FORBIDDEN', `Linear refused this request: the workspace reached a plan limit (${upstreamMessage(error)}). A workspace admin can upgrade or free up capacity.`, reason);
    case LinearErrorType.InvalidInput:
    case LinearErrorType.UserError:
    case LinearErrorType.GraphqlError:
    case LinearErrorType.Other:
      if (isEntityNotFound(error)) {
        return new ToolError('UPSTREAM_NOT_FOUND', `Linear found nothing there (${upstreamMessage(error)}). Check the identifier (such as ENG-123) or name; items in teams the key cannot see look missing too.`, reason);
      }
      return new ToolError('UPSTREAM_BAD_REQUEST', `Linear rejected the request (${upstreamMessage(error)}). Adjust the arguments and try again.`, reason);
    case LinearErrorType.NetworkError:
    case LinearErrorType.InternalError:
    case LinearErrorType.LockTimeout:
    case LinearErrorType.BootstrapError:
      return new ToolError(
        'UPSTREAM_UNAVAILABLE',
        error.status === undefined
          ? 'Could not reach Linear (network error). Try again in a moment; if it persists, check MCPHUB_LINEAR_API_URL and the network.'
          : `Linear is having trouble (HTTP ${error.status}). Try again in a moment.`,
        reason,
      );
    case LinearErrorType.Unknown:
    case undefined:
      return error.status === undefined ? undefined : new ToolError('UPSTREAM_BAD_REQUEST', `Linear answered HTTP ${error.status}: ${upstreamMessage(error)}`, reason);
  }
}
