/**
 * Toolsets of one user (lib/store/toolsets.ts): create, update, delete, list,
 * bind a key, and the tools a picker offers. Every function is scoped by
 * `userId`: another user's toolset or key is `not_found`, like one that does
 * not exist. Rules are checked against the tools the hub knows — an unknown
 * integration or tool name is refused with the names that would be right —
 * and a tool given as `slug/tool` is stored by its wire name. A running hub
 * applies a change to open sessions within a second (`tools/list_changed`).
 */
import type { Tool } from '@modelcontextprotocol/server';
import { parseWireName, toWireName } from '../mcp/names.ts';
import type { ApiKeyRecord } from '../store/port.ts';
import { MAX_TOOLSET_NAME_CHARS, MAX_TOOLSET_RULES, TOOL_MODES, passThroughSlug, toolsetProblem, type ToolMode, type Toolset, type ToolsetRule, type ToolsetSpec } from '../store/toolsets.ts';
import { toListing } from '../remote/tools.ts';
import type { ServiceDeps } from './deps.ts';
import { ServiceError, fromStoreError } from './errors.ts';

type ToolsetDeps = Pick<ServiceDeps, 'store' | 'registry' | 'actor' | 'hints'>;

/** An integration as the picker shows it: its tools with their annotations, and whether the user has it enabled. */
export interface PickerIntegration {
  slug: string;
  name: string;
  enabled: boolean;
  tools: Array<Pick<Tool, 'name' | 'title' | 'description' | 'annotations'>>;
}

/** What a person may send: rules as the API and CLI take them. */
export interface ToolsetInput {
  name: string;
  rules: ToolsetRule[];
  excludeDestructive?: boolean;
  mode?: ToolMode;
  /** Lists one remote MCP server under its own names (lib/store/toolsets.ts `passThrough`). */
  passThrough?: boolean;
}

/**
 * Every tool a toolset may name, by integration: the hub's built-in
 * integrations, with whether this user has each enabled. The one list the
 * checks, the API and the Toolsets page read (remote MCP servers add their
 * integrations here).
 */
export async function toolDirectory(deps: Pick<ServiceDeps, 'store' | 'registry'>, input: { userId: string }): Promise<PickerIntegration[]> {
  const [connections, remoteServers] = await Promise.all([deps.store.listConnections(input.userId), deps.store.listRemoteServers(input.userId)]);
  const enabled = new Set(connections.filter((c) => c.enabled).map((c) => c.slug));
  const builtIn = deps.registry.integrations.map((integration) => ({
    slug: integration.slug,
    name: integration.name,
    enabled: enabled.has(integration.slug),
    tools: deps.registry.listings(integration.slug).map(({ name, title, description, annotations }) => ({ name, title, description, annotations })),
  }));
  // The user's remote MCP servers, with their tools as the catalog lists them (lib/remote/tools.ts), so rules may name them.
  const remote = remoteServers.map((server) => ({
    slug: server.slug,
    name: `${server.slug} (MCP server)`,
    enabled: true,
    tools: server.tools.map((tool) => toListing(server.slug, tool)).map(({ name, title, description, annotations }) => ({ name, title, description, annotations })),
  }));
  return [...builtIn, ...remote];
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > MAX_TOOLSET_NAME_CHARS) throw new ServiceError('invalid', `A toolset name must be 1 to ${MAX_TOOLSET_NAME_CHARS} characters.`);
  return name;
}

function checkMode(mode: string | undefined): ToolMode | undefined {
  if (mode === undefined || (TOOL_MODES as readonly string[]).includes(mode)) return mode as ToolMode | undefined;
  throw new ServiceError('invalid', `Unknown mode "${String(mode).slice(0, 40)}": use ${TOOL_MODES.join(' or ')}.`);
}

/** The rules with tool aliases turned into wire names and repeats dropped; refuses what names nothing the hub has. */
async function checkRules(deps: ToolsetDeps, userId: string, rules: readonly ToolsetRule[]): Promise<ToolsetRule[]> {
  if (rules.length === 0) throw new ServiceError('invalid', 'A toolset needs at least one rule: a whole integration, a tool, or read_only (every read-only tool).');
  if (rules.length > MAX_TOOLSET_RULES) throw new ServiceError('invalid', `A toolset has at most ${MAX_TOOLSET_RULES} rules (this one has ${rules.length}); take in whole integrations instead of their tools one by one.`);
  const directory = await toolDirectory(deps, { userId });
  const slugs = new Set(directory.map((i) => i.slug));
  const tools = new Set(directory.flatMap((i) => i.tools.map((t) => t.name)));
  const unknownSlugs: string[] = [];
  const unknownTools: string[] = [];
  const seen = new Set<string>();
  const out: ToolsetRule[] = [];
  for (const rule of rules) {
    let clean: ToolsetRule;
    if (rule.kind === 'integration') {
      if (!slugs.has(rule.slug)) unknownSlugs.push(rule.slug);
      clean = { kind: 'integration', slug: rule.slug };
    } else if (rule.kind === 'tool') {
      const ref = parseWireName(rule.name);
      const name = ref ? toWireName(ref.slug, ref.tool) : rule.name;
      if (!tools.has(name)) unknownTools.push(rule.name);
      clean = { kind: 'tool', name };
    } else if (rule.kind === 'read_only') {
      clean = { kind: 'read_only' };
    } else {
      throw new ServiceError('invalid', `Unknown rule kind "${String((rule as { kind?: unknown }).kind).slice(0, 40)}": a rule is {kind: "integration", slug}, {kind: "tool", name} or {kind: "read_only"}.`);
    }
    const key = JSON.stringify(clean);
    if (!seen.has(key)) out.push(clean), seen.add(key);
  }
  const problems = [
    unknownSlugs.length > 0 && `unknown integration(s) ${unknownSlugs.slice(0, 5).map((s) => `"${s.slice(0, 40)}"`).join(', ')} (the hub has ${[...slugs].join(', ')})`,
    unknownTools.length > 0 && `unknown tool(s) ${unknownTools.slice(0, 5).map((s) => `"${s.slice(0, 70)}"`).join(', ')} (tool names look like github__create_issue; GET /api/v1/toolsets/tools or \`mcphub integrations list\` shows them)`,
  ].filter(Boolean);
  if (problems.length > 0) throw new ServiceError('invalid', `This toolset names ${problems.join(' and ')}. Fix the names and save again.`);
  return out;
}

/**
 * A pass-through toolset as it will be stored: one rule, naming one of the
 * user's remote MCP servers (a built-in integration has no names of its own
 * to pass through), flat, nothing excluded. Refused with what to change.
 */
async function checkPassThrough(deps: ToolsetDeps, userId: string, spec: ToolsetSpec): Promise<void> {
  if (!spec.passThrough) return;
  const problem = toolsetProblem(spec);
  if (problem) throw new ServiceError('invalid', `${problem[0]!.toUpperCase()}${problem.slice(1)}.`);
  const slug = passThroughSlug(spec)!;
  const servers = await deps.store.listRemoteServers(userId);
  if (!servers.some((server) => server.slug === slug)) {
    const names = servers.map((server) => server.slug);
    const yours = names.length > 0 ? `yours: ${names.join(', ')}` : 'you have none yet';
    throw new ServiceError('invalid', `A pass-through toolset passes through one remote MCP server, and "${slug.slice(0, 40)}" is not one of yours (${yours}). Name a remote server, or turn pass-through off.${names.length > 0 ? '' : ` ${deps.hints.addRemote()}`}`);
  }
}

function noSuchToolset(deps: ToolsetDeps, id: string): ServiceError {
  return new ServiceError('not_found', `No toolset with id ${id.slice(0, 100)}. ${deps.hints.listToolsets()}`);
}

const storeMessages = (deps: ToolsetDeps, name?: string) => ({
  TOOLSET_NAME_TAKEN: `You already have a toolset named "${name ?? ''}". Pick another name, or change that toolset.`,
  USER_NOT_FOUND: 'No such user.',
  TOOLSET_NOT_FOUND: `No such toolset. ${deps.hints.listToolsets()}`,
});

export function listToolsets(deps: Pick<ServiceDeps, 'store'>, input: { userId: string }): Promise<Toolset[]> {
  return deps.store.listToolsets(input.userId);
}

export async function getToolset(deps: ToolsetDeps, input: { userId: string; id: string }): Promise<Toolset> {
  const toolset = await deps.store.getToolset(input.userId, input.id);
  if (!toolset) throw noSuchToolset(deps, input.id);
  return toolset;
}

export async function createToolset(deps: ToolsetDeps, input: { userId: string } & ToolsetInput): Promise<Toolset> {
  const spec: ToolsetSpec = {
    name: checkName(input.name),
    rules: await checkRules(deps, input.userId, input.rules),
    excludeDestructive: input.excludeDestructive ?? false,
    mode: checkMode(input.mode) ?? 'flat',
    passThrough: input.passThrough === true,
  };
  await checkPassThrough(deps, input.userId, spec);
  try {
    return await deps.store.createToolset({ userId: input.userId, ...spec, actor: deps.actor });
  } catch (error) {
    throw fromStoreError(error, storeMessages(deps, spec.name));
  }
}

export async function updateToolset(deps: ToolsetDeps, input: { userId: string; id: string } & Partial<ToolsetInput>): Promise<Toolset> {
  const patch: Partial<ToolsetSpec> = {
    ...(input.name !== undefined && { name: checkName(input.name) }),
    ...(input.rules !== undefined && { rules: await checkRules(deps, input.userId, input.rules) }),
    ...(input.excludeDestructive !== undefined && { excludeDestructive: input.excludeDestructive }),
    ...(input.mode !== undefined && { mode: checkMode(input.mode)! }),
    ...(input.passThrough !== undefined && { passThrough: input.passThrough === true }),
  };
  const current = await deps.store.getToolset(input.userId, input.id);
  if (!current) throw noSuchToolset(deps, input.id);
  await checkPassThrough(deps, input.userId, { ...current, ...patch });
  let updated: Toolset | null;
  try {
    updated = await deps.store.updateToolset({ userId: input.userId, id: input.id, ...patch, actor: deps.actor });
  } catch (error) {
    throw fromStoreError(error, storeMessages(deps, patch.name));
  }
  if (!updated) throw noSuchToolset(deps, input.id);
  return updated;
}

export async function deleteToolset(deps: ToolsetDeps, input: { userId: string; id: string }): Promise<void> {
  let deleted: boolean;
  try {
    deleted = await deps.store.deleteToolset({ userId: input.userId, id: input.id, actor: deps.actor });
  } catch (error) {
    // Deleting it would leave those keys seeing every tool: the person chooses what they see first.
    throw fromStoreError(error, { TOOLSET_IN_USE: `This toolset is in use: ${(error as Error).message.replace(/^the toolset is /, '')}. ${deps.hints.bindKey()} Or revoke those keys, then delete the toolset.` });
  }
  if (!deleted) throw noSuchToolset(deps, input.id);
}

/** Binds a key to a toolset (null: every enabled tool) with a mode override (null: the toolset's, flat without one). */
export async function bindKey(deps: ToolsetDeps, input: { userId: string; keyId: string; toolsetId: string | null; mode: ToolMode | null }): Promise<ApiKeyRecord> {
  const mode = input.mode === null ? null : checkMode(input.mode)!;
  let bound: ApiKeyRecord | null;
  try {
    bound = await deps.store.bindApiKey({ userId: input.userId, keyId: input.keyId, toolsetId: input.toolsetId, mode, actor: deps.actor });
  } catch (error) {
    throw fromStoreError(error, { ...storeMessages(deps), INVALID_INPUT: `Key ${input.keyId} is revoked, so it cannot be bound. ${deps.hints.createKey()}` });
  }
  if (!bound) throw new ServiceError('not_found', `No key with id ${input.keyId.slice(0, 100)}. ${deps.hints.listKeys()}`);
  return bound;
}
