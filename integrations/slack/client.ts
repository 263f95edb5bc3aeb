/**
 * The Slack client factory: the official WebClient (`@slack/web-api` v8, which
 * sends every call through a WHATWG `fetch`) pointed at slack.com or an
 * `MCPHUB_SLACK_API_URL` override such as a test fake.
 */
import { LogLevel, WebClient, type FetchFunction, type Logger } from '@slack/web-api';
import type { ClientOptions } from '../../lib/mcp/define.ts';

export const SLACK_API_URL = 'https://slack.com/api/';

export type SlackClient = WebClient;

/** WebClient logs request failures to the console by default; the hub logs upstream failures itself. */
const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

export function createSlackClient(token: string, options: ClientOptions): SlackClient {
  // WebClient takes a custom fetch but no per-call signal (it passes only its own
  // `timeout` signal, unset here), so the call's signal is joined in on the way through.
  const signalledFetch: FetchFunction = (url, init) =>
    options.fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, options.signal]) : options.signal });
  return new WebClient(token, {
    slackApiUrl: options.baseUrl ?? SLACK_API_URL,
    fetch: signalledFetch,
    logger: silentLogger,
    // The SDK's default policy retries for ~30 minutes and, on HTTP 429, pauses and
    // retries after Retry-After. A tool call has one executor timeout, a retried
    // chat.postMessage can post twice, and the model can retry with the wait time we
    // report; so one attempt, and a 429 is an error carrying its Retry-After.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
}
