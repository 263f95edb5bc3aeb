/**
 * The structural check of a forwarded `tools/call` result
 * (lib/remote/call-result.ts), which stands in for the SDK's zod result
 * schema on the hub's forwarding path: what the spec schema accepts passes
 * (an absent `content` becomes `[]`, as its default), what the hub and its
 * clients could not use is refused with words that say which field.
 */
import { describe, expect, it } from 'vitest';
import { callResultProblem, forwardedCallResult } from '../../lib/remote/call-result.ts';

const validate = (value: unknown) => forwardedCallResult['~standard'].validate(value) as { value?: unknown; issues?: Array<{ message: string }> };

describe('forwarded tools/call result', () => {
  it('passes results of every content kind as they are', () => {
    const result = {
      content: [
        { type: 'text', text: 'hi', annotations: { audience: ['user'] } },
        { type: 'image', data: 'AA==', mimeType: 'image/png' },
        { type: 'audio', data: 'AA==', mimeType: 'audio/wav' },
        { type: 'resource_link', uri: 'memo://a', name: 'a' },
        { type: 'resource', resource: { uri: 'memo://a', text: 'a' } },
      ],
      structuredContent: { n: 1 },
      isError: false,
      _meta: { x: 1 },
    };
    expect(validate(result).value).toBe(result);
  });

  it('gives an absent content the spec default, and lets a 2024-10-07 toolResult through', () => {
    expect(validate({ structuredContent: { n: 1 } }).value).toEqual({ structuredContent: { n: 1 }, content: [] });
    expect(validate({ toolResult: 3 }).value).toEqual({ toolResult: 3 });
  });

  it('refuses what is not a result, naming the field', () => {
    expect(callResultProblem(null)).toMatch(/not an object/);
    expect(callResultProblem([])).toMatch(/not an object/);
    expect(callResultProblem({ content: 'hi' })).toMatch(/content is not an array/);
    expect(callResultProblem({ content: [{ type: 'video' }] })).toMatch(/content\[0\] is not a content block/);
    expect(callResultProblem({ content: [{ type: 'text', text: 'a' }, { type: 'text' }] })).toMatch(/content\[1\] is a text block without a string text/);
    expect(callResultProblem({ content: [], isError: 'yes' })).toMatch(/isError/);
    expect(callResultProblem({ content: [], structuredContent: 'x' })).toMatch(/structuredContent/);
    expect(validate({ content: 5 }).issues?.[0]?.message).toMatch(/^Invalid tools\/call result: content is not an array/);
  });
});
