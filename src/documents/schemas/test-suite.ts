import * as z from 'zod';
import { wholeFileSchema } from './code-change.js';
import { field, findDuplicates, normalizeProjectPath } from './fields.js';

const testCaseSchema = z.object({
  user_story: field(
    z.string().min(1),
    'The user story the test exercises, copied verbatim from the PRD; every user story of the PRD needs at least one case.',
    'As a reader, I want to mark a book as finished',
  ),
  test: field(z.string().min(1), 'The test name exactly as written in the test file.', 'finish marks the book as read and hides it from the list'),
  file: field(z.string().min(1), 'The test file that holds it, relative to the project root: one of the files in `files`.', 'test/acceptance.test.js'),
});

/** The plan part of QA's answer, kept in the test report. */
export const testPlanSchema = z.object({
  approach: field(
    z.string().min(1),
    'How the tests exercise the product: through which interface, with what data, and what is deliberately not tested.',
    'Each user story is tested end to end by running the CLI on a list file in a fresh temporary folder.',
  ),
  cases: field(z.array(testCaseSchema).min(1, { error: 'the plan has no test cases: map each user story to a test' }), 'One entry per test, with the user story it covers.'),
});

export type TestPlan = z.infer<typeof testPlanSchema>;

/** QA's answer before the validation runs: a test plan and the test files that carry it out. */
export const testSuiteSchema = field(
  z
    .object({
      plan: field(testPlanSchema, 'The test plan.'),
      files: field(
        z.array(wholeFileSchema).min(1, { error: 'write at least one test file' }),
        "The new test files, each complete and each path once: never one of the engineers' files, and named so the project's test command finds them (e.g. test/acceptance.test.js, tests/test_acceptance.py).",
      ),
      notes: field(z.string(), 'Anything the engineers should know about the tests; empty when nothing.', 'The tests need no network.'),
    })
    .superRefine((suite, ctx) => {
      const paths = suite.files.map((file) => normalizeProjectPath(file.path));
      for (const path of findDuplicates(paths)) ctx.addIssue({ code: 'custom', path: ['files'], message: `file "${path}" appears twice: write each file once` });
      suite.plan.cases.forEach((testCase, index) => {
        if (!paths.includes(normalizeProjectPath(testCase.file))) {
          ctx.addIssue({ code: 'custom', path: ['plan', 'cases', index, 'file'], message: `"${testCase.file}" is not among the files you wrote: ${paths.join(', ')}` });
        }
      });
    }),
  "Test suite: the QA engineer's test plan and test files.",
);

export type TestSuite = z.infer<typeof testSuiteSchema>;
