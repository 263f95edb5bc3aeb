/**
 * The terminal `tools/call` handler: the principal's catalog decides what runs
 * (catalog.ts), one Map lookup; the entry checks the arguments and invokes.
 * Nothing leaves the hub until the name resolved and the arguments passed.
 */
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { errorResult } from '../mcp/output.ts';
import { toolsetIncludes } from '../mcp/toolset-rules.ts';
import type { Registry } from '../mcp/registry.ts';
import type { CallHandler } from './pipeline.ts';

export interface RouterOptions {
  /** Read only to explain a refusal: a tool the hub has but this principal's catalog does not. */
  registry: Registry;
  /** How to enable an integration (hints.ts `enable`). */
  enableHint: (slug: string) => string;
}

export function createRouter({ registry, enableHint }: RouterOptions): CallHandler {
  return async ({ principal, name, arguments: args, signal, progress }) => {
    const { catalog } = principal;
    const entry = catalog.resolve(name);
    if (entry) return { integration: entry.integration, tool: entry.tool, ...(await entry.invoke(args, signal, progress && { progress })) };
    const known = registry.resolve(name);
    // A key bound to a toolset knows only that set: what else the hub has is unknown to it, as it is to its tools/list.
    // A tool the set takes in but the user has not enabled is answered below, with the fix, as for an unbound key.
    const outsideToolset = catalog.toolset !== null && !(known && toolsetIncludes(catalog.toolset, { name: known.wireName, integration: known.integration.slug, annotations: known.listing.annotations }));
    if (!known || outsideToolset) {
      const scope = catalog.toolset ? ` This key is bound to the toolset "${catalog.toolset.name}", which does not include it.` : '';
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool "${name}".${scope} Call tools/list for the tools you can use; names look like github__create_issue.`);
    }
    // The hub has this tool but the principal may not call it: say how to change that, in a result the model reads.
    const message = `${known.integration.name} is not enabled for your account, so ${known.wireName} cannot run. ${enableHint(known.integration.slug)}`;
    return { integration: known.integration.slug, tool: known.tool.name, result: errorResult(message), outcome: 'not_enabled', upstreamMs: 0 };
  };
}
