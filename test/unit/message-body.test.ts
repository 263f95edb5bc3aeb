/** The scan that refuses costly messages before JSON.parse sees them. */
import { describe, expect, it } from 'vitest';
import { jsonTextExcess } from '../../lib/gateway/message-body.ts';

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
