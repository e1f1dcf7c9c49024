import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { codeChangeExample } from '../examples/code-change.js';
import { codeChangeSchema } from './code-change.js';
import { describeIssues } from '../validate-document.js';

function problems(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : describeIssues(result.error.issues);
}

describe('codeChangeSchema', () => {
  it('accepts the example, and leaves escaping paths to the workspace to refuse per file', () => {
    expect(problems(codeChangeSchema, codeChangeExample)).toEqual([]);
    expect(problems(codeChangeSchema, { files: [{ path: '../../etc/x', content: 'x' }], notes: '' })).toEqual([]);
    expect(problems(codeChangeSchema, { files: [{ path: '', content: 'x' }], notes: '' })[0]).toMatch(/^files\[0\]\.path/);
  });

  it('refuses the same file twice', () => {
    const files = [
      { path: 'src/a.ts', content: '1' },
      { path: './src/a.ts', content: '2' },
    ];
    expect(problems(codeChangeSchema, { files, notes: '' })).toEqual(['files: file "src/a.ts" appears twice: write each file once']);
  });
});
