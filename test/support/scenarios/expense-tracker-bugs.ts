import type { CodeChange, CodeFix, Review } from '../../../src/documents/index.js';
import { expenseTrackerTaskReviews } from './expense-tracker-qa.js';
import { expenseFile, expenseLineOf, expenseTrackerTasks } from './expense-tracker-tasks.js';
import { replyWith, scenarioReply, scenarioReviewRound, type ScenarioOverride } from './scripted-scenario.js';

/**
 * Variants of the expense-tracker scenario where the engineer of T2 handles money as a float:
 * parse_amount truncates `float(amount) * 100`, so 19.99 is stored as 19.98 and 4.35 as 4.34.
 * The engineers' tests and QA's acceptance tests both catch it. Each export is a set of
 * responder overrides for `scenarioResponder(expenseTrackerScenario, overrides)`.
 */
export const EXPENSE_STORE = 'expenses/store.py';
const CORRECT_LINE = '    return int(amount * 100)';
const BUGGY_LINE = '    return int(float(amount) * 100)';

const correctStore = expenseFile(EXPENSE_STORE);
if (!correctStore.includes(CORRECT_LINE)) throw new Error(`${EXPENSE_STORE} no longer contains the line the buggy scenario breaks: update expense-tracker-bugs.ts`);
export const floatBuggyStore = correctStore.replace(CORRECT_LINE, BUGGY_LINE);

const t2 = expenseTrackerTasks.T2!;
const buggyT2: CodeChange = { ...t2, files: t2.files.map((file) => (file.path === EXPENSE_STORE ? { ...file, content: floatBuggyStore } : file)) };

/** The edit that repairs the bug, exactly as a fix round or a revision answers it. */
export const floatRepairEdit = { path: EXPENSE_STORE, search: BUGGY_LINE, replace: CORRECT_LINE };

/** T2 writes the float bug; nothing else changes. */
export const floatBuggyEngineer: Record<string, ScenarioOverride> = { T2: replyWith(buggyT2) };

/** …and the first fix round repairs it with one exact edit. */
export const floatFixingEngineer: Record<string, ScenarioOverride> = {
  ...floatBuggyEngineer,
  'fix:1': replyWith({
    cause: `${EXPENSE_STORE}: parse_amount converts the Decimal to a float before multiplying by 100 and int() truncates, so 19.99 becomes 1998 cents and 4.35 becomes 434; the exact-cents tests and every total that includes such an amount fail on it.`,
    edits: [floatRepairEdit],
    files: [],
    notes: 'One-line fix in parse_amount: Decimal * 100 is exact for at most two decimals; no test changed.',
  } satisfies CodeFix),
};

/** The review that catches the float in T2's change, pointing at the line. */
export const reviewThatCatchesTheFloat: Review = {
  verdict: 'request_changes',
  summary: 'The store follows the spec, but parse_amount goes through a float, which the design forbids: 19.99 is stored as 19.98 and every total drifts.',
  comments: [
    {
      file: EXPENSE_STORE,
      line: expenseLineOf(EXPENSE_STORE, CORRECT_LINE.trim()),
      severity: 'blocker',
      comment: 'float(amount) * 100 is 1998.9999999999998 for 19.99, and int() truncates it to 1998: the stored amount is a cent short. The design says money is Decimal into whole cents, never a float.',
      suggestion: 'Multiply the Decimal itself: `return int(amount * 100)`.',
    },
  ],
};

/** T2 writes the float bug, the reviewer catches it in round 1, the revision fixes it, round 2 approves. */
export const pickyExpenseReviewer: Record<string, ScenarioOverride> = {
  ...floatBuggyEngineer,
  review_T2: (req) => scenarioReply(req, scenarioReviewRound(req) === 1 ? reviewThatCatchesTheFloat : expenseTrackerTaskReviews.T2),
  'T2:rework': replyWith({ files: [], edits: [floatRepairEdit], notes: 'parse_amount now multiplies the Decimal, as the review asked.' } satisfies CodeChange),
};
