/**
 * Metering: every `tools/call` — successful, failed or refused — becomes a usage
 * event, written before the response leaves (DESIGN.md, "Usage is never lost").
 * Only a successful call is billable.
 */
import { ProtocolError } from '@modelcontextprotocol/server';
import { newId } from '../../store/ids.ts';
import type { Logger } from '../../log.ts';
import type { Store, UsageEvent, UsageOutcome } from '../../store/port.ts';
import type { CallMiddleware, ToolCallOutcome } from '../pipeline.ts';
import { parseWireName } from '../../mcp/names.ts';

function byteLength(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
}

export function withUsage(store: Store, logger: Logger, now: () => number = Date.now): CallMiddleware {
  return (next) => async (call) => {
    const started = performance.now();
    const at = now();
    let outcome: ToolCallOutcome | undefined;
    let failure: UsageOutcome = 'internal_error';
    try {
      outcome = await next(call);
      return outcome;
    } catch (error) {
      if (error instanceof ProtocolError) failure = 'unknown_tool';
      throw error;
    } finally {
      const event: UsageEvent = {
        id: newId('evt'),
        userId: call.principal.userId,
        keyId: call.principal.keyId,
        integration: outcome?.integration ?? null,
        tool: outcome?.tool ?? parseWireName(call.name)?.tool ?? call.name.slice(0, 128),
        outcome: outcome?.outcome ?? failure,
        billable: outcome?.outcome === 'ok',
        totalMs: performance.now() - started,
        upstreamMs: outcome?.upstreamMs ?? 0,
        bytesIn: byteLength(call.arguments),
        bytesOut: byteLength(outcome?.result),
        at,
      };
      try {
        await store.recordUsage(event);
      } catch (error) {
        // The full event goes to the log so it can be replayed; it holds no secrets.
        logger.error('usage event could not be recorded', { event, reason: (error as Error).message });
      }
    }
  };
}
