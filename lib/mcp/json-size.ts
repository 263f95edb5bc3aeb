/**
 * Sizing JSON without recursion: parsed values (`measureJson`) and, before
 * parsing, JSON text (`jsonTextExcess`). Arguments come from strangers
 * and tool output from upstreams, and either can nest deeper than a recursive
 * walker survives: here `JSON.stringify` of a value 40,000 levels deep (80 KB
 * of brackets) runs ~1.8 s before it finishes or overflows the stack, and zod,
 * the SDKs and `structuredClone` recurse too. This walk keeps its own stack,
 * visits each node once and stops at the first limit passed, so its cost is
 * bounded by `maxNodes` whatever the input.
 */

export interface JsonBudget {
  /** Levels of nesting; a scalar or an empty container at the top is level 1. */
  maxDepth: number;
  /** Values counted: every scalar, array and object, keys not included. */
  maxNodes: number;
  /** Approximate `JSON.stringify` length in UTF-8. */
  maxBytes: number;
}

export type JsonLimit = 'depth' | 'nodes' | 'bytes';

export interface JsonSize {
  /** `Buffer.byteLength(JSON.stringify(value))`, but for lone surrogates and `toJSON` (a Date counts as `{}`). */
  bytes: number;
  nodes: number;
  depth: number;
  /** The first limit passed; the walk stopped there, so the figures above are lower bounds. */
  exceeded?: JsonLimit;
}

interface Frame {
  container: Record<string, unknown> | readonly unknown[];
  /** Object keys, or undefined for an array. */
  keys: string[] | undefined;
  length: number;
  next: number;
  /** Members written so far: each after the first adds a comma. */
  written: number;
  depth: number;
}

const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** A string as JSON writes it: quoted, with `"`, `\\` and control characters escaped. */
function stringBytes(value: string): number {
  let bytes = Buffer.byteLength(value) + 2;
  if (!NEEDS_ESCAPE.test(value)) return bytes;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    // \" \\ \b \t \n \f \r take two characters; other control characters \u00XX, six.
    if (code === 0x22 || code === 0x5c || code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) bytes += 1;
    else if (code < 0x20) bytes += 5;
  }
  return bytes;
}

function scalarBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return stringBytes(value);
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    case 'bigint':
      return String(value).length;
    default:
      // null, and what JSON writes as null or leaves out (undefined, functions, symbols).
      return 4;
  }
}

/** Object members JSON leaves out (in an array they are written as null). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** Measures `value` up to `budget`; never recurses, and stops at the first limit passed. */
export function measureJson(value: unknown, budget: JsonBudget): JsonSize {
  const stack: Frame[] = [];
  let bytes = 0;
  let nodes = 0;
  let deepest = 0;
  let current = value;
  let depth = 1;
  for (;;) {
    nodes++;
    if (depth > deepest) deepest = depth;
    if (depth > budget.maxDepth) return { bytes, nodes, depth: deepest, exceeded: 'depth' };
    if (nodes > budget.maxNodes) return { bytes, nodes, depth: deepest, exceeded: 'nodes' };
    if (typeof current === 'object' && current !== null) {
      const keys = Array.isArray(current) ? undefined : Object.keys(current);
      const length = keys ? keys.length : (current as unknown[]).length;
      bytes += 2;
      if (length > 0) stack.push({ container: current as Frame['container'], keys, length, next: 0, written: 0, depth: depth + 1 });
    } else {
      bytes += scalarBytes(current);
    }
    if (bytes > budget.maxBytes) return { bytes, nodes, depth: deepest, exceeded: 'bytes' };

    // Next: the next member of the innermost container that still has one.
    for (;;) {
      const frame = stack[stack.length - 1];
      if (!frame) return { bytes, nodes, depth: deepest };
      if (frame.next === frame.length) {
        stack.pop();
        continue;
      }
      const index = frame.next++;
      if (frame.keys) {
        const key = frame.keys[index]!;
        current = (frame.container as Record<string, unknown>)[key];
        if (isOmitted(current)) continue;
        bytes += stringBytes(key) + 1;
      } else {
        current = (frame.container as readonly unknown[])[index];
      }
      if (frame.written++ > 0) bytes += 1;
      depth = frame.depth;
      break;
    }
  }
}

/**
 * Which limit `text`, read as JSON, passes first: more than `maxDepth` arrays
 * or objects open at once, or more than `maxValues` values (containers and
 * the elements or members they hold). Brackets and commas in strings do not count.
 */
export function jsonTextExcess(text: string, maxDepth: number, maxValues: number): 'depth' | 'values' | undefined {
  let depth = 0;
  let values = 1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      // To the closing quote: the next one not escaped by an odd run of backslashes.
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return undefined;
        let slashes = 0;
        while (text.charCodeAt(i - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
      }
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > maxDepth) return 'depth';
      if (++values > maxValues) return 'values';
    } else if (code === 0x2c) {
      if (++values > maxValues) return 'values';
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return undefined;
}

/** "900 bytes", "65,536 bytes", "5 MB", "1.5 GB": exact below a megabyte, binary units (as limits are set) above. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Number((bytes / 1024 ** 3).toFixed(1))} GB`;
  if (bytes >= 1024 ** 2) return `${Number((bytes / 1024 ** 2).toFixed(1))} MB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** What passing a limit means, as the predicate of a plural subject: "[arguments] nest deeper than the limit of 64 levels". */
export function describeExcess(limit: JsonLimit, budget: JsonBudget): string {
  switch (limit) {
    case 'depth':
      return `nest deeper than the limit of ${budget.maxDepth} levels`;
    case 'nodes':
      return `hold more than the limit of ${budget.maxNodes.toLocaleString('en-US')} values`;
    case 'bytes':
      return `are larger than the limit of ${formatBytes(budget.maxBytes)} of JSON`;
  }
}
