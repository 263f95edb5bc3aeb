/**
 * The `tools/call` pipeline (STYLE.md 4): a terminal router wrapped in
 * `(handler) => handler` middleware. The chain is a plain array composed by
 * `composeMiddleware`, first element outermost; `lib/server/hub.ts` passes the
 * hub's chain, so adding a concern (a quota, a concurrency bound) is one entry there.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { UsageOutcome } from '../store/port.ts';
import type { ProgressUpdate } from './catalog.ts';
import type { Principal } from './principals.ts';

export interface ToolCall {
  principal: Principal;
  /** As the client sent it: `slug__tool` or the `slug/tool` alias. */
  name: string;
  arguments: unknown;
  signal: AbortSignal;
  /** Who is calling, for the call log: clientInfo `name/version`, or a 2025-era client's User-Agent (lib/usage/client.ts). */
  client?: string;
  /** Set when the client asked for progress (a progress token): relays an upstream's progress to it. */
  progress?: (update: ProgressUpdate) => void;
}

export interface ToolCallOutcome {
  result: CallToolResult;
  outcome: UsageOutcome;
  /** Null when the name matched no integration. */
  integration: string | null;
  tool: string;
  upstreamMs: number;
  /** Set when the service refused the stored credential (executor.ts ExecutionResult). */
  credentialRejected?: string;
}

export type CallHandler = (call: ToolCall) => Promise<ToolCallOutcome>;
export type CallMiddleware = (next: CallHandler) => CallHandler;

/** Wraps `terminal` in `middleware`, the first element outermost: it sees every call first and every outcome last. */
export function composeMiddleware(middleware: readonly CallMiddleware[], terminal: CallHandler): CallHandler {
  return middleware.reduceRight<CallHandler>((next, wrap) => wrap(next), terminal);
}
