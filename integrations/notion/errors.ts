/**
 * Notion failures → ToolError, in one place. The SDK throws an
 * APIResponseError for Notion's JSON errors (`{ object: 'error', status, code,
 * message }`), an UnknownHTTPResponseError for other non-2xx answers (a proxy's
 * HTML 502), and a RequestTimeoutError after its own 60 s timeout; the client
 * factory wraps network failures in NotionUnreachableError.
 * https://developers.notion.com/reference/status-codes
 */
import { APIErrorCode, APIResponseError, RequestTimeoutError, UnknownHTTPResponseError } from '@notionhq/client';
import { ToolError, type ToolErrorFix } from '../../lib/mcp/errors.ts';
import { NotionUnreachableError } from './client.ts';

/** The hub words it (lib/server/hints.ts). */
const RECONNECT: ToolErrorFix = { kind: 'reconnect' };
const SHARE = 'Check the ID or URL; Notion also answers this way when the page or database is not shared with the integration (in Notion: ••• → Connections → add the integration).';

function header(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  return undefined;
}

/** "in 30 s" from a Retry-After header (seconds or an HTTP date). */
function retryAfter(headers: unknown): string {
  const value = header(headers, 'retry-after');
  if (!value) return 'in a few seconds';
  const seconds = /^\d+$/.test(value) ? Number(value) : Math.ceil((Date.parse(value) - Date.now()) / 1000);
  return Number.isFinite(seconds) ? `in ${Math.max(1, seconds)} s` : 'in a few seconds';
}

function byStatus(status: number, message: string, headers: unknown, reason: string): ToolError {
  if (status === 401) return new ToolError('UPSTREAM_AUTH_REJECTED', `The Notion integration secret was rejected (401: ${message}).`, reason, RECONNECT);
  if (status === 403) {
    return new ToolError(
      'UPSTREAM_FORBIDDEN',
      `Notion refused this request (403: ${message}). The integration may lack a capability (read, insert or update content: notion.so/profile/integrations → the integration → Capabilities), or the page is not shared with it.`,
      reason,
    );
  }
  if (status === 404) return new ToolError('UPSTREAM_NOT_FOUND', `Notion found nothing there (404: ${message}). ${SHARE}`, reason);
  if (status === 429) return new ToolError('UPSTREAM_RATE_LIMITED', `Notion rate limit reached for this integration (about 3 requests per second); try again ${retryAfter(headers)}.`, reason);
  if (status >= 500) return new ToolError('UPSTREAM_UNAVAILABLE', `Notion is having trouble (HTTP ${status}). Try again in a moment.`, reason);
  return new ToolError('UPSTREAM_BAD_REQUEST', `Notion rejected the request (${status}: ${message}). Adjust the arguments and try again.`, reason);
}

export function mapNotionError(error: unknown): ToolError | undefined {
  if (APIResponseError.isAPIResponseError(error)) {
    const reason = `Notion HTTP ${error.status} ${error.code}${error.request_id ? ` request ${error.request_id}` : ''}: ${error.message}`;
    switch (error.code) {
      case APIErrorCode.Unauthorized:
      case APIErrorCode.RestrictedResource:
      case APIErrorCode.ObjectNotFound:
      case APIErrorCode.RateLimited:
        return byStatus(error.status, error.message, error.headers, reason);
      case APIErrorCode.InvalidJSON:
      case APIErrorCode.InvalidRequestURL:
      case APIErrorCode.InvalidRequest:
      case APIErrorCode.InvalidBeta:
      case APIErrorCode.ValidationError:
      case APIErrorCode.ConflictError:
        return new ToolError('UPSTREAM_BAD_REQUEST', `Notion rejected the request (${error.code}: ${error.message}). Adjust the arguments and try again.`, reason);
      case APIErrorCode.InternalServerError:
      case APIErrorCode.ServiceOverload:
      case APIErrorCode.ServiceUnavailable:
      case APIErrorCode.GatewayTimeout:
        return new ToolError('UPSTREAM_UNAVAILABLE', `Notion is having trouble (HTTP ${error.status} ${error.code}). Try again in a moment.`, reason);
    }
  }
  if (UnknownHTTPResponseError.isUnknownHTTPResponseError(error)) {
    return byStatus(error.status, `HTTP ${error.status}`, error.headers, `Notion HTTP ${error.status} with an unrecognised body${error.ray_id ? ` (cf-ray ${error.ray_id})` : ''}`);
  }
  if (RequestTimeoutError.isRequestTimeoutError(error)) {
    return new ToolError('UPSTREAM_TIMEOUT', 'Notion did not answer within 60 s. Try again, or ask for less (a smaller page_size or a narrower filter).', error.message);
  }
  if (error instanceof NotionUnreachableError) {
    return new ToolError('UPSTREAM_UNAVAILABLE', 'Could not reach Notion (network error). Try again in a moment; if it persists, check MCPHUB_NOTION_API_URL and the network.', error.message);
  }
  return undefined;
}
