/**
 * Runs one tool of one integration the way the hub does — input validated by
 * the tool's schema, credential sealed for a user, the in-process executor with
 * its metered fetch and timeout — against whatever upstream the test points at.
 */
import { randomBytes } from 'node:crypto';
import { credentialContext, createSealer } from '../../lib/crypto/seal.ts';
import { createInProcessExecutor, type ExecutionResult } from '../../lib/gateway/executor.ts';
import type { Logger } from '../../lib/log.ts';
import type { AnyIntegration, ClientOptions } from '../../lib/mcp/define.ts';
import { ToolError } from '../../lib/mcp/errors.ts';
import { createRegistry, type Registry } from '../../lib/mcp/registry.ts';
import { remoteHints } from '../../lib/server/hints.ts';
import { DEFAULT_LIMITS } from '../../lib/server/limits.ts';
import type { ConnectionSettings } from '../../lib/store/port.ts';

export interface ToolRun extends ExecutionResult {
  /** The result's text content, joined. */
  text: string;
  structured: Record<string, any> | undefined;
}

export interface RunOptions {
  /** Defaults to the runner's credential. */
  token?: string;
  /** The connection's stored settings; defaults to the runner's (or none). */
  settings?: ConnectionSettings;
  timeoutMs?: number;
  /** Defaults to the runner's upstream. */
  apiUrl?: string;
  /** The caller's cancellation. */
  signal?: AbortSignal;
}

export interface ToolRunner {
  (tool: string, args: Record<string, unknown>, options?: RunOptions): Promise<ToolRun>;
  registry: Registry;
}

export function createToolRunner(
  integration: AnyIntegration,
  defaults: {
    /** Read at each call: fakes start in `beforeAll`, after the runner is made. None for PostgreSQL (its credential says where). */
    apiUrl?: () => string | undefined;
    credential: string;
    settings?: ConnectionSettings;
    logger: Logger;
    /** Sees every run, e.g. to collect outputs for a leak check. */
    onRun?: (run: ToolRun) => void;
  },
): ToolRunner {
  const registry = createRegistry([integration]);
  const sealer = createSealer(randomBytes(32));
  const { slug } = integration;
  const run = async (tool: string, args: Record<string, unknown>, options: RunOptions = {}): Promise<ToolRun> => {
    const entry = registry.resolve(`${slug}__${tool}`);
    if (!entry) throw new Error(`${slug} has no tool ${tool}`);
    const apiUrl = options.apiUrl ?? defaults.apiUrl?.();
    const executor = createInProcessExecutor({ sealer, apiUrls: apiUrl ? { [slug]: apiUrl } : {}, timeoutMs: options.timeoutMs ?? 5_000, maxUpstreamBytes: DEFAULT_LIMITS.maxUpstreamBytes, hints: remoteHints(), logger: defaults.logger });
    const sealedCredential = sealer.seal(options.token ?? defaults.credential, credentialContext('usr_alice', slug));
    const result = await executor.execute({ entry, args: entry.tool.input.parse(args), userId: 'usr_alice', sealedCredential, settings: options.settings ?? defaults.settings ?? {}, signal: options.signal ?? new AbortController().signal });
    const text = result.result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
    const toolRun = { ...result, text, structured: result.result.structuredContent as Record<string, any> | undefined };
    defaults.onRun?.(toolRun);
    return toolRun;
  };
  return Object.assign(run, { registry });
}

/** Options for calling `integration.createClient` directly (no executor): plain fetch, default settings unless given. */
export function directClientOptions(integration: AnyIntegration, options: { baseUrl?: string; signal: AbortSignal; settings?: ConnectionSettings }): ClientOptions<any> {
  const readLimit = { maxBytes: DEFAULT_LIMITS.maxUpstreamBytes, exceeded: () => new ToolError('UPSTREAM_RESPONSE_TOO_LARGE', 'over the read limit') };
  return { baseUrl: options.baseUrl, fetch, timeUpstream: (work) => work(), readLimit, signal: options.signal, settings: integration.settings?.parse(options.settings ?? {}) ?? {} };
}
