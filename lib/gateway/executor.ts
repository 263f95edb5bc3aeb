/**
 * Runs one validated tool call against its upstream. The in-process executor
 * does the work here; the HTTP executor (`forward.ts`) sends the same call,
 * signed, to the integration's own function, which runs this same code.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';
import { credentialContext, type Sealer } from '../crypto/seal.ts';
import { apiUrlVariable } from '../env.ts';
import { ToolError, describeIssues, outcomeOf } from '../mcp/errors.ts';
import { errorResult, toCallToolResult } from '../mcp/output.ts';
import type { RegisteredTool } from '../mcp/registry.ts';
import type { Logger } from '../log.ts';
import type { Hints } from '../server/hints.ts';
import type { ConnectionSettings, UsageOutcome } from '../store/port.ts';
import { createReuseCache } from '../mcp/reuse-cache.ts';
import { runUpstreamCall } from '../mcp/upstream-scope.ts';
import { decodeCredential, secretOf, type OAuthCredential, type StoredCredential } from '../oauth/credential.ts';
import type { FreshResult, OAuthTokens } from '../oauth/refresh.ts';
import { callTimeout } from '../call-timeout.ts';
import { createUpstreamFetch } from './upstream-fetch.ts';

export interface Execution {
  entry: RegisteredTool;
  /** Already validated against the tool's input schema. */
  args: Record<string, unknown>;
  userId: string;
  sealedCredential: string;
  /** The connection's stored settings, parsed here by the integration's schema. */
  settings: ConnectionSettings;
  signal: AbortSignal;
}

export interface ExecutionResult {
  result: CallToolResult;
  outcome: UsageOutcome;
  upstreamMs: number;
  /** What the service said when it refused the stored credential (UPSTREAM_AUTH_REJECTED), without the hub's fix; marks the connection (middleware/attention.ts). */
  credentialRejected?: string;
}

export interface Executor {
  execute(execution: Execution): Promise<ExecutionResult>;
}

export interface InProcessExecutorOptions {
  sealer: Sealer;
  /** Upstream base-URL overrides by slug. */
  apiUrls: Record<string, string>;
  timeoutMs: number;
  /** Most bytes read from one upstream response, and the most structured output a tool may return (MCPHUB_MAX_UPSTREAM_BYTES). */
  maxUpstreamBytes: number;
  /** How a person fixes what a call ran into (lib/server/hints.ts). */
  hints: Hints;
  logger: Logger;
  fetch?: typeof fetch;
  /** Keeps OAuth connections' access tokens fresh (lib/oauth/refresh.ts); without it (a store-less function) the stored access token is used as it is. */
  oauth?: OAuthTokens;
}

/** Adds up the time spent waiting on upstream: every request through `fetch`, and any other work passed to `time`. */
function upstreamMeter(base: typeof fetch) {
  let elapsed = 0;
  const time = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      elapsed += performance.now() - started;
    }
  };
  const metered = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => time(() => base(input, init))) as typeof fetch;
  return { fetch: metered, time, elapsedMs: () => elapsed };
}

export function createInProcessExecutor(options: InProcessExecutorOptions): Executor {
  const baseFetch = options.fetch ?? fetch;
  /**
   * Opened credentials by sealed value and owner, for a minute: AES-GCM per
   * call was about 4% of the hub's CPU per call (bench/peer-profile.ts). The
   * plaintext stays in this process's memory, as it does in the clients built
   * from it; a changed or tampered row is another key, opened (or refused) anew.
   */
  const opened = createReuseCache<string>({ maxEntries: 1_000, reuseForMs: 60_000 });
  return {
    async execute({ entry, args, userId, sealedCredential, settings: stored, signal }) {
      const { integration, tool } = entry;
      const capped = createUpstreamFetch(baseFetch, { maxBytes: options.maxUpstreamBytes, upstreamName: integration.name, urlVariable: apiUrlVariable(integration.slug) });
      const upstream = upstreamMeter(capped.fetch);
      let credential: string;
      try {
        const context = credentialContext(userId, integration.slug);
        credential = opened.get(`${context}\n${sealedCredential}`, () => options.sealer.open(sealedCredential, context));
      } catch (error) {
        options.logger.error('stored credential could not be opened', { tool: entry.wireName, userId, reason: (error as Error).message });
        const message = `The stored ${integration.name} credential could not be opened (was MCPHUB_ENCRYPTION_KEY changed?). ${options.hints.reconnect(integration)}`;
        return { result: errorResult(message), outcome: 'not_enabled', upstreamMs: 0 };
      }
      // Stored settings were valid when saved; a hub upgrade that changed a setting's type lands here.
      const settings = integration.settings ? integration.settings.safeParse(stored) : { success: true as const, data: {} };
      if (!settings.success) {
        const message = `The stored ${integration.name} settings are no longer valid (${describeIssues(settings.error.issues)}). ${options.hints.changeSetting(integration.slug)}`;
        return { result: errorResult(message), outcome: 'invalid_arguments', upstreamMs: 0 };
      }
      let decoded: StoredCredential;
      try {
        decoded = decodeCredential(credential);
      } catch (error) {
        options.logger.error('stored OAuth record is damaged', { tool: entry.wireName, userId, reason: (error as Error).message });
        return { result: errorResult(`The stored ${integration.name} connection is damaged. ${options.hints.reconnect(integration)}`), outcome: 'not_enabled', upstreamMs: 0 };
      }
      let oauth: OAuthCredential | null = null;
      if (decoded.kind === 'oauth' && options.oauth) {
        const fresh = await options.oauth.fresh(userId, integration.slug, decoded);
        if (!fresh.ok) return freshFailure(integration, fresh);
        oauth = fresh.credential;
      }
      const attempt = async (secret: string): Promise<ExecutionResult> => {
        const timeout = callTimeout(options.timeoutMs);
        const combined = AbortSignal.any([signal, timeout.signal]);
        try {
          // The call's fetch and signal, for clients built once per credential (upstream-scope.ts).
          const output = await runUpstreamCall({ fetch: upstream.fetch, signal: combined }, () => {
            const client = integration.createClient(secret, {
              baseUrl: options.apiUrls[integration.slug],
              fetch: upstream.fetch,
              timeUpstream: upstream.time,
              readLimit: { maxBytes: options.maxUpstreamBytes, exceeded: capped.tooLarge },
              signal: combined,
              settings: settings.data,
            });
            return tool.handler(args, { client, signal: combined });
          });
          return { result: toCallToolResult(output, options.maxUpstreamBytes), outcome: 'ok', upstreamMs: upstream.elapsedMs() };
        } catch (error) {
          const failure = classify(error, {
            integrationName: integration.name,
            timedOut: timeout.signal.aborted,
            cancelled: signal.aborted,
            timeoutMs: options.timeoutMs,
            refusal: capped.refusal(),
            mapError: integration.mapError,
          });
          if (!failure) throw error;
          options.logger.warn('tool call failed upstream', { tool: entry.wireName, userId, code: failure.code, reason: failure.reason ?? failure.message });
          // The integration names the person's part (ToolErrorFix); the hub words it.
          const message = failure instanceof ToolError && failure.fix ? `${failure.message} ${options.hints.fix(integration, failure.fix)}` : failure.message;
          const outcome = failure.code === 'CANCELLED' ? 'cancelled' : outcomeOf(failure.code);
          return { result: errorResult(message), outcome, upstreamMs: upstream.elapsedMs(), ...(failure.code === 'UPSTREAM_AUTH_REJECTED' && { credentialRejected: failure.message }) };
        } finally {
          timeout.clear();
        }
      };
      const first = await attempt(secretOf(oauth ?? decoded));
      // The service refused an OAuth access token before its expiry (revoked, or killed by a refresh elsewhere): renew it once and retry once.
      if (first.credentialRejected === undefined || !oauth?.refreshToken || !options.oauth || signal.aborted) return first;
      const renewed = await options.oauth.fresh(userId, integration.slug, oauth, { force: true });
      if (!renewed.ok) return { ...freshFailure(integration, renewed), upstreamMs: upstream.elapsedMs() };
      return attempt(renewed.credential.accessToken);
    },
  };

  /** A call that cannot get a usable OAuth token: what happened and who fixes it (the mark itself is refresh.ts's). */
  function freshFailure(integration: RegisteredTool['integration'], failure: Extract<FreshResult, { ok: false }>): ExecutionResult {
    if (failure.kind === 'needs_reconnect') return { result: errorResult(`${failure.message} ${options.hints.reconnect(integration, undefined, true)}`), outcome: 'not_enabled', upstreamMs: 0 };
    if (failure.kind === 'misconfigured') return { result: errorResult(`${integration.name} cannot be used until the hub's operator fixes its OAuth app: ${failure.message}`), outcome: 'not_enabled', upstreamMs: 0 };
    return { result: errorResult(failure.message), outcome: outcomeOf('UPSTREAM_UNAVAILABLE'), upstreamMs: 0 };
  }
}

type Failure = ToolError | { code: 'CANCELLED'; message: string; reason?: string };

function classify(
  error: unknown,
  context: {
    integrationName: string;
    timedOut: boolean;
    cancelled: boolean;
    timeoutMs: number;
    /** An upstream response the capped fetch refused; SDKs wrap or replace the error it threw. */
    refusal: ToolError | undefined;
    mapError: (e: unknown) => ToolError | undefined;
  },
): Failure | undefined {
  // Checked before the error's own shape: SDKs wrap aborts in their own error types.
  if (context.timedOut) {
    return new ToolError('UPSTREAM_TIMEOUT', `${context.integrationName} did not answer within ${context.timeoutMs < 1000 ? `${context.timeoutMs} ms` : `${Math.round(context.timeoutMs / 1000)} s`}. Try again, or ask for less (a smaller page or a narrower query).`);
  }
  if (context.cancelled) return { code: 'CANCELLED', message: 'The call was cancelled before it finished.' };
  // A refused response is the root cause of whatever the SDK or the tool threw after it.
  if (context.refusal) return context.refusal;
  if (error instanceof ToolError) return error;
  return context.mapError(error);
}
