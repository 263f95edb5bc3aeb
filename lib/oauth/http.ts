/**
 * One HTTP request to a provider, bounded in time and size: a timer (cleared
 * whatever happens) aborts the request and the body read together, the
 * answer is read up to a byte limit (lib/read-bounded.ts), and redirects are
 * not followed — a token endpoint that redirects would otherwise receive the
 * client secret again at wherever it points.
 */
import { readBounded } from '../read-bounded.ts';
import { oauthFailure, reasonOf, retryAfterOf, type OAuthFailure } from './errors.ts';
import type { OAuthErrorStyle } from './providers.ts';

export interface OAuthHttp {
  fetch: typeof fetch;
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface OAuthAnswer {
  ok: true;
  status: number;
  headers: Headers;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

/** Sends `init` to `url`; `what` names the request in messages ("GitHub's token endpoint"). */
export async function sendBounded(url: string, init: RequestInit, http: OAuthHttp, what: string): Promise<OAuthAnswer | OAuthFailure> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), http.timeoutMs);
  try {
    let response: Response;
    try {
      response = await http.fetch(url, { ...init, redirect: 'manual', signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) return oauthFailure('transient', `${what} did not answer within ${http.timeoutMs} ms.`);
      return oauthFailure('transient', `Could not reach ${what} at ${url}: ${(error as Error).message}`);
    }
    let read: Awaited<ReturnType<typeof readBounded>>;
    try {
      read = await readBounded(response.body, http.maxResponseBytes);
    } catch (error) {
      if (controller.signal.aborted) return oauthFailure('transient', `${what} did not finish its answer within ${http.timeoutMs} ms.`, { status: response.status });
      return oauthFailure('transient', `${what} broke off its answer: ${(error as Error).message}`, { status: response.status });
    }
    if (!read.ok) return oauthFailure('bad_response', `${what} answered with more than ${http.maxResponseBytes} bytes; refused.`, { status: response.status });
    if (response.status >= 300 && response.status < 400) {
      return oauthFailure('bad_response', `${what} answered with a redirect (HTTP ${response.status}) to ${response.headers.get('location') ?? 'nowhere'}; check the provider's base URL.`, { status: response.status });
    }
    let json: unknown;
    try {
      json = read.text === '' ? undefined : JSON.parse(read.text);
    } catch {
      json = undefined;
    }
    return { ok: true, status: response.status, headers: response.headers, json };
  } finally {
    clearTimeout(timer);
  }
}

type ErrorBody = { error?: unknown; error_description?: unknown; ok?: unknown };

/**
 * The failure an answer carries, or null when it is a success to parse:
 * 429 and 5xx are transient whatever the body says; an error code (HTTP 200
 * for GitHub and Slack, 4xx for RFC providers) is classified by reasonOf; a
 * 401/403 without one is a client-credentials problem; any other non-2xx is
 * not an OAuth answer.
 */
export function failureOf(answer: OAuthAnswer, style: OAuthErrorStyle, what: string): OAuthFailure | null {
  const body = (typeof answer.json === 'object' && answer.json !== null ? answer.json : {}) as ErrorBody;
  const code = typeof body.error === 'string' && (style !== 'slack' || body.ok === false) ? body.error.slice(0, 100) : undefined;
  const description = typeof body.error_description === 'string' ? body.error_description : undefined;
  const text = code ? `${what} refused the request: ${code}${description ? ` — ${description.replace(/\.$/, '')}` : ''}` : `${what} answered HTTP ${answer.status}`;
  const extra = { status: answer.status, ...(code ? { error: code } : {}) };
  if (answer.status === 429 || answer.status >= 500) {
    const retryAfterSeconds = retryAfterOf(answer.headers.get('retry-after'));
    return oauthFailure('transient', `${text}; try again later.`, { ...extra, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
  }
  if (code) return oauthFailure(reasonOf(code), `${text}.`, extra);
  if (answer.status === 401 || answer.status === 403) return oauthFailure('misconfigured', `${text}: check the client id and secret.`, extra);
  if (answer.status < 200 || answer.status >= 300) return oauthFailure('bad_response', `${text}, which is not an OAuth answer.`, extra);
  return null;
}
