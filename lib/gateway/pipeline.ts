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
  /**
   * The client can send its user to a URL mid-call (URL-mode elicitation,
   * 2026-07-28) and has not yet answered such an ask on this call: a call that
   * needs connecting may then be answered with the connect link as an
   * elicitation instead of only as text (connect-elicitation.ts).
   */
  urlElicitation?: boolean;
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
  /** Set when connecting would fix the call: the single-use link added to the result (connect-link.ts), and the ask for clients that take URL elicitation. */
  connect?: ConnectOffer;
  /**
   * Set when the plan's rate refused the call (middleware/plan-limits.ts): it is
   * then answered as a rate limit — HTTP 429 with Retry-After on a plain POST,
   * a JSON-RPC error inside a stream (mcp-server.ts callTool) — not as `result`.
   */
  rateLimited?: RateLimitedCall;
}

/** A connect link, offered as text in the result and, where the client takes it, as a URL-mode elicitation. */
export interface ConnectOffer {
  slug: string;
  url: string;
  /** What the client shows its user beside the link (hints.connectElicitation). */
  message: string;
}

/** What a rate-limit answer says: which plan, and in how many seconds to retry. */
export interface RateLimitedCall {
  plan: string;
  retryAfterSeconds: number;
}

export type CallHandler = (call: ToolCall) => Promise<ToolCallOutcome>;
export type CallMiddleware = (next: CallHandler) => CallHandler;

/** Wraps `terminal` in `middleware`, the first element outermost: it sees every call first and every outcome last. */
export function composeMiddleware(middleware: readonly CallMiddleware[], terminal: CallHandler): CallHandler {
  return middleware.reduceRight<CallHandler>((next, wrap) => wrap(next), terminal);
}
