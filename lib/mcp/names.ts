/**
 * Wire tool names, built and parsed only here (STYLE.md 3). On the wire a tool
 * is `<slug>__<tool>`, because Claude clients hide a whole server when one name
 * holds `/` or `.`; people read and may type `<slug>/<tool>`, accepted as an alias.
 */

export const WIRE_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
export const SLUG_PATTERN = /^[a-z][a-z0-9-]{0,30}$/;
export const TOOL_NAME_PATTERN = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const SEPARATOR = '__';

/**
 * The slug of the hub's own tools (progressive discovery's meta-tools,
 * `hub__search_tools`): no integration may take it, built-in (the registry
 * refuses it) or remote, so a meta-tool's name never means an integration's tool.
 */
export const RESERVED_SLUG = 'hub';

/** True for a slug no integration may use. */
export function isReservedSlug(slug: string): boolean {
  return slug === RESERVED_SLUG;
}

export interface ToolRef {
  slug: string;
  tool: string;
}

export function toWireName(slug: string, tool: string): string {
  const name = `${slug}${SEPARATOR}${tool}`;
  if (!SLUG_PATTERN.test(slug) || !TOOL_NAME_PATTERN.test(tool) || !WIRE_NAME_PATTERN.test(name)) {
    throw new Error(`invalid tool name ${slug}/${tool}: slugs are lowercase kebab-case, tools snake_case, together at most 64 characters`);
  }
  return name;
}

/** Parses `slug__tool` or the `slug/tool` alias; null for anything else, including names whose wire form would pass 64 characters. */
export function parseWireName(name: string): ToolRef | null {
  const slash = name.indexOf('/');
  const at = slash >= 0 ? slash : name.indexOf(SEPARATOR);
  if (at <= 0) return null;
  const slug = name.slice(0, at);
  const tool = name.slice(at + (slash >= 0 ? 1 : SEPARATOR.length));
  const fits = slug.length + SEPARATOR.length + tool.length <= 64;
  return fits && SLUG_PATTERN.test(slug) && TOOL_NAME_PATTERN.test(tool) ? { slug, tool } : null;
}

/** How a tool is shown to people: `github/create_issue`. */
export function toDisplayName(ref: ToolRef): string {
  return `${ref.slug}/${ref.tool}`;
}
