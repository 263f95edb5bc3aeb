/**
 * What a toolset's rules take in (lib/store/toolsets.ts): one function for the
 * catalog builder (what a bound key may list and call) and the Toolsets page's
 * picker (what a set will hold), so both agree. Pure, with type imports only:
 * the page's bundle takes it as it is. Works on any tool with a wire name, an
 * integration slug and MCP annotations, built-in or remote.
 */
import type { Toolset, ToolsetRule } from '../store/toolsets.ts';

/** What the rules read of a tool. */
export interface ToolFacts {
  /** The wire name, `github__get_issue`. */
  name: string;
  /** The integration slug. */
  integration: string;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean } | undefined;
}

/** True for a tool that says it only reads. */
export function isReadOnly(tool: Pick<ToolFacts, 'annotations'>): boolean {
  return tool.annotations?.readOnlyHint === true;
}

/**
 * True for a tool that may destroy data. As the MCP spec defines the hints:
 * `destructiveHint` counts only for a tool that is not read-only, and a tool
 * that does not say is assumed destructive (the default is true).
 */
export function isDestructive(tool: Pick<ToolFacts, 'annotations'>): boolean {
  return !isReadOnly(tool) && tool.annotations?.destructiveHint !== false;
}

function ruleTakes(rule: ToolsetRule, tool: ToolFacts): boolean {
  switch (rule.kind) {
    case 'integration':
      return rule.slug === tool.integration;
    case 'tool':
      return rule.name === tool.name;
    case 'read_only':
      return isReadOnly(tool);
  }
}

/** True when `tool` is in the set: some rule takes it in, and it is not destructive if the set excludes those. */
export function toolsetIncludes(toolset: Pick<Toolset, 'rules' | 'excludeDestructive'>, tool: ToolFacts): boolean {
  if (toolset.excludeDestructive && isDestructive(tool)) return false;
  return toolset.rules.some((rule) => ruleTakes(rule, tool));
}
