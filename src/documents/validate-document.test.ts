import { describe, expect, it } from 'vitest';
import { examples } from './examples/index.js';
import { validateDocument } from './validate-document.js';

describe('validateDocument', () => {
  it('returns the parsed content of a valid document', () => {
    expect(validateDocument('review', examples.review)).toEqual({ success: true, data: examples.review });
  });

  it('lists each problem with its path', () => {
    const result = validateDocument('review', { verdict: 'maybe', comments: [{ file: 'a.ts', severity: 'minor' }] });
    expect(result).toEqual({
      success: false,
      problems: [
        'verdict: Invalid option: expected one of "approve"|"request_changes"',
        'summary: Invalid input: expected string, received undefined',
        'comments[0].comment: Invalid input: expected string, received undefined',
      ],
    });
  });

  it('names the root when the content is not an object', () => {
    expect(validateDocument('markdown', 'just text')).toEqual({
      success: false,
      problems: ['Invalid input: expected object, received string'],
    });
  });
});
