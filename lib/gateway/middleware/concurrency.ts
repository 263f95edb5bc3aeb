/**
 * Fair sharing (issue 11): one user's slow or hung upstream calls never delay
 * another user's. Tool calls in flight are counted per user on one
 * integration, per user, and for the whole hub process; a call over a bound
 * is refused at once with an `isError` result that names the bound. Refused,
 * not queued: a queue would make the next call wait behind the hung ones,
 * which is the delay this exists to prevent.
 *
 * The process bound keeps the hub inside Bun's fetch pool: Bun runs at most
 * BUN_CONFIG_MAX_HTTP_REQUESTS requests at once for the whole process (every
 * host together; 256 unless set before Bun starts) and queues the rest, store
 * calls to Convex included. The launchers set it (lib/server/runtime.env) well above
 * what `maxCalls` calls can use; `fetchPoolWarning` says so when it is not.
 */
import { limitLogs } from '../../log-limiter.ts';
import type { Logger } from '../../log.ts';
import { errorResult } from '../../mcp/output.ts';
import { parseWireName } from '../../mcp/names.ts';
import type { HubLimits } from '../../server/limits.ts';
import type { CallMiddleware } from '../pipeline.ts';

/**
 * Upstream requests one tool call can hold at once: Linear's tools run up to
 * three in parallel, and a call forwarded to a function in this same process
 * (MCPHUB_FORWARD=http) holds one more.
 */
const FETCHES_PER_CALL = 4;

export type ConcurrencyLimits = Pick<HubLimits, 'maxCalls' | 'maxCallsPerUser' | 'maxCallsPerIntegration'>;

/** Counts that drop their key at zero, so a user who stopped calling costs no memory. */
class Counter {
  readonly #counts = new Map<string, number>();
  get(key: string): number {
    return this.#counts.get(key) ?? 0;
  }
  add(key: string, delta: 1 | -1): void {
    const next = this.get(key) + delta;
    if (next === 0) this.#counts.delete(key);
    else this.#counts.set(key, next);
  }
}

const WAIT = 'Wait for some of them to finish, then call again';

interface Refusal {
  /** The setting that bounds it: also the key of its rate-limited log line. */
  setting: 'MCPHUB_MAX_CALLS' | 'MCPHUB_MAX_CALLS_PER_USER' | 'MCPHUB_MAX_CALLS_PER_INTEGRATION';
  limit: number;
  message: string;
}

/**
 * Bounds tool calls in flight; place it inside usage metering so refused calls
 * are recorded (outcome `limited`, not billable). The operator gets one warn
 * line per bound per window, saying which setting to raise.
 */
export function withConcurrencyLimits(limits: ConcurrencyLimits, logger: Logger): CallMiddleware {
  const perUser = new Counter();
  const perIntegration = new Counter();
  const limitedLog = limitLogs(logger);
  let total = 0;

  function refusal(userId: string, slug: string | null): Refusal | null {
    if (total >= limits.maxCalls) {
      const message = `MCP Hub is already running ${total} tool calls for all its users, as many as it runs at once (MCPHUB_MAX_CALLS=${limits.maxCalls}). Try again in a few seconds; the hub operator can raise MCPHUB_MAX_CALLS.`;
      return { setting: 'MCPHUB_MAX_CALLS', limit: limits.maxCalls, message };
    }
    const mine = perUser.get(userId);
    if (mine >= limits.maxCallsPerUser) {
      const message = `You already have ${mine} tool calls running, as many as one user may run at once (MCPHUB_MAX_CALLS_PER_USER=${limits.maxCallsPerUser}). ${WAIT}; the hub operator can raise MCPHUB_MAX_CALLS_PER_USER.`;
      return { setting: 'MCPHUB_MAX_CALLS_PER_USER', limit: limits.maxCallsPerUser, message };
    }
    const onIntegration = slug === null ? 0 : perIntegration.get(`${userId}/${slug}`);
    if (onIntegration >= limits.maxCallsPerIntegration) {
      const message = `You already have ${onIntegration} ${slug} calls running, as many as one user may run at once on one integration (MCPHUB_MAX_CALLS_PER_INTEGRATION=${limits.maxCallsPerIntegration}). ${WAIT}, or use another integration meanwhile; the hub operator can raise MCPHUB_MAX_CALLS_PER_INTEGRATION.`;
      return { setting: 'MCPHUB_MAX_CALLS_PER_INTEGRATION', limit: limits.maxCallsPerIntegration, message };
    }
    return null;
  }

  return (next) => async (call) => {
    const { userId } = call.principal;
    // Only tools in the principal's catalog count against an integration; any other name is answered by the router at once.
    const entry = call.principal.catalog.resolve(call.name);
    const slug = entry?.integration ?? null;
    const refused = refusal(userId, slug);
    if (refused) {
      limitedLog.warn(refused.setting, 'tool call refused: too many calls in flight', { setting: refused.setting, limit: refused.limit, userId, integration: slug });
      return { result: errorResult(refused.message), outcome: 'limited', integration: slug, tool: entry?.tool ?? parseWireName(call.name)?.tool ?? call.name.slice(0, 128), upstreamMs: 0 };
    }
    const integrationKey = slug === null ? null : `${userId}/${slug}`;
    total += 1;
    perUser.add(userId, 1);
    if (integrationKey) perIntegration.add(integrationKey, 1);
    try {
      return await next(call);
    } finally {
      // Runs once whether the call answered, threw, timed out or was cancelled (those answer through the executor).
      total -= 1;
      perUser.add(userId, -1);
      if (integrationKey) perIntegration.add(integrationKey, -1);
    }
  };
}

/**
 * A start-up warning when Bun's fetch pool (`limits.fetchPool`) is smaller than
 * what `maxCalls` calls can hold, so hung calls could queue everyone's
 * requests behind them; null when it is large enough.
 */
export function fetchPoolWarning(limits: Pick<HubLimits, 'maxCalls' | 'fetchPool'>): string | null {
  const needed = limits.maxCalls * FETCHES_PER_CALL;
  if (limits.fetchPool >= needed) return null;
  return (
    `Bun's fetch runs at most ${limits.fetchPool} upstream requests at once in this process (BUN_CONFIG_MAX_HTTP_REQUESTS), fewer than the ${needed} that MCPHUB_MAX_CALLS=${limits.maxCalls} tool calls can hold, ` +
    'so one user\'s hung calls could delay everyone\'s. Start the hub with `npm start` or `npx mcphub serve`, which set it (lib/server/runtime.env), ' +
    'or set BUN_CONFIG_MAX_HTTP_REQUESTS (at most 65535) in the environment Bun starts with, or lower MCPHUB_MAX_CALLS.'
  );
}
