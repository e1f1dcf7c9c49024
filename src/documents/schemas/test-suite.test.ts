import { describe, expect, it } from 'vitest';
import { testSuiteExample } from '../examples/test-suite.js';
import { describeIssues } from '../validate-document.js';
import { testSuiteSchema } from './test-suite.js';

function problems(input: unknown): string[] {
  const result = testSuiteSchema.safeParse(input);
  return result.success ? [] : describeIssues(result.error.issues);
}

describe('testSuiteSchema', () => {
  it('accepts the example', () => {
    expect(problems(testSuiteExample)).toEqual([]);
  });

  it('refuses a plan whose cases point at files the answer did not write', () => {
    const plan = { ...testSuiteExample.plan, cases: [{ ...testSuiteExample.plan.cases[0]!, file: 'test/other.test.ts' }] };
    expect(problems({ ...testSuiteExample, plan })).toEqual([
      'plan.cases[0].file: "test/other.test.ts" is not among the files you wrote: test/acceptance.test.ts',
    ]);
  });

  it('refuses an empty plan or no files', () => {
    expect(problems({ ...testSuiteExample, plan: { ...testSuiteExample.plan, cases: [] } })).toEqual([
      'plan.cases: the plan has no test cases: map each user story to a test',
    ]);
    expect(problems({ ...testSuiteExample, files: [] })).toContain('files: write at least one test file');
  });
});
