/**
 * Remote tool names → the hub's safe form (issue 15). A remote server may
 * name tools `search-docs`, `files/read`, `Get Page` or longer than fits in
 * `<slug>__<tool>` within 64 characters; Claude clients hide a whole server
 * when one name holds `/` or `.`, and OpenAI rejects dots (DESIGN.md). A
 * name already in the hub's style (snake_case, fitting) is kept; any other
 * becomes its snake_case form plus `_` and a short hash of the original, so
 * the mapping is deterministic (the same names always map alike),
 * collision-free (a clash lengthens the hash) and reversed on call through
 * the stored pair (RemoteTool `name` ↔ `wireTool`).
 */
import { createHash } from 'node:crypto';
import { TOOL_NAME_PATTERN } from '../mcp/names.ts';

const MAX_WIRE = 64;
const SEPARATOR = '__';
const FIRST_HASH_CHARS = 6;

const hashOf = (name: string, chars: number) => createHash('sha256').update(name).digest('hex').slice(0, chars);

/** Snake_case letters and digits of `name`, never empty, never holding `__`. */
function snakeOf(name: string): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(snake) ? snake : `t_${snake}`.replace(/_+$/, '');
}

/** Whether `name` can be the tool part as it is, under `slug`. */
export function keepsName(slug: string, name: string): boolean {
  return TOOL_NAME_PATTERN.test(name) && slug.length + SEPARATOR.length + name.length <= MAX_WIRE;
}

/**
 * The tool part of each name's wire name under `slug`, by upstream name.
 * Names are taken in sorted order, so the result depends only on the set.
 */
export function mapToolNames(slug: string, names: readonly string[]): Map<string, string> {
  const room = MAX_WIRE - slug.length - SEPARATOR.length;
  const unique = [...new Set(names)].sort();
  const taken = new Set<string>();
  const mapped = new Map<string, string>();
  // Kept names first: a mapped name must never take the wire name of one that is kept.
  for (const name of unique) {
    if (!keepsName(slug, name)) continue;
    mapped.set(name, name);
    taken.add(name);
  }
  for (const name of unique) {
    if (mapped.has(name)) continue;
    const snake = snakeOf(name);
    for (let chars = FIRST_HASH_CHARS; ; chars += 2) {
      const suffix = `_${hashOf(name, chars)}`;
      const wire = `${snake.slice(0, room - suffix.length).replace(/_+$/, '')}${suffix}`;
      if (!taken.has(wire)) {
        mapped.set(name, wire);
        taken.add(wire);
        break;
      }
    }
  }
  return mapped;
}
