import { readFileSync } from 'node:fs';
import type { Review, TestSuite } from '../../../src/documents/index.js';
import { todoCliPrd } from './todo-cli-design.js';
import { lineOf } from './todo-cli-tasks.js';

const ACCEPTANCE_PATH = 'test/acceptance.test.js';
const acceptance = readFileSync(new URL(`./todo-cli-qa/${ACCEPTANCE_PATH}`, import.meta.url), 'utf8');

/** The test names of the acceptance file, in order: one per user story of the PRD. */
const testNames = [...acceptance.matchAll(/^test\('([^']+)'/gm)].map((match) => match[1]!);

/** QA's answer: a plan that maps each user story to its acceptance test, and the test file. */
export const todoCliTestSuite: TestSuite = {
  plan: {
    approach:
      'Each user story is tested end to end, the way its user meets it: the real `todo` command is spawned with the running node, in a fresh temporary folder per test, and its stdout, stderr and exit code are asserted exactly as the PRD and the API spec state them. The engineers\' tests already cover the store module directly; these tests add the per-folder data file, TODO_FILE shared between folders, and the script-facing exit codes.',
    cases: todoCliPrd.user_stories.map((story, index) => ({ user_story: story, test: testNames[index] ?? `story ${index + 1}`, file: ACCEPTANCE_PATH })),
  },
  files: [{ path: ACCEPTANCE_PATH, content: acceptance }],
  notes: 'The tests need no network and write only in temporary folders; TODO_FILE is removed from the environment unless a test sets it.',
};

/** The code reviewer's verdict on each task as it is done: every one approved, with the minor points it noticed. */
export const todoCliTaskReviews: Record<string, Review> = {
  T1: {
    verdict: 'approve',
    summary: 'The manifest declares an ES module package with the `todo` bin, `node --test` as the test script and no dependencies, exactly as the task asks; the README documents every command, TODO_FILE and the exit codes.',
    comments: [],
  },
  T2: {
    verdict: 'approve',
    summary: 'The store follows the API spec name for name: ids are never reused, saves are atomic and a corrupt file is reported with its path. The tests cover the edge cases the task lists, on temporary folders only.',
    comments: [
      {
        file: 'src/todo-store.js',
        line: lineOf('src/todo-store.js', 'async function update(change)'),
        severity: 'minor',
        comment: 'Two processes updating the same file at the same moment can lose one update (last rename wins); the PRD puts concurrent use out of scope.',
        suggestion: 'If it becomes a need, hold a lock file created with the "wx" flag around update().',
      },
    ],
  },
  T3: {
    verdict: 'approve',
    summary: 'The CLI is a thin layer over the store: parseArgs per command, TodoError to exit 1, usage mistakes to exit 2 with the usage on stderr, and process.exitCode so output is flushed. The end-to-end tests spawn the real command on temporary files.',
    comments: [
      {
        file: 'src/cli.js',
        line: lineOf('src/cli.js', "return values.all ? 'No todos yet."),
        severity: 'minor',
        comment: 'When every todo is completed, `todo list` says "Nothing to do" without hinting that completed todos exist.',
        suggestion: 'Mention `todo list --all` in that message when completed todos exist.',
      },
    ],
  },
};
