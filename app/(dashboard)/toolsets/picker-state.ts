/**
 * The Toolsets page's draft: what the picker's controls hold, turned into the
 * rules the API takes and back. Which tools a draft holds is decided by
 * lib/mcp/toolset-rules.ts, the same function the hub's catalog uses, so the
 * page shows what a bound key will see. Pure; no React.
 */
import { toolsetIncludes } from '../../../lib/mcp/toolset-rules.ts';
import type { ToolMode, ToolsetRule } from '../../../lib/store/toolsets.ts';

export interface Draft {
  name: string;
  mode: ToolMode;
  /** Whole integrations, by slug. */
  integrations: ReadonlySet<string>;
  /** Single tools, by wire name. */
  tools: ReadonlySet<string>;
  readOnly: boolean;
  excludeDestructive: boolean;
  /** One remote MCP server under its own names (the hub checks the rest: one whole server, flat, nothing excluded). */
  passThrough: boolean;
}

export const EMPTY_DRAFT: Draft = { name: '', mode: 'flat', integrations: new Set(), tools: new Set(), readOnly: false, excludeDestructive: false, passThrough: false };

export function toRules(draft: Draft): ToolsetRule[] {
  return [
    ...[...draft.integrations].map((slug) => ({ kind: 'integration' as const, slug })),
    // A tool of a whole integration is in already: its own rule would only be noise.
    ...[...draft.tools].filter((name) => !draft.integrations.has(name.slice(0, name.indexOf('__')))).map((name) => ({ kind: 'tool' as const, name })),
    ...(draft.readOnly ? [{ kind: 'read_only' as const }] : []),
  ];
}

export function fromToolset(toolset: { name: string; mode: ToolMode; rules: readonly ToolsetRule[]; excludeDestructive: boolean; passThrough?: boolean }): Draft {
  return {
    name: toolset.name,
    mode: toolset.mode,
    integrations: new Set(toolset.rules.flatMap((r) => (r.kind === 'integration' ? [r.slug] : []))),
    tools: new Set(toolset.rules.flatMap((r) => (r.kind === 'tool' ? [r.name] : []))),
    readOnly: toolset.rules.some((r) => r.kind === 'read_only'),
    excludeDestructive: toolset.excludeDestructive,
    passThrough: toolset.passThrough ?? false,
  };
}

export function toggled<T>(set: ReadonlySet<T>, value: T, on: boolean): Set<T> {
  const next = new Set(set);
  if (on) next.add(value);
  else next.delete(value);
  return next;
}

/** Whether the draft's set holds this tool of `integration`. */
export function holds(draft: Draft, integration: string, tool: { name: string; annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean } | undefined }): boolean {
  return toolsetIncludes({ rules: toRules(draft), excludeDestructive: draft.excludeDestructive }, { name: tool.name, integration, annotations: tool.annotations });
}

/** A tool matches the search box when its name, title or description contains the words. */
export function matchesSearch(tool: { name: string; title?: string | undefined; description?: string | undefined }, q: string): boolean {
  const words = q.trim().toLowerCase();
  return !words || `${tool.name} ${tool.title ?? ''} ${tool.description ?? ''}`.toLowerCase().includes(words);
}
