import { describe, expect, it } from 'vitest';
import { testSuiteExample } from '../documents/index.js';
import { testSuiteProblems } from './qa-tests.js';

const stories = testSuiteExample.plan.cases.map((c) => c.user_story);

describe('testSuiteProblems', () => {
  it('accepts new test files that cover every user story', () => {
    expect(testSuiteProblems(testSuiteExample, { engineerFiles: new Set(['src/reading-list.ts']), userStories: stories })).toEqual([]);
  });

  it('refuses the engineers’ files, non-test files, unsafe paths and uncovered stories', () => {
    const suite = {
      ...testSuiteExample,
      files: [
        { path: 'test/acceptance.test.ts', content: 'x' },
        { path: 'src/reading-list.ts', content: 'x' },
        { path: 'src/helpers.ts', content: 'x' },
        { path: '../outside.test.ts', content: 'x' },
      ],
    };
    expect(testSuiteProblems(suite, { engineerFiles: new Set(['src/reading-list.ts']), userStories: [...stories, 'As a reader, I want stats'] })).toEqual([
      'files[1]: "src/reading-list.ts" was written by the engineers; put your tests in a new file',
      'files[2]: "src/helpers.ts" is not a test file the runner finds; use a name like test/acceptance.test.js or tests/test_acceptance.py',
      'files[3]: "../outside.test.ts" is not a relative path inside the project',
      'plan.cases: no test covers the user story "As a reader, I want stats" (copy it verbatim into user_story)',
    ]);
  });
});
