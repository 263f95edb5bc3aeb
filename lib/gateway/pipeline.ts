/**
 * The `tools/call` pipeline (STYLE.md 4): a terminal router wrapped in
 * `(handler) => handler` middleware, composed explicitly in `handler.ts`.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { UsageOutcome } from '../store/port.ts';
import type { Principal } from './principals.ts';

export interface ToolCall {
  principal: Principal;
  /** As the client sent it: `slug__tool` or the `slug/tool` alias. */
  name: string;
  arguments: unknown;
  signal: AbortSignal;
}

export interface ToolCallOutcome {
  result: CallToolResult;
  outcome: UsageOutcome;
  /** Null when the name matched no integration. */
  integration: string | null;
  tool: string;
  upstreamMs: number;
}

export type CallHandler = (call: ToolCall) => Promise<ToolCallOutcome>;
export type CallMiddleware = (next: CallHandler) => CallHandler;
