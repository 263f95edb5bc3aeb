/**
 * Metering: every `tools/call` — successful, failed or refused — becomes
 * exactly one usage event, written before the response leaves (DESIGN.md,
 * "Usage is never lost"). Only a successful call is billable.
 *
 * The event is built from total functions only: sizes come from an iterative,
 * bounded walk (measuring with JSON.stringify overflowed the stack on deeply
 * nested arguments, after the upstream call had run, so the call went
 * unmetered), and a failure to write it logs the whole event for replay.
 *
 * For the call log it also carries the client, the error text the model saw
 * and, only when the user asked for it, the redacted arguments; and it records
 * the key's last client (throttled, lib/usage/key-client.ts).
 */
import { ProtocolError } from '@modelcontextprotocol/server';
import { newEventId } from '../../store/ids.ts';
import type { Logger } from '../../log.ts';
import { measureJson, type JsonBudget } from '../../mcp/json-size.ts';
import type { Store, UsageEvent, UsageOutcome } from '../../store/port.ts';
import type { CallMiddleware, ToolCallOutcome } from '../pipeline.ts';
import { parseWireName } from '../../mcp/names.ts';
import { createClientToucher } from '../../usage/key-client.ts';
import { boundErrorText, errorTextOf } from '../../usage/error-text.ts';
import { redactArguments } from '../../usage/redact.ts';
import { INTERNAL_ERROR_MESSAGE } from '../mcp-server.ts';

/**
 * Sizes are exact for anything the pipeline lets through (arguments within
 * their limits, results within the output bounds) and a lower bound past that;
 * the node bound keeps the walk to a few milliseconds whatever it is given.
 */
const METER_BUDGET: JsonBudget = { maxDepth: Number.POSITIVE_INFINITY, maxNodes: 200_000, maxBytes: Number.POSITIVE_INFINITY };

/** JSON size in bytes, or 0 if the value cannot be walked (a tool's own object whose getter throws must not cost the event). */
function bytesOf(value: unknown): number {
  if (value === undefined) return 0;
  try {
    return measureJson(value, METER_BUDGET).bytes;
  } catch {
    return 0;
  }
}

/** The redacted arguments, or undefined if they cannot be walked (as for bytesOf: the event must not be lost to them). */
function storedArguments(value: unknown): string | undefined {
  try {
    return redactArguments(value);
  } catch {
    return undefined;
  }
}

export function withUsage(store: Store, logger: Logger, now: () => number = Date.now): CallMiddleware {
  const touchClient = createClientToucher(store, logger);
  return (next) => async (call) => {
    const started = performance.now();
    const at = now();
    let outcome: ToolCallOutcome | undefined;
    let failure: UsageOutcome = 'internal_error';
    // What the model saw of a call that threw: the JSON-RPC error's message (mcp-server.ts callTool sends the internal one for the rest).
    let thrown: string | undefined;
    try {
      outcome = await next(call);
      return outcome;
    } catch (error) {
      if (error instanceof ProtocolError) failure = 'unknown_tool';
      thrown = boundErrorText(error instanceof ProtocolError ? error.message : INTERNAL_ERROR_MESSAGE);
      throw error;
    } finally {
      // A call that threw returned no outcome: what it was is still known from the catalog.
      const entry = outcome ? undefined : call.principal.catalog.resolve(call.name);
      const event: UsageEvent = {
        id: newEventId(at),
        userId: call.principal.userId,
        keyId: call.principal.keyId,
        integration: outcome?.integration ?? entry?.integration ?? null,
        tool: outcome?.tool ?? entry?.tool ?? parseWireName(call.name)?.tool ?? call.name.slice(0, 128),
        outcome: outcome?.outcome ?? failure,
        billable: outcome?.outcome === 'ok',
        totalMs: performance.now() - started,
        upstreamMs: outcome?.upstreamMs ?? 0,
        bytesIn: bytesOf(call.arguments),
        bytesOut: bytesOf(outcome?.result),
        at,
      };
      const error = outcome ? errorTextOf(outcome.result) : thrown;
      if (call.client !== undefined) event.client = call.client;
      if (error !== undefined) event.error = error;
      if (call.principal.storeArguments) {
        const stored = storedArguments(call.arguments);
        if (stored !== undefined) event.arguments = stored;
      }
      touchClient(call.principal.keyId, call.client, at);
      try {
        await store.recordUsage(event);
      } catch (error) {
        // The full event goes to the log so it can be replayed; it holds no secrets.
        logger.error('usage event could not be recorded', { event, reason: (error as Error).message });
      }
    }
  };
}
