/** One debug line per `tools/call`: who, which tool, outcome and time. Arguments are never logged. */
import type { Logger } from '../../log.ts';
import type { CallMiddleware } from '../pipeline.ts';

export function withCallLog(logger: Logger): CallMiddleware {
  return (next) => async (call) => {
    const started = performance.now();
    try {
      const outcome = await next(call);
      logger.debug('tools/call', { tool: call.name, userId: call.principal.userId, keyId: call.principal.keyId, outcome: outcome.outcome, ms: Math.round(performance.now() - started), upstreamMs: Math.round(outcome.upstreamMs) });
      return outcome;
    } catch (error) {
      logger.debug('tools/call refused', { tool: call.name, userId: call.principal.userId, error: (error as Error).message });
      throw error;
    }
  };
}
