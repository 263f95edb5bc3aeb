/**
 * Slack failures → ToolError, in one place. Slack answers most failures with
 * HTTP 200 and `{ ok: false, error }`, which WebClient throws as a platform
 * error carrying that body; HTTP 429 arrives as a rate-limited error with
 * Retry-After (the client rejects rate-limited calls instead of waiting), other
 * non-200 statuses as an HTTP error, and fetch failures as a request error.
 */
import { ErrorCode } from '@slack/web-api';
import { ToolError, type ToolErrorFix } from '../../lib/mcp/errors.ts';

/** The hub words it (lib/server/hints.ts). */
const RECONNECT: ToolErrorFix = { kind: 'reconnect' };
const ADD_SCOPE = 'Add it to the Slack app at https://api.slack.com/apps → OAuth & Permissions and reinstall the app to the workspace.';
const USER_TOKEN_HELP =
  'Searching messages needs a Slack user token (xoxp-…); bot tokens (xoxb-…) cannot search. In your Slack app at https://api.slack.com/apps → OAuth & Permissions, add the `search:read` user token scope, reinstall the app and copy the "User OAuth Token".';

interface SlackLikeError {
  code: string;
  message: string;
  /** Platform errors: Slack's `{ ok: false, error, needed?, provided? }` body. */
  data?: { error?: string; needed?: string; provided?: string; warning?: string };
  /** Rate-limited errors: seconds from Retry-After. */
  retryAfter?: number;
  /** HTTP errors. */
  statusCode?: number;
  statusMessage?: string;
  headers?: Record<string, string>;
  /** Request errors: the fetch failure. */
  original?: Error;
}

const SDK_CODES = new Set<string>([ErrorCode.PlatformError, ErrorCode.RateLimitedError, ErrorCode.HTTPError, ErrorCode.RequestError]);

function isSlackError(error: unknown): error is SlackLikeError {
  return error instanceof Error && SDK_CODES.has(String((error as { code?: unknown }).code));
}

const AUTH = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'org_login_required']);
const FORBIDDEN = new Set([
  'no_permission',
  'access_denied',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'ekm_access_denied',
  'team_access_not_granted',
  'enterprise_is_restricted',
  'two_factor_setup_required',
]);
const NOT_FOUND: Record<string, string> = {
  channel_not_found: 'Slack found no such channel (channel_not_found). Use a channel ID from list_channels (like C0123456789); private channels are only visible to members.',
  user_not_found: 'Slack found no such user (user_not_found). Use a user ID from list_users (like U0123456789).',
  users_not_found: 'Slack found no such user (users_not_found). Use a user ID from list_users (like U0123456789).',
  thread_not_found: 'Slack found no thread there (thread_not_found). Pass the ts of the thread\'s parent message, as shown by get_channel_history.',
  message_not_found: 'Slack found no message with that timestamp in that channel (message_not_found). Use a ts from get_channel_history or get_thread_replies.',
};
const UNAVAILABLE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
/** Hints for the commonest argument errors; others get Slack's code and a general hint. */
const BAD_REQUEST_HINTS: Record<string, string> = {
  invalid_cursor: 'the cursor is stale or from another listing; start again without a cursor',
  invalid_name: 'there is no emoji by that name; use a name such as thumbsup or white_check_mark, without colons',
  is_archived: 'the channel is archived; unarchive it in Slack or choose another channel',
  msg_too_long: 'the message is too long; split it',
  invalid_ts_latest: 'latest is not a valid time',
  invalid_ts_oldest: 'oldest is not a valid time',
  too_many_reactions: 'the message has reached the reaction limit',
};

export function mapSlackError(error: unknown): ToolError | undefined {
  if (isSlackError(error)) {
    switch (error.code) {
      case ErrorCode.PlatformError:
        return mapPlatformError(error.data ?? {});
      case ErrorCode.RateLimitedError: {
        const wait = error.retryAfter !== undefined && error.retryAfter > 0 ? `in ${error.retryAfter} s` : 'shortly';
        return new ToolError('UPSTREAM_RATE_LIMITED', `Slack rate limit reached for this method; try again ${wait}.`, `Slack HTTP 429, retry-after ${error.retryAfter ?? 'missing'}`);
      }
      case ErrorCode.HTTPError:
        return mapHttpError(error.statusCode ?? 0, error.headers?.['x-slack-req-id']);
      case ErrorCode.RequestError:
        return new ToolError(
          'UPSTREAM_UNAVAILABLE',
          'Could not reach Slack (network error). Try again in a moment; if it persists, check MCPHUB_SLACK_API_URL and the network.',
          `Slack request failed: ${error.original?.name ?? 'Error'}: ${error.original?.message ?? error.message}`,
        );
    }
  }
  // A 429 without a usable Retry-After header is rejected by WebClient as a plain Error.
  if (error instanceof Error && error.message.startsWith('Retry header did not contain a valid timeout')) {
    return new ToolError('UPSTREAM_RATE_LIMITED', 'Slack rate limit reached for this method; try again in a minute.', 'Slack HTTP 429 without retry-after');
  }
  return undefined;
}

function mapPlatformError(data: NonNullable<SlackLikeError['data']>): ToolError {
  const code = data.error ?? 'unknown_error';
  const reason = `Slack error ${code}${data.needed ? ` (needed ${data.needed}; provided ${data.provided ?? 'none'})` : ''}`;
  if (AUTH.has(code)) return new ToolError('UPSTREAM_AUTH_REJECTED', `Slack rejected the token (${code}).`, reason, RECONNECT);
  if (code === 'missing_scope') {
    return new ToolError('UPSTREAM_FORBIDDEN', `The Slack token lacks the scope this needs (${data.needed ?? 'unknown'}). ${ADD_SCOPE}`, reason, RECONNECT);
  }
  if (code === 'not_allowed_token_type') return new ToolError('UPSTREAM_FORBIDDEN', USER_TOKEN_HELP, reason, RECONNECT);
  if (code === 'not_in_channel') {
    return new ToolError('UPSTREAM_FORBIDDEN', 'The Slack app is not a member of that channel (not_in_channel). Invite it from the channel in Slack (`/invite @your-app`) and try again.', reason);
  }
  if (FORBIDDEN.has(code)) return new ToolError('UPSTREAM_FORBIDDEN', `Slack refused this request (${code}). A workspace setting or the token's permissions prevent it.`, reason);
  const notFound = NOT_FOUND[code];
  if (notFound) return new ToolError('UPSTREAM_NOT_FOUND', notFound, reason);
  if (code === 'ratelimited' || code === 'rate_limited') return new ToolError('UPSTREAM_RATE_LIMITED', 'Slack rate limit reached for this method; try again in a minute.', reason);
  if (UNAVAILABLE.has(code)) return new ToolError('UPSTREAM_UNAVAILABLE', `Slack is having trouble (${code}). Try again in a moment.`, reason);
  const hint = BAD_REQUEST_HINTS[code] ?? 'adjust the arguments and try again';
  return new ToolError('UPSTREAM_BAD_REQUEST', `Slack rejected the request (${code}): ${hint}.`, reason);
}

function mapHttpError(status: number, requestId: string | undefined): ToolError {
  const reason = `Slack HTTP ${status}${requestId ? ` request ${requestId}` : ''}`;
  if (status === 401) return new ToolError('UPSTREAM_AUTH_REJECTED', `Slack rejected the token (HTTP 401).`, reason, RECONNECT);
  if (status === 403) return new ToolError('UPSTREAM_FORBIDDEN', 'Slack refused this request (HTTP 403). A workspace setting or the token\'s permissions prevent it.', reason);
  if (status === 404) return new ToolError('UPSTREAM_NOT_FOUND', 'Slack answered 404 for this API method. If MCPHUB_SLACK_API_URL is set, check it ends in /api/.', reason);
  if (status >= 500) return new ToolError('UPSTREAM_UNAVAILABLE', `Slack is having trouble (HTTP ${status}). Try again in a moment.`, reason);
  return new ToolError('UPSTREAM_BAD_REQUEST', `Slack answered HTTP ${status}. Adjust the arguments and try again.`, reason);
}
