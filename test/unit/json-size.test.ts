/** The iterative JSON measures: of values (argument limits, output bounds, usage bytes) and of text before it is parsed (messages, upstream answers). */
import { describe, expect, it } from 'vitest';
import { describeExcess, formatBytes, jsonTextExcess, measureJson, type JsonBudget } from '../../lib/mcp/json-size.ts';

const UNBOUNDED: JsonBudget = { maxDepth: Infinity, maxNodes: Infinity, maxBytes: Infinity };
const nested = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels)) as unknown;

describe('measureJson', () => {
  it.each([
    ['a scalar', 42],
    ['strings that need escaping', { q: 'say "hi"\\ \n\t\r\b\f', ctl: '\u0001\u001f', uni: 'ünïcødé 日本 😀' }],
    ['empty containers', { a: [], b: {}, c: [[], {}] }],
    ['numbers', [0, -0, 1.5, -2e-7, 1e21, Number.NaN, Number.POSITIVE_INFINITY]],
    ['members JSON leaves out or writes as null', { a: undefined, b: 1, c: () => 1, d: [undefined, () => 1], e: undefined }],
    ['a page of issues', Array.from({ length: 50 }, (_, i) => ({ number: i, title: `Issue ${i}`, labels: [{ name: 'bug' }], closed: i % 2 === 0, body: null }))],
  ])('counts exactly what JSON.stringify writes for %s', (_name, value) => {
    const size = measureJson(value, UNBOUNDED);
    expect(size.exceeded).toBeUndefined();
    expect(size.bytes).toBe(Buffer.byteLength(JSON.stringify(value)));
  });

  it('counts depth from 1 at the top and every value as a node', () => {
    expect(measureJson({ a: [1, { b: 2 }] }, UNBOUNDED)).toEqual({ bytes: 17, nodes: 5, depth: 4 });
    expect(measureJson(nested(3), UNBOUNDED)).toMatchObject({ nodes: 3, depth: 3 });
  });

  it('walks a value 40,000 levels deep without recursion and stops at the depth limit', () => {
    const deep = nested(40_000);
    expect(measureJson(deep, UNBOUNDED)).toMatchObject({ depth: 40_000, nodes: 40_000, bytes: 80_000 });
    expect(measureJson(deep, { ...UNBOUNDED, maxDepth: 64 })).toMatchObject({ exceeded: 'depth', depth: 65, nodes: 65 });
  });

  it('stops at the node limit before looking at the rest', () => {
    const size = measureJson(Array.from({ length: 1_000_000 }, () => 0), { ...UNBOUNDED, maxNodes: 10 });
    expect(size).toMatchObject({ exceeded: 'nodes', nodes: 11 });
  });

  it('stops at the byte limit', () => {
    expect(measureJson({ body: 'x'.repeat(2_000) }, { ...UNBOUNDED, maxBytes: 1_000 })).toMatchObject({ exceeded: 'bytes' });
    expect(measureJson({ body: 'x'.repeat(980) }, { ...UNBOUNDED, maxBytes: 1_000 }).exceeded).toBeUndefined();
  });

  it('ends on a cycle, at the node limit', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(measureJson(loop, { ...UNBOUNDED, maxNodes: 1_000 }).exceeded).toBe('nodes');
  });
});

describe('messages', () => {
  it('formats sizes exactly below a megabyte and in binary units above', () => {
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(64 * 1024)).toBe('65,536 bytes');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatBytes(5.5 * 1024 * 1024)).toBe('5.5 MB');
    expect(formatBytes(1024 ** 3)).toBe('1 GB');
  });

  it('names each limit with its value', () => {
    const budget = { maxDepth: 64, maxNodes: 10_000, maxBytes: 1024 * 1024 };
    expect(describeExcess('depth', budget)).toBe('nest deeper than the limit of 64 levels');
    expect(describeExcess('nodes', budget)).toBe('hold more than the limit of 10,000 values');
    expect(describeExcess('bytes', budget)).toBe('are larger than the limit of 1 MB of JSON');
  });
});

describe('jsonTextExcess', () => {
  it('counts nesting and values outside strings only', () => {
    expect(jsonTextExcess('{"a":"[[[[{{{{,,,,"}', 1, 2)).toBeUndefined();
    expect(jsonTextExcess('{"a":"\\"[[[","b":"\\\\"}', 1, 3)).toBeUndefined();
    expect(jsonTextExcess('[[["\\\\\\"[["]]]', 2, 100)).toBe('depth');
    expect(jsonTextExcess('[[["\\\\\\"[["]]]', 3, 100)).toBeUndefined();
  });

  it('stops at the first value past the limit', () => {
    expect(jsonTextExcess('[1,2,3]', 10, 4)).toBeUndefined();
    expect(jsonTextExcess('[1,2,3,4]', 10, 4)).toBe('values');
    expect(jsonTextExcess('['.repeat(2_000_000), 128, Infinity)).toBe('depth');
  });

  it('agrees with JSON.parse on what nests how deep', () => {
    for (const text of ['{}', '[]', '"[x"', '{"a":[{"b":[1,{"c":"]]]"}]}]}', '[[[[[]]]]]']) {
      const depth = (value: unknown): number => (typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depth)) : 0);
      const levels = depth(JSON.parse(text));
      expect(jsonTextExcess(text, levels, Infinity)).toBeUndefined();
      if (levels > 0) expect(jsonTextExcess(text, levels - 1, Infinity)).toBe('depth');
    }
  });
});
