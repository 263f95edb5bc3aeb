/**
 * The terminal `tools/call` handler: resolve the name, check the integration
 * is enabled for this principal, validate arguments, then hand over to the
 * executor. Nothing leaves the hub until all three checks pass.
 */
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { describeIssues } from '../mcp/errors.ts';
import { errorResult } from '../mcp/output.ts';
import type { Registry } from '../mcp/registry.ts';
import type { Executor } from './executor.ts';
import type { CallHandler } from './pipeline.ts';

export interface RouterOptions {
  registry: Registry;
  executor: Executor;
  /** How to enable an integration, for the not-enabled message (a dashboard URL or CLI command). */
  enableHint: (slug: string) => string;
}

export function createRouter({ registry, executor, enableHint }: RouterOptions): CallHandler {
  return async ({ principal, name, arguments: args, signal }) => {
    const entry = registry.resolve(name);
    if (!entry) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool "${name}". Call tools/list for the tools you can use; names look like github__create_issue.`);
    }
    const slug = entry.integration.slug;
    const base = { integration: slug, tool: entry.tool.name };
    const connection = principal.connections.get(slug);
    if (!connection) {
      const message = `${entry.integration.name} is not enabled for your account, so ${entry.wireName} cannot run. ${enableHint(slug)}`;
      return { ...base, result: errorResult(message), outcome: 'not_enabled', upstreamMs: 0 };
    }
    const parsed = entry.tool.input.safeParse(args ?? {});
    if (!parsed.success) {
      const message = `Invalid arguments for ${entry.wireName}: ${describeIssues(parsed.error.issues)}. Fix these and call again.`;
      return { ...base, result: errorResult(message), outcome: 'invalid_arguments', upstreamMs: 0 };
    }
    const executed = await executor.execute({ entry, args: parsed.data, userId: principal.userId, sealedCredential: connection.sealedCredential, settings: connection.settings, signal });
    return { ...base, ...executed };
  };
}
