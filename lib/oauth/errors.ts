/**
 * What a failed OAuth request means for the caller, decided once here from
 * the provider's error code and the HTTP status (STYLE 8). The refresh logic
 * acts on the reason: `invalid_grant` → re-read, then needs reconnect;
 * `misconfigured` → an operator must fix the app's settings; `transient` →
 * back off and retry, no status change; `denied` → the person said no;
 * `bad_response` → the provider (or whatever answered) sent something that is
 * not an OAuth answer.
 */

export type OAuthFailureReason = 'invalid_grant' | 'misconfigured' | 'transient' | 'denied' | 'bad_response';

export interface OAuthFailure {
  ok: false;
  reason: OAuthFailureReason;
  /** The provider's HTTP status, when it answered. */
  status?: number;
  /** The provider's error code (`bad_refresh_token`, `invalid_grant`, `bad_client_secret`…), when it sent one. */
  error?: string;
  /** Seconds the provider asked to wait (Retry-After), on `transient`. */
  retryAfterSeconds?: number;
  /** One line for logs and operator pages: the provider's own text, never a token. */
  message: string;
}

/** Codes meaning the grant (code or refresh token) is used, expired, revoked or was never valid: the person must connect again. */
const INVALID_GRANT = new Set([
  'invalid_grant', // RFC 6749, Linear, Notion
  'bad_verification_code', // GitHub: code wrong, used or expired (also a wrong PKCE verifier)
  'bad_refresh_token', // GitHub
  'invalid_code', // Slack
  'code_already_used', // Slack
  'invalid_refresh_token', // Slack
  'invalid_code_verifier', // Slack
  'token_expired',
  'token_revoked',
  'expired_token',
]);

/** Codes meaning "try again later". */
const TRANSIENT = new Set(['temporarily_unavailable', 'server_error', 'ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'slow_down']);

/**
 * The reason for a provider error code. Everything else is `misconfigured`:
 * the codes saying the app's registration or the hub's settings are wrong
 * (RFC `invalid_client`, `unauthorized_client`, `invalid_request`,
 * `invalid_scope`, `unsupported_grant_type`; GitHub
 * `incorrect_client_credentials`, `redirect_uri_mismatch`; Slack
 * `bad_client_secret`, `invalid_client_id`, `bad_redirect_uri`,
 * `oauth_authorization_url_mismatch`), and unknown codes, which retrying
 * cannot fix and reconnecting would loop on, so they go to the operator with
 * the provider's code in the message.
 */
export function reasonOf(error: string): OAuthFailureReason {
  if (INVALID_GRANT.has(error)) return 'invalid_grant';
  if (TRANSIENT.has(error)) return 'transient';
  if (error === 'access_denied') return 'denied';
  return 'misconfigured';
}

/** Retry-After as seconds (delta-seconds or an HTTP date), or undefined. */
export function retryAfterOf(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d{1,7}$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** A failure, with the provider's description cut to a bound so a hostile answer cannot flood a log line. */
export function oauthFailure(reason: OAuthFailureReason, message: string, extra: Omit<OAuthFailure, 'ok' | 'reason' | 'message'> = {}): OAuthFailure {
  return { ok: false, reason, message: message.length > 500 ? `${message.slice(0, 500)}…` : message, ...extra };
}
