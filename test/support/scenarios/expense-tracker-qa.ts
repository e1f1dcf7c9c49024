import { readFileSync } from 'node:fs';
import type { Review, TestSuite } from '../../../src/documents/index.js';
import { expenseTrackerPrd } from './expense-tracker-design.js';
import { expenseLineOf } from './expense-tracker-tasks.js';

const ACCEPTANCE_PATH = 'tests/test_acceptance.py';
const acceptance = readFileSync(new URL(`./expense-tracker-qa/${ACCEPTANCE_PATH}`, import.meta.url), 'utf8');

/** The test functions of the acceptance file, in order: one per user story, the last story two. */
export const expenseAcceptanceTests = [...acceptance.matchAll(/^def (test_\w+)\(/gm)].map((match) => match[1]!);

const stories = expenseTrackerPrd.user_stories;
/** Which story each acceptance test proves, by index into the PRD's user stories. */
const STORY_OF_TEST = [0, 1, 2, 3, 4, 4];

/** QA's answer: a plan that maps each user story to its acceptance tests, and the test file. */
export const expenseTrackerTestSuite: TestSuite = {
  plan: {
    approach:
      'Each user story is tested end to end, the way its user meets it: the real command is spawned as `sys.executable -m expenses` in a fresh tmp_path folder, with EXPENSES_FILE removed from the environment unless the test sets it, and its stdout, stderr and exit code are asserted exactly as the PRD and the API spec state them. The engineers already test the store and main() in-process; these tests add the installed entry point, the CSV as a spreadsheet reads it, a file shared through EXPENSES_FILE, and amounts that a float would round wrong (19.99, 0.29, 1.15).',
    cases: expenseAcceptanceTests.map((test, index) => ({ user_story: stories[STORY_OF_TEST[index] ?? index] ?? '', test, file: ACCEPTANCE_PATH })),
  },
  files: [{ path: ACCEPTANCE_PATH, content: acceptance }],
  notes: 'Standard library and pytest only, no network; every test writes only under its tmp_path. The project folder is put on PYTHONPATH so `-m expenses` finds the package without installing it.',
};

/** The code reviewer's verdict on each task as it is done: every one approved, with the minor points it noticed. */
export const expenseTrackerTaskReviews: Record<string, Review> = {
  T1: {
    verdict: 'approve',
    summary: 'pyproject.toml declares the `expenses` console script, no runtime dependencies and the tests folder for pytest, as the task asks; the README documents every command, the CSV file, EXPENSES_FILE and the exit codes.',
    comments: [],
  },
  T2: {
    verdict: 'approve',
    summary: 'The store follows the API spec name for name. Amounts go through Decimal into whole cents, the save is atomic and a broken file is reported with its path and line and left alone. The tests cover the exact-cents cases, the broken files and the category filter on tmp_path only.',
    comments: [
      {
        file: 'expenses/store.py',
        line: expenseLineOf('expenses/store.py', 'handle = tempfile.NamedTemporaryFile('),
        severity: 'minor',
        comment: 'NamedTemporaryFile creates the file with mode 0600, so after the first save the CSV is readable by its owner only, whatever mode it had before.',
        suggestion: 'Copy the old file\'s mode onto the temporary file (os.chmod with stat.S_IMODE of the old mode) before os.replace, or document that the file is private.',
      },
    ],
  },
  T3: {
    verdict: 'approve',
    summary: 'A thin argparse layer over the store: ExpenseError and OSError to exit 1 with `expenses:` on stderr, usage errors to argparse\'s exit 2, and main(argv) returning the code so the tests run in-process. The output matches the API spec line for line.',
    comments: [
      {
        file: 'expenses/cli.py',
        line: expenseLineOf('expenses/cli.py', 'return ["No expenses yet."'),
        severity: 'minor',
        comment: 'The empty-list hint goes to stdout, so `expenses list | wc -l` counts one line when there are no expenses.',
        suggestion: 'Print the hint on stderr, or document it next to the tab-separated format.',
      },
    ],
  },
};
