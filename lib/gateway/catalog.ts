/**
 * One catalog per principal (DESIGN.md; STYLE.md 14): the tools a principal
 * may see and call, each with its invoker, built once when the principal is
 * cached. `tools/list` serves `listings` as they are; `tools/call` resolves
 * only here, with one Map lookup. Nothing else decides what a principal may
 * call, so each coming change is one place:
 *
 * - toolsets: the candidates are filtered by the key's toolset
 *   (`ResolvedKey.toolset`, lib/mcp/toolset-rules.ts) in `buildCatalog`, over
 *   whatever entries the candidates hold, so remote tools are filtered alike;
 * - progressive discovery: the same filtered set, listed as the meta-tools of
 *   lib/gateway/discovery (they search, describe and call it);
 * - plans: a call middleware (pipeline.ts) for quotas; an integration a plan
 *   excludes is left out here;
 * - connection status (expired, needs reconnecting): leave its tools out here,
 *   or give them an invoker that answers with the fix;
 * - remote MCP servers: `RemoteEntries` (lib/remote/catalog.ts) adds entries
 *   of another `CatalogEntry` implementation whose `invoke` calls the remote
 *   server on the user's session, with the listings it reported last;
 * - pass-through toolsets: the one remote server's entries, listed and
 *   resolved by their upstream names (`UpstreamEntry`), here too.
 */
import type { Tool } from '@modelcontextprotocol/server';
import { describeIssues } from '../mcp/errors.ts';
import { toolsetIncludes } from '../mcp/toolset-rules.ts';
import { passThroughSlug, type ToolMode, type Toolset } from '../store/toolsets.ts';
import { META_TOOL_LISTINGS } from './discovery/meta-tools.ts';
import { parseWireName, toWireName } from '../mcp/names.ts';
import { errorResult } from '../mcp/output.ts';
import type { RegisteredTool, Registry } from '../mcp/registry.ts';
import type { Connection, ResolvedKey } from '../store/port.ts';
import type { ExecutionResult, Executor } from './executor.ts';

/** A progress update for the caller (`notifications/progress`), relayed from a remote server. */
export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/** What a call carries besides its arguments and signal. */
export interface InvokeContext {
  /** Set when the caller asked for progress (a progress token): entries that learn of progress report it here. */
  progress?: (update: ProgressUpdate) => void;
}

/** One tool a principal may call. */
export interface CatalogEntry {
  /** The wire name, as listed. */
  readonly name: string;
  /** The integration slug and tool name, for usage and logs. */
  readonly integration: string;
  readonly tool: string;
  /** Checks the arguments and runs the call. */
  invoke(args: unknown, signal: AbortSignal, context?: InvokeContext): Promise<ExecutionResult>;
}

/**
 * An entry that calls a remote MCP server's tool by its own name there
 * (lib/remote/entry.ts), so a pass-through catalog can list and resolve it
 * by that name.
 */
export interface UpstreamEntry extends CatalogEntry {
  readonly upstreamName: string;
  /** This entry named by its upstream name, for usage and logs. */
  asUpstream(): CatalogEntry;
  /** An entry for another name on the same server and user: the name the caller gave goes to the server, which answers it. */
  sibling(upstreamName: string): CatalogEntry;
}

const isUpstreamEntry = (entry: CatalogEntry): entry is UpstreamEntry => typeof (entry as Partial<UpstreamEntry>).sibling === 'function' && typeof (entry as Partial<UpstreamEntry>).upstreamName === 'string';

/** The longest tool name a pass-through catalog forwards without listing it (the bound the hub keeps remote names to, lib/remote/tools.ts). */
const MAX_FORWARDED_NAME = 256;

export interface Catalog {
  /** The `tools/list` answer (the meta-tools in progressive mode), shared by every list until the principal is reloaded; never mutated. */
  readonly listings: readonly Tool[];
  /** Every tool this principal may call, as flat mode lists them (the same array as `listings` there). */
  readonly tools: readonly Tool[];
  /** The entry for a wire name or its `slug/tool` alias; undefined when this principal may not call it. */
  resolve(name: string): CatalogEntry | undefined;
  /** The listing of a tool this principal may call, by wire name or alias. */
  describe(name: string): Tool | undefined;
  /** How the tools are offered: all listed, or found through the meta-tools. */
  readonly mode: ToolMode;
  /** The toolset the key is bound to, with its rules (the router explains a refusal by them); null when it sees every enabled tool. */
  readonly toolset: Pick<Toolset, 'id' | 'name' | 'rules' | 'excludeDestructive'> | null;
  /** The slug of the remote server a pass-through toolset shows as it is (its prompts and resources unprefixed too); null (or absent) otherwise. */
  readonly passThrough?: string | null;
}

/** A tool a principal could call before its toolset is applied: its listing and its invoker. */
export interface CatalogCandidate {
  listing: Tool;
  entry: CatalogEntry;
}

/** Builds a principal's catalog from what its key resolved to (key, user, enabled connections). */
export type CatalogBuilder = (resolved: ResolvedKey) => Catalog;

/** The entries and listings of a principal's remote MCP servers (lib/remote/catalog.ts), built from the tool lists they reported last. */
export type RemoteEntries = (resolved: ResolvedKey, taken: ReadonlySet<string>) => Array<{ listing: Tool; entry: CatalogEntry }>;

/** A built-in tool bound to the principal's connection: arguments checked by its zod schema, then run by the executor. */
class ConnectedTool implements CatalogEntry {
  readonly name: string;
  readonly integration: string;
  readonly tool: string;

  constructor(
    private readonly registered: RegisteredTool,
    private readonly connection: Connection,
    private readonly executor: Executor,
  ) {
    this.name = registered.wireName;
    this.integration = registered.integration.slug;
    this.tool = registered.tool.name;
  }

  async invoke(args: unknown, signal: AbortSignal): Promise<ExecutionResult> {
    const { registered, connection } = this;
    const parsed = registered.tool.input.safeParse(args ?? {});
    if (!parsed.success) {
      const message = `Invalid arguments for ${this.name}: ${describeIssues(parsed.error.issues)}. Fix these and call again.`;
      return { result: errorResult(message), outcome: 'invalid_arguments', upstreamMs: 0 };
    }
    return this.executor.execute({ entry: registered, args: parsed.data, userId: connection.userId, sealedCredential: connection.sealedCredential, settings: connection.settings, signal });
  }
}

class MapCatalog implements Catalog {
  readonly listings: readonly Tool[];

  constructor(
    readonly tools: readonly Tool[],
    private readonly byName: ReadonlyMap<string, CatalogCandidate>,
    readonly mode: ToolMode,
    readonly toolset: Catalog['toolset'],
    readonly passThrough: string | null = null,
    /** Pass-through only: forwards a name the server did not list (it answers as it would to its own client). */
    private readonly forward?: UpstreamEntry,
  ) {
    this.listings = mode === 'progressive' ? META_TOOL_LISTINGS : tools;
  }

  resolve(name: string): CatalogEntry | undefined {
    const found = this.#find(name)?.entry;
    if (found || !this.forward || typeof name !== 'string' || name.length === 0 || name.length > MAX_FORWARDED_NAME) return found;
    return this.forward.sibling(name);
  }

  describe(name: string): Tool | undefined {
    return this.#find(name)?.listing;
  }

  #find(name: string): CatalogCandidate | undefined {
    const found = this.byName.get(name);
    // Upstream names may hold `/` themselves: a pass-through catalog has no aliases.
    if (found || !name.includes('/') || this.passThrough) return found;
    // The `slug/tool` alias people type: rare, so it is parsed here rather than stored twice per principal.
    const ref = parseWireName(name);
    return ref ? this.byName.get(toWireName(ref.slug, ref.tool)) : undefined;
  }
}

/**
 * The one place a principal's catalog is decided from its candidates: the
 * key's toolset keeps exactly the tools its rules take in (list and call read
 * the result alike), and the key's mode (else the toolset's, else flat) says
 * how they are offered.
 */
export function buildCatalog(candidates: readonly CatalogCandidate[], resolved: Pick<ResolvedKey, 'key' | 'toolset'>): Catalog {
  const { toolset } = resolved;
  const kept = toolset ? candidates.filter(({ listing, entry }) => toolsetIncludes(toolset, { name: entry.name, integration: entry.integration, annotations: listing.annotations })) : candidates;
  const passThrough = passThroughSlug(toolset);
  if (passThrough) return passThroughCatalog(kept, passThrough, toolset!);
  const byName = new Map<string, CatalogCandidate>();
  for (const candidate of kept) byName.set(candidate.entry.name, candidate);
  const mode = resolved.key.mode ?? toolset?.mode ?? 'flat';
  return new MapCatalog(kept.map((c) => c.listing), byName, mode, toolset);
}

/**
 * A pass-through toolset's catalog: its one remote server's tools under their
 * upstream names, listed and resolved alike, always flat (a key's progressive
 * override would hide the names the toolset exists to keep). A name the
 * server did not list is forwarded to it, on the caller's session and
 * metered like any call, so the client sees the server's own answer (the
 * toolset takes the whole server, so nothing is let through that the rules
 * leave out).
 */
function passThroughCatalog(kept: readonly CatalogCandidate[], slug: string, toolset: Toolset): Catalog {
  const byName = new Map<string, CatalogCandidate>();
  let forward: UpstreamEntry | undefined;
  for (const { listing, entry } of kept) {
    if (!isUpstreamEntry(entry) || entry.integration !== slug || byName.has(entry.upstreamName)) continue;
    forward ??= entry;
    byName.set(entry.upstreamName, { listing: { ...listing, name: entry.upstreamName }, entry: entry.asUpstream() });
  }
  const tools = [...byName.values()].map((candidate) => candidate.listing);
  return new MapCatalog(tools, byName, 'flat', toolset, slug, forward);
}

/**
 * Builds catalogs over the registry's tools, run by `executor`. The tools of
 * each integration are looked up once here, so a cache fill only binds them
 * to the principal's connections (entries share the registry's listings).
 */
export function createCatalogBuilder(registry: Registry, executor: Executor, remote?: RemoteEntries): CatalogBuilder {
  const toolsBySlug = new Map<string, RegisteredTool[]>();
  for (const integration of registry.integrations) {
    toolsBySlug.set(integration.slug, integration.tools.map((tool) => registry.resolve(toWireName(integration.slug, tool.name))!));
  }
  const builtInSlugs = new Set(registry.integrations.map((integration) => integration.slug));
  return (resolved) => {
    const candidates: CatalogCandidate[] = [];
    for (const connection of resolved.connections) {
      // A connection of an integration this hub no longer serves lists nothing.
      for (const registered of toolsBySlug.get(connection.slug) ?? []) {
        candidates.push({ listing: registered.listing, entry: new ConnectedTool(registered, connection, executor) });
      }
    }
    // Remote servers never take a built-in's slug (services/remote-servers.ts refuses it); checked again here all the same.
    const names = new Set(candidates.map((candidate) => candidate.entry.name));
    for (const candidate of remote?.(resolved, builtInSlugs) ?? []) {
      if (names.has(candidate.entry.name)) continue;
      names.add(candidate.entry.name);
      candidates.push(candidate);
    }
    return buildCatalog(candidates, resolved);
  };
}
