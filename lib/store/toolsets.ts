/**
 * The toolsets half of the Store port (lib/store/port.ts): a user's named
 * sets of tools, and which set (and which discovery mode) each API key is
 * bound to. What a rule means is lib/mcp/toolset-rules.ts's; the store keeps
 * rules as given, checking only their shape and bounds (`toolsetProblem`),
 * the same in both adapters. Every change here is a `toolset` change of its
 * user, so cached principals are rebuilt and open sessions re-list their tools.
 */
import type { Actor, ApiKeyRecord } from './port.ts';

/** `flat`: every tool is listed. `progressive`: a few meta-tools to search, describe and call them (lib/gateway/discovery). */
export const TOOL_MODES = ['flat', 'progressive'] as const;
export type ToolMode = (typeof TOOL_MODES)[number];

/**
 * One rule of a toolset; a tool is in the set when any rule takes it in:
 * every tool of an integration, one tool by wire name (`github__get_issue`),
 * or every tool that says it only reads (`readOnlyHint: true`).
 */
export type ToolsetRule = { kind: 'integration'; slug: string } | { kind: 'tool'; name: string } | { kind: 'read_only' };

export interface ToolsetSpec {
  name: string;
  rules: ToolsetRule[];
  /** Leaves out, after the rules, every tool that may destroy data ("no destructive tools"). */
  excludeDestructive: boolean;
  mode: ToolMode;
  /**
   * Lists one remote MCP server as it is: its tools, prompts and resources
   * under their own names and URIs, and calls by those names (a name it did
   * not list goes to the server too, which answers it). Only with exactly one
   * integration rule, flat, and no exclusions (`toolsetProblem`); the rule
   * naming a remote server is the service's check (services/toolsets.ts).
   * Absent: false.
   */
  passThrough?: boolean;
}

export interface Toolset extends ToolsetSpec {
  passThrough: boolean;
  id: string;
  userId: string;
  createdAt: number;
  updatedAt: number;
}

export const MAX_TOOLSET_NAME_CHARS = 60;
/** Enough for a hand-picked set across several integrations; a bound on what one principal's catalog build walks. */
export const MAX_TOOLSET_RULES = 200;
/** Per user: the picker lists them all. */
export const MAX_TOOLSETS_PER_USER = 50;
const MAX_RULE_TEXT = 128;

/** Why a toolset (or a part of one, on update) cannot be stored, or null when it can. One check for both adapters. */
export function toolsetProblem(spec: Partial<ToolsetSpec>): string | null {
  if (spec.name !== undefined && (spec.name.trim().length === 0 || spec.name.length > MAX_TOOLSET_NAME_CHARS)) return `a toolset name must be 1 to ${MAX_TOOLSET_NAME_CHARS} characters`;
  if (spec.mode !== undefined && !(TOOL_MODES as readonly string[]).includes(spec.mode)) return `the mode must be one of ${TOOL_MODES.join(', ')}`;
  if (spec.rules !== undefined) {
    if (!Array.isArray(spec.rules) || spec.rules.length > MAX_TOOLSET_RULES) return `a toolset has at most ${MAX_TOOLSET_RULES} rules`;
    for (const rule of spec.rules) {
      const text = rule.kind === 'integration' ? rule.slug : rule.kind === 'tool' ? rule.name : rule.kind === 'read_only' ? 'x' : undefined;
      if (typeof text !== 'string' || text.length === 0 || text.length > MAX_RULE_TEXT) return `each rule is an integration slug, a tool name (at most ${MAX_RULE_TEXT} characters) or read_only`;
    }
  }
  if (spec.passThrough !== undefined && typeof spec.passThrough !== 'boolean') return 'passThrough must be true or false';
  if (spec.passThrough === true) {
    const [only] = spec.rules ?? [];
    if (spec.rules !== undefined && (spec.rules.length !== 1 || only?.kind !== 'integration')) return 'a pass-through toolset has exactly one rule: the remote MCP server it passes through (--integration <slug>)';
    if (spec.excludeDestructive === true) return 'a pass-through toolset lists its server as it is: drop "no destructive tools", or turn pass-through off';
    if (spec.mode !== undefined && spec.mode !== 'flat') return 'a pass-through toolset is flat (its server\'s own tools are listed): use mode flat, or turn pass-through off';
  }
  return null;
}

/** The slug of the remote MCP server a pass-through toolset passes through, or null for any other toolset. */
export function passThroughSlug(toolset: Pick<ToolsetSpec, 'passThrough' | 'rules'> | null | undefined): string | null {
  const only = toolset?.passThrough ? toolset.rules[0] : undefined;
  return only?.kind === 'integration' ? only.slug : null;
}

/** The rules with nothing but their own fields, so a store keeps exactly what a rule means (call after `toolsetProblem`). */
export function cleanRules(rules: readonly ToolsetRule[]): ToolsetRule[] {
  return rules.map((rule) => (rule.kind === 'integration' ? { kind: rule.kind, slug: rule.slug } : rule.kind === 'tool' ? { kind: rule.kind, name: rule.name } : { kind: rule.kind }));
}

export interface ToolsetStore {
  /** Oldest first. */
  listToolsets(userId: string): Promise<Toolset[]>;
  /** One of the user's toolsets; null when unknown or another user's. */
  getToolset(userId: string, id: string): Promise<Toolset | null>;
  /** `USER_NOT_FOUND`, `TOOLSET_NAME_TAKEN` (names are unique per user, ignoring case), `INVALID_INPUT` (toolsetProblem, or too many toolsets). */
  createToolset(input: { userId: string } & ToolsetSpec & Actor): Promise<Toolset>;
  /** Replaces the given fields; null when unknown or another user's. */
  updateToolset(input: { userId: string; id: string } & Partial<ToolsetSpec> & Actor): Promise<Toolset | null>;
  /**
   * Deletes a toolset; false when unknown or another user's. `TOOLSET_IN_USE`
   * while an unrevoked key is bound to it: unbinding those keys silently would
   * widen what they may call. Revoked keys bound to it are unbound.
   */
  deleteToolset(input: { userId: string; id: string } & Actor): Promise<boolean>;
  /**
   * Binds one of the user's keys to one of their toolsets (or to none: every
   * enabled tool) and sets its mode override (null: the toolset's mode, flat
   * without one). Null when the key is unknown or another user's;
   * `TOOLSET_NOT_FOUND` when the toolset is; `INVALID_INPUT` for a revoked key.
   */
  bindApiKey(input: { userId: string; keyId: string; toolsetId: string | null; mode: ToolMode | null } & Actor): Promise<ApiKeyRecord | null>;
}
