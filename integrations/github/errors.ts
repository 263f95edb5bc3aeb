/**
 * GitHub failures → ToolError, in one place. Octokit throws a RequestError
 * carrying the HTTP status and response headers; fetch failures arrive as a
 * RequestError with status 500 and the network error as its cause.
 */
import { ToolError, describeReset, type ToolErrorFix } from '../../lib/mcp/errors.ts';

/** The hub words it (lib/server/hints.ts). */
const RECONNECT: ToolErrorFix = { kind: 'reconnect' };

interface OctokitLikeError {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function isOctokitError(error: unknown): error is OctokitLikeError {
  return error instanceof Error && error.name === 'HttpError' && typeof (error as { status?: unknown }).status === 'number';
}

function header(error: OctokitLikeError, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** GitHub's own explanation (`message` plus validation `errors`), which is safe and usually precise. */
function upstreamMessage(error: OctokitLikeError): string {
  const data = error.response?.data as { message?: string; errors?: Array<{ message?: string; field?: string; code?: string }> } | undefined;
  const details = (data?.errors ?? []).map((e) => e.message ?? [e.field, e.code].filter(Boolean).join(' ')).filter(Boolean);
  return [data?.message ?? error.message, ...details].join('; ');
}

export function mapGitHubError(error: unknown): ToolError | undefined {
  if (!isOctokitError(error)) return undefined;
  const reason = `GitHub HTTP ${error.status}${header(error, 'x-github-request-id') ? ` request ${header(error, 'x-github-request-id')}` : ''}: ${upstreamMessage(error)}`;
  const status = error.status;
  const remaining = header(error, 'x-ratelimit-remaining');
  const reset = Number(header(error, 'x-ratelimit-reset'));
  const retryAfter = Number(header(error, 'retry-after'));

  if (status === 429 || (status === 403 && (remaining === '0' || Number.isFinite(retryAfter) && retryAfter > 0))) {
    const when = Number.isFinite(reset) && reset > 0 ? describeReset(reset) : Number.isFinite(retryAfter) && retryAfter > 0 ? `in ${retryAfter} s` : 'shortly';
    return new ToolError('UPSTREAM_RATE_LIMITED', `GitHub rate limit reached for this token; it resets ${when}. Try again then.`, reason);
  }
  if (status === 401) return new ToolError('UPSTREAM_AUTH_REJECTED', `The GitHub token was rejected (401: ${upstreamMessage(error)}).`, reason, RECONNECT);
  if (status === 403) {
    return new ToolError('UPSTREAM_FORBIDDEN', `GitHub refused this request (403: ${upstreamMessage(error)}). The token may lack a scope such as \`repo\`, or an organization may restrict it.`, reason, RECONNECT);
  }
  if (status === 404) {
    return new ToolError('UPSTREAM_NOT_FOUND', 'GitHub found nothing there (404). Check the owner, repository, number or path; private repositories also answer 404 when the token cannot see them.', reason);
  }
  if (status === 400 || status === 409 || status === 422) {
    return new ToolError('UPSTREAM_BAD_REQUEST', `GitHub rejected the request (${status}: ${upstreamMessage(error)}). Adjust the arguments and try again.`, reason);
  }
  if (status >= 500 || status === 0) {
    const networkFailure = (error as { cause?: unknown }).cause !== undefined && status === 500;
    return new ToolError(
      'UPSTREAM_UNAVAILABLE',
      networkFailure
        ? 'Could not reach GitHub (network error). Try again in a moment; if it persists, check MCPHUB_GITHUB_API_URL and the network.'
        : `GitHub is having trouble (HTTP ${status}). Try again in a moment.`,
      reason,
    );
  }
  return new ToolError('UPSTREAM_BAD_REQUEST', `GitHub answered HTTP ${status}: ${upstreamMessage(error)}`, reason);
}
