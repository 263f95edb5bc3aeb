/**
 * A remote server's tool in a principal's catalog (lib/gateway/catalog.ts):
 * an ordinary CatalogEntry whose invoke forwards the call, under the
 * upstream's own name, on the calling user's session (sessions.ts), and
 * turns what can go wrong into a result the model reads and an outcome the
 * usage pipeline records (one event per call, integration = the slug).
 */
import { ProtocolError, ProtocolErrorCode, UnauthorizedError, SdkHttpError } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { SealError } from '../crypto/seal.ts';
import type { Logger } from '../log.ts';
import { errorResult } from '../mcp/output.ts';
import type { Hints } from '../server/hints.ts';
import type { RemoteServer, RemoteTool } from '../store/remote-servers.ts';
import type { UsageOutcome } from '../store/port.ts';
import { callTimeout } from '../call-timeout.ts';
import type { InvokeContext, UpstreamEntry } from '../gateway/catalog.ts';
import type { ExecutionResult } from '../gateway/executor.ts';
import { BlockedTargetError } from './address.ts';
import { forwardedCallResult } from './call-result.ts';
import { plainHeaderValue } from './fast-call.ts';
import { TOO_LARGE_CODE } from './message-cap.ts';
import { isTimeout, type RemoteSessions } from './sessions.ts';

export interface RemoteCallDeps {
  sessions: RemoteSessions;
  hints: Hints;
  logger: Logger;
  timeoutMs: number;
  /** The upstream refused the credential: mark the server so the dashboard shows it (services/remote-servers.ts). */
  onCredentialRejected?: (server: RemoteServer, reason: string) => void;
}

const headerMirroring = new WeakMap<RemoteTool, boolean>();

/** Whether a tool's input schema declares `x-mcp-header` parameters (SEP-2243), once per stored tool. */
function mirrorsHeaders(tool: RemoteTool): boolean {
  let found = headerMirroring.get(tool);
  if (found === undefined) {
    found = JSON.stringify(tool.inputSchema ?? {}).includes('"x-mcp-header"');
    headerMirroring.set(tool, found);
  }
  return found;
}

export class RemoteToolEntry implements UpstreamEntry {
  readonly name: string;
  readonly integration: string;
  readonly tool: string;
  /** The tool's name on the remote server, for a view that lists upstream names as they are (a pass-through toolset). */
  readonly upstreamName: string;

  constructor(
    private readonly server: RemoteServer,
    private readonly remote: RemoteTool,
    private readonly userId: string,
    private readonly deps: RemoteCallDeps,
    /** `upstream`: named as the server names it (a pass-through toolset), in usage and logs too. */
    naming: 'wire' | 'upstream' = 'wire',
  ) {
    this.name = naming === 'upstream' ? remote.name : `${server.slug}__${remote.wireTool}`;
    this.integration = server.slug;
    this.tool = naming === 'upstream' ? remote.name : remote.wireTool;
    this.upstreamName = remote.name;
  }

  asUpstream(): RemoteToolEntry {
    return new RemoteToolEntry(this.server, this.remote, this.userId, this.deps, 'upstream');
  }

  sibling(upstreamName: string): RemoteToolEntry {
    return new RemoteToolEntry(this.server, { name: upstreamName, wireTool: upstreamName, inputSchema: { type: 'object' } }, this.userId, this.deps, 'upstream');
  }

  async invoke(args: unknown, signal: AbortSignal, context?: InvokeContext): Promise<ExecutionResult> {
    const { server, remote, deps } = this;
    if (args !== undefined && args !== null && (typeof args !== 'object' || Array.isArray(args))) {
      return { result: errorResult(`Invalid arguments for ${this.name}: arguments must be an object. Fix them and call again.`), outcome: 'invalid_arguments', upstreamMs: 0 };
    }
    const timeout = callTimeout(deps.timeoutMs);
    const combined = AbortSignal.any([signal, timeout.signal]);
    const started = performance.now();
    try {
      const params = { name: remote.name, arguments: (args ?? {}) as Record<string, unknown> };
      const options = {
        signal: combined,
        timeout: deps.timeoutMs,
        ...(context?.progress && { onprogress: context.progress, resetTimeoutOnProgress: false }),
      };
      // The hub relays the result, so it is checked structurally (call-result.ts) rather than by callTool's zod schemas,
      // and on a 2026-07-28 session sent as one plain POST (fast-call.ts) unless progress is relayed or the name needs
      // encoding. callTool stays for a tool that declares x-mcp-header parameters, whose values it mirrors into headers (SEP-2243).
      const mirrors = mirrorsHeaders(remote);
      const result = await deps.sessions.callTool(this.userId, server, params, {
        signal: combined,
        viaSdk: mirrors || !!context?.progress || !plainHeaderValue(remote.name),
        sdk: async (client) => (mirrors ? ((await client.callTool(params, options)) as CallToolResult) : client.request({ method: 'tools/call', params }, forwardedCallResult, options)),
      });
      const upstreamMs = performance.now() - started;
      return { result, outcome: result.isError ? 'upstream_error' : 'ok', upstreamMs };
    } catch (error) {
      const upstreamMs = performance.now() - started;
      const failure = this.#classify(error, { timedOut: timeout.signal.aborted, cancelled: signal.aborted });
      deps.logger.warn('remote MCP call failed', { tool: this.name, userId: this.userId, outcome: failure.outcome, reason: failure.reason });
      if (failure.rejected) deps.onCredentialRejected?.(server, failure.message);
      return { result: errorResult(failure.message), outcome: failure.outcome, upstreamMs, ...(failure.rejected && { credentialRejected: failure.message }) };
    } finally {
      timeout.clear();
    }
  }

  #classify(error: unknown, state: { timedOut: boolean; cancelled: boolean }): { message: string; outcome: UsageOutcome; reason: string; rejected?: boolean } {
    const { slug } = this.server;
    const reason = String((error as Error)?.message ?? error).slice(0, 300);
    if (state.timedOut || isTimeout(error)) {
      const seconds = this.deps.timeoutMs < 1000 ? `${this.deps.timeoutMs} ms` : `${Math.round(this.deps.timeoutMs / 1000)} s`;
      return { message: `The ${slug} MCP server did not answer within ${seconds}. Try again, or ask for less.`, outcome: 'timeout', reason };
    }
    if (state.cancelled) return { message: 'The call was cancelled before it finished.', outcome: 'cancelled', reason };
    if (error instanceof SealError) return { message: `The stored credential of the ${slug} MCP server could not be opened (was MCPHUB_ENCRYPTION_KEY changed?). ${this.deps.hints.updateRemote(slug)}`, outcome: 'not_enabled', reason };
    if (error instanceof BlockedTargetError) return { message: `${error.message}`, outcome: 'not_enabled', reason };
    if (error instanceof UnauthorizedError || (error instanceof SdkHttpError && (error.status === 401 || error.status === 403))) {
      return { message: `The ${slug} MCP server refused the stored credential. ${this.deps.hints.updateRemote(slug)}`, outcome: 'not_enabled', reason, rejected: true };
    }
    if (error instanceof ProtocolError) {
      // Our own refusal of a message past the cap (message-cap.ts) carries its whole explanation.
      if (error.code === TOO_LARGE_CODE && /MCPHUB_MAX_UPSTREAM_BYTES/.test(error.message)) return { message: error.message.replace(/^MCP error -?\d+: /, ''), outcome: 'upstream_error', reason };
      const outcome: UsageOutcome = error.code === ProtocolErrorCode.InvalidParams ? 'invalid_arguments' : 'upstream_error';
      return { message: `The ${slug} MCP server refused the call: ${error.message.slice(0, 500)}`, outcome, reason };
    }
    return { message: `The ${slug} MCP server could not be reached (${reason.slice(0, 200)}). Try again; if it keeps failing, check that it is running. ${this.deps.hints.refreshRemote(slug)}`, outcome: 'upstream_error', reason };
  }
}
