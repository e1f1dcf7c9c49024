import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { codeChangeSchema, documentSchema, reviewSchema, testSuiteSchema, type Review, type TestSuite } from '../documents/index.js';
import { RELATIVE_PATH_RULE } from '../documents/schemas/fields.js';
import { applyEdits } from './apply-edits.js';
import { answerLine } from './build-prompt.js';
import { testSuiteProblems } from './qa-tests.js';
import { reviewProblems } from './review-role.js';
import { roleOutputProblems } from './role-checks.js';
import type { RoleSnapshot } from './role-snapshot.js';
import { changeProblems } from './write-change.js';

/**
 * The checks roles run on an answer after its schema accepted it (they need the project's files,
 * the plan, the PRD). Each rule must be said to the model before it is held against it: in a
 * description of the JSON schema it receives, or in its role's prompt.
 */
interface CheckRule {
  /** The source file whose check reports the problem. */
  file: string;
  problem: string;
  /** The problems the check reports for an answer broken in this rule. */
  found: () => string[];
  /** Where the rule is said: a description of this schema, or the text of a prompt. */
  stated: { schema: z.ZodType; words: string } | { prompt: string; words: string };
}

const snapshot = new Map([['src/a.js', 'export const a = 1;\nexport const b = 1;\n']]);
const file = (path: string, content = 'x') => ({ path, content });
const role: RoleSnapshot = {
  id: 'auditor',
  displayName: 'Auditor',
  description: 'audits',
  systemPrompt: 'You audit.',
  sections: ['Findings'],
  requiredPatterns: ['OWASP'],
  contextTokens: 32_000,
  behaviour: 'document',
};
const suite = (files: { path: string; content: string }[], story = 'As a user, I add'): TestSuite => ({
  plan: { approach: 'x', cases: [{ user_story: story, test: 't', file: files[0]?.path ?? '' }] },
  files,
  notes: '',
});
const suiteProblems = (value: TestSuite, userStories = ['As a user, I add']) => testSuiteProblems(value, { engineerFiles: new Set(['src/a.js']), userStories });
const review = (comment: Partial<Review['comments'][number]>): Review => ({
  verdict: 'request_changes',
  summary: 's',
  comments: [{ file: 'src/a.js', severity: 'major', comment: 'c', ...comment }],
});
const sourceOf = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

const RULES: CheckRule[] = [
  {
    file: 'write-change.ts',
    problem: '"src/a.js" is empty',
    found: () => changeProblems({ files: [file('src/a.js', ' \n')] }, { mode: 'task', ownedFiles: ['src/a.js'], snapshot }),
    stated: { schema: codeChangeSchema, words: 'never empty' },
  },
  {
    file: 'write-change.ts',
    problem: 'already exists: change it with edits',
    found: () => changeProblems({ files: [file('src/a.js')] }, { mode: 'fix', snapshot }),
    stated: { schema: codeChangeSchema, words: 'nor (in a fix) a file that exists; change those through `edits`' },
  },
  {
    file: 'write-change.ts',
    problem: 'belongs to another task: change it with a small edit',
    found: () => changeProblems({ files: [file('src/a.js')] }, { mode: 'rework', ownedFiles: ['src/b.js'], snapshot }),
    stated: { schema: codeChangeSchema, words: 'never a file another task owns' },
  },
  {
    file: 'write-change.ts',
    problem: 'belongs to another task of the plan',
    found: () => changeProblems({ files: [file('src/b.js'), file('src/c.js')] }, { mode: 'task', ownedFiles: ['src/b.js'], othersOwn: ['src/c.js'], snapshot }),
    stated: { schema: codeChangeSchema, words: 'never a file another task owns' },
  },
  {
    file: 'write-change.ts',
    problem: 'is not a relative path inside the project',
    found: () => changeProblems({ files: [], edits: [{ path: '../a.js', search: 'a', replace: 'b' }] }, { mode: 'fix', snapshot }),
    stated: { schema: codeChangeSchema, words: RELATIVE_PATH_RULE },
  },
  {
    file: 'write-change.ts',
    problem: 'the replacement is the same as the search text',
    found: () => changeProblems({ files: [], edits: [{ path: 'src/a.js', search: 'a', replace: 'a' }] }, { mode: 'fix', snapshot }),
    stated: { schema: codeChangeSchema, words: 'different from `search`' },
  },
  {
    file: 'write-change.ts',
    problem: 'the task owns "src/b.js" but the answer does not contain it',
    found: () => changeProblems({ files: [file('src/c.js')] }, { mode: 'task', ownedFiles: ['src/b.js', 'src/c.js'], snapshot }),
    stated: { prompt: sourceOf('engineer-role.ts'), words: 'Answer with the complete content of every file the task owns' },
  },
  {
    file: 'apply-edits.ts',
    problem: 'the file does not exist',
    found: () => applyEdits([{ path: 'src/new.js', search: 'a', replace: 'b' }], (path) => snapshot.get(path)).problems,
    stated: { schema: codeChangeSchema, words: 'A file that exists now' },
  },
  {
    file: 'apply-edits.ts',
    problem: 'the search text occurs 2 times',
    found: () => applyEdits([{ path: 'src/a.js', search: '= 1;', replace: '= 2;' }], (path) => snapshot.get(path)).problems,
    stated: { schema: codeChangeSchema, words: 'it must occur exactly once' },
  },
  {
    file: 'apply-edits.ts',
    problem: 'differs from the file in whitespace or indentation',
    found: () => applyEdits([{ path: 'src/a.js', search: 'export  const a', replace: 'x' }], (path) => snapshot.get(path)).problems,
    stated: { schema: codeChangeSchema, words: 'copied from the current file (whitespace included)' },
  },
  {
    file: 'apply-edits.ts',
    problem: 'the search text is not in the file',
    found: () => applyEdits([{ path: 'src/a.js', search: 'missing', replace: 'x' }], (path) => snapshot.get(path)).problems,
    stated: { schema: codeChangeSchema, words: 'copied from the current file' },
  },
  {
    file: 'qa-tests.ts',
    problem: 'is not a relative path inside the project',
    found: () => suiteProblems(suite([file('/tmp/a.test.js')])),
    stated: { schema: testSuiteSchema, words: RELATIVE_PATH_RULE },
  },
  {
    file: 'qa-tests.ts',
    problem: 'was written by the engineers',
    found: () => suiteProblems(suite([file('src/a.js')])),
    stated: { schema: testSuiteSchema, words: "never one of the engineers' files" },
  },
  {
    file: 'qa-tests.ts',
    problem: 'is not a test file the runner finds',
    found: () => suiteProblems(suite([file('src/acceptance.js')])),
    stated: { schema: testSuiteSchema, words: "named so the project's test command finds them" },
  },
  {
    file: 'qa-tests.ts',
    problem: '"test/a.test.js" is empty',
    found: () => suiteProblems(suite([file('test/a.test.js', ' ')])),
    stated: { schema: testSuiteSchema, words: 'never empty' },
  },
  {
    file: 'qa-tests.ts',
    problem: 'no test covers the user story "As a user, I list"',
    found: () => suiteProblems(suite([file('test/a.test.js')]), ['As a user, I add', 'As a user, I list']),
    stated: { schema: testSuiteSchema, words: 'every user story of the PRD needs at least one case' },
  },
  {
    file: 'review-role.ts',
    problem: 'is not part of this change or its context',
    found: () => reviewProblems(review({ file: 'src/other.js' }), snapshot),
    stated: { schema: reviewSchema, words: 'one of the files shown to you' },
  },
  {
    file: 'review-role.ts',
    problem: 'src/a.js has 3 lines, not 40',
    found: () => reviewProblems(review({ line: 40 }), snapshot),
    stated: { schema: reviewSchema, words: 'a line that exists in that file' },
  },
  {
    file: '../documents/schemas/sectioned.ts',
    problem: 'missing section "Findings"',
    found: () => roleOutputProblems(role, 'sectioned', { title: 't', sections: [{ heading: 'Other', content: 'OWASP' }] }),
    stated: { schema: documentSchema('sectioned', { sections: role.sections }), words: 'include every one of: Findings' },
  },
  {
    file: '../documents/schemas/sectioned.ts',
    problem: 'section "Findings" is empty',
    found: () => roleOutputProblems(role, 'sectioned', { title: 'OWASP', sections: [{ heading: 'Findings', content: ' ' }] }),
    stated: { schema: documentSchema('sectioned', { sections: role.sections }), words: 'never empty' },
  },
  {
    file: 'role-checks.ts',
    problem: 'missing required pattern "OWASP"',
    found: () => roleOutputProblems(role, 'sectioned', { title: 't', sections: [{ heading: 'Findings', content: 'none' }] }),
    stated: { prompt: answerLine(role, { name: 'audit', kind: 'sectioned' }), words: 'It must explicitly address: "OWASP"' },
  },
];

function descriptions(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(descriptions);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === 'description' && typeof value === 'string' ? [value] : descriptions(value)));
}

describe('every rule a role checks in an answer is said to the model first', () => {
  for (const rule of RULES) {
    it(`${rule.file}: "${rule.problem}"`, () => {
      const found = rule.found();
      expect(found.some((problem) => problem.includes(rule.problem)), found.join('\n')).toBe(true);
      const said = 'schema' in rule.stated ? descriptions(z.toJSONSchema(rule.stated.schema, { io: 'input', unrepresentable: 'any' })).join('\n') : rule.stated.prompt;
      expect(said).toContain(rule.stated.words);
    });
  }

  it('lists every problem each check can report', () => {
    // A tripwire: a new `problems.push('…')` fails here until its rule is said to the model and listed above.
    for (const name of ['write-change.ts', 'apply-edits.ts', 'qa-tests.ts', 'review-role.ts', '../documents/schemas/sectioned.ts']) {
      const pushes = sourceOf(name).match(/problems\.push\(\s*[`'"]/g)?.length ?? 0;
      expect(RULES.filter((rule) => rule.file === name).length, name).toBe(pushes);
    }
  });
});
