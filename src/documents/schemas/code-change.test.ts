import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { codeChangeExample } from '../examples/code-change.js';
import { codeFixExample } from '../examples/code-fix.js';
import { codeChangeSchema } from './code-change.js';
import { codeFixSchema } from './code-fix.js';
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

  it('takes edits instead of whole files, but not nothing and not both for one file', () => {
    const edit = { path: 'src/a.ts', search: 'a', replace: 'b' };
    expect(problems(codeChangeSchema, { files: [], edits: [edit], notes: '' })).toEqual([]);
    expect(problems(codeChangeSchema, { files: [], notes: '' })).toEqual(['files: a code change writes at least one file or edit']);
    expect(problems(codeChangeSchema, { files: [{ path: 'src/a.ts', content: 'x' }], edits: [edit], notes: '' })).toEqual([
      'edits: "src/a.ts" is both written whole and edited: do one or the other',
    ]);
    expect(problems(codeChangeSchema, { files: [], edits: [{ ...edit, search: '' }], notes: '' })).toEqual([
      'edits[0].search: search is empty: copy the exact lines to replace from the current file',
    ]);
  });
});

describe('codeFixSchema', () => {
  it('needs a cause as well as the change', () => {
    expect(problems(codeFixSchema, codeFixExample)).toEqual([]);
    const { cause: _cause, ...withoutCause } = codeFixExample;
    expect(problems(codeFixSchema, withoutCause)[0]).toMatch(/^cause/);
  });
});
