/** Tool output sizing and wire shapes. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_CHARS, errorResult, toCallToolResult, truncate } from '../../lib/mcp/output.ts';

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
    const result = toCallToolResult({ text: 'hello' });
    expect(result).toEqual({ content: [{ type: 'text', text: 'hello' }] });
    expect('structuredContent' in result).toBe(false);
    expect(result.isError).toBeUndefined();
  });

  it('carries structured output as structuredContent', () => {
    const structured = { login: 'alice', publicRepos: 3 };
    expect(toCallToolResult({ text: 'alice', structured })).toEqual({ content: [{ type: 'text', text: 'alice' }], structuredContent: structured });
  });

  it('truncates long text but keeps the structured output whole', () => {
    const structured = { items: Array.from({ length: 3 }, (_, i) => i) };
    const result = toCallToolResult({ text: 'q'.repeat(DEFAULT_MAX_CHARS + 100), structured });
    const block = result.content[0];
    expect(block?.type === 'text' && block.text).toContain(`[truncated: showing ${DEFAULT_MAX_CHARS} of ${DEFAULT_MAX_CHARS + 100} characters`);
    expect(result.structuredContent).toEqual(structured);
  });
});

describe('errorResult', () => {
  it('is a text result flagged isError', () => {
    expect(errorResult('Reconnect GitHub.')).toEqual({ content: [{ type: 'text', text: 'Reconnect GitHub.' }], isError: true });
  });
});
