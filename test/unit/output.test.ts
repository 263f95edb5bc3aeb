/** Tool output sizing and wire shapes. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_CHARS, MAX_STRUCTURED_DEPTH, MAX_STRUCTURED_NODES, errorResult, toCallToolResult, truncate } from '../../lib/mcp/output.ts';

const CAP = 5 * 1024 * 1024;

describe('truncate', () => {
  it('returns text at or under the limit unchanged', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('x'.repeat(10), 10)).toBe('x'.repeat(10));
    expect(truncate('', 10)).toBe('');
  });

  it('cuts text over the limit and says how much was shown and what to do', () => {
    const out = truncate('abcdefghijkl', 5);
    expect(out).toBe('abcde\n\n[truncated: showing 5 of 12 characters; narrow the request or use pagination to see the rest]');
  });

  it('uses the given hint', () => {
    expect(truncate('abcdefghijkl', 5, 'ask for a line range')).toMatch(/; ask for a line range\]$/);
  });

  it('defaults to DEFAULT_MAX_CHARS', () => {
    const exact = 'y'.repeat(DEFAULT_MAX_CHARS);
    expect(truncate(exact)).toBe(exact);
    const over = truncate(exact + 'z');
    expect(over.startsWith(exact + '\n\n[truncated: showing')).toBe(true);
    expect(over).toContain(`showing ${DEFAULT_MAX_CHARS} of ${DEFAULT_MAX_CHARS + 1} characters`);
    expect(over).not.toContain('z');
  });
});

describe('toCallToolResult', () => {
  it('returns the text as one text block, without structuredContent when there is none', () => {
    const result = toCallToolResult({ text: 'hello' }, CAP);
    expect(result).toEqual({ content: [{ type: 'text', text: 'hello' }] });
    expect('structuredContent' in result).toBe(false);
    expect(result.isError).toBeUndefined();
  });

  it('carries structured output as structuredContent', () => {
    const structured = { login: 'alice', publicRepos: 3 };
    expect(toCallToolResult({ text: 'alice', structured }, CAP)).toEqual({ content: [{ type: 'text', text: 'alice' }], structuredContent: structured });
  });

  it('truncates long text but keeps the structured output whole', () => {
    const structured = { items: Array.from({ length: 3 }, (_, i) => i) };
    const result = toCallToolResult({ text: 'q'.repeat(DEFAULT_MAX_CHARS + 100), structured }, CAP);
    const block = result.content[0];
    expect(block?.type === 'text' && block.text).toContain(`[truncated: showing ${DEFAULT_MAX_CHARS} of ${DEFAULT_MAX_CHARS + 100} characters`);
    expect(result.structuredContent).toEqual(structured);
  });
});

describe('toCallToolResult bounds structured content', () => {
  const nested = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels)) as unknown;
  const textOf = (result: ReturnType<typeof toCallToolResult>) => (result.content[0]?.type === 'text' ? result.content[0].text : '');

  it('keeps structured content at the depth limit and leaves it out past it, saying why in the text', () => {
    // The structured object is level 1, its `value` array level 2.
    const atLimit = toCallToolResult({ text: 'ok', structured: { value: nested(MAX_STRUCTURED_DEPTH - 1) } }, CAP);
    expect(atLimit.structuredContent).toBeDefined();
    const deep = toCallToolResult({ text: 'ok', structured: { value: nested(40_000) } }, CAP);
    expect(deep.structuredContent).toBeUndefined();
    expect(textOf(deep)).toBe(`ok\n\n[structured content left out: its values nest deeper than the limit of ${MAX_STRUCTURED_DEPTH} levels; the text above is the result]`);
  });

  it('leaves out structured content holding more values than the limit', () => {
    const wide = toCallToolResult({ text: 'ok', structured: { rows: Array.from({ length: MAX_STRUCTURED_NODES }, () => 0) } }, CAP);
    expect(wide.structuredContent).toBeUndefined();
    expect(textOf(wide)).toContain('hold more than the limit of 100,000 values');
  });

  it('leaves out structured content larger than the upstream cap it is given', () => {
    const big = { body: 'b'.repeat(2_000) };
    expect(toCallToolResult({ text: 'ok', structured: big }, 4_096).structuredContent).toEqual(big);
    const result = toCallToolResult({ text: 'ok', structured: big }, 1_024);
    expect(result.structuredContent).toBeUndefined();
    expect(textOf(result)).toContain('are larger than the limit of 1,024 bytes of JSON');
  });
});

describe('errorResult', () => {
  it('is a text result flagged isError', () => {
    expect(errorResult('Reconnect GitHub.')).toEqual({ content: [{ type: 'text', text: 'Reconnect GitHub.' }], isError: true });
  });
});
