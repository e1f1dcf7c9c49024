import type { CodeChange, CodeFix, Review } from '../../../src/documents/index.js';
import type { FakeReply } from '../fake-llm-types.js';
import { scenarioReply, scenarioReviewRound, todoCliTaskReviews, todoCliTasks, type ScenarioOverride } from './todo-cli.js';
import { lineOf, projectFile } from './todo-cli-tasks.js';

/**
 * Variants of the todo-cli scenario where the engineer of T2 writes a bug: `list` shows the
 * completed todos instead of the open ones. The engineers' tests and QA's acceptance tests both
 * catch it. Each export is a set of responder overrides; combine them with `todoCliResponder`.
 */
const STORE = 'src/todo-store.js';
const CORRECT_LINE = 'return all ? todos : todos.filter((todo) => !todo.done);';
const BUGGY_LINE = 'return all ? todos : todos.filter((todo) => todo.done);';

const correctStore = projectFile(STORE);
if (!correctStore.includes(CORRECT_LINE)) throw new Error(`${STORE} no longer contains the line the buggy scenario breaks: update buggy-todo-cli.ts`);
export const buggyStore = correctStore.replace(CORRECT_LINE, BUGGY_LINE);

const t2 = todoCliTasks.T2!;
const buggyT2: CodeChange = { ...t2, files: t2.files.map((file) => (file.path === STORE ? { ...file, content: buggyStore } : file)) };

/** The edit that repairs the bug, exactly as a fix round or a revision answers it. */
export const repairEdit = { path: STORE, search: BUGGY_LINE, replace: CORRECT_LINE };

const reply =
  (answer: unknown): ScenarioOverride =>
  (req): FakeReply =>
    scenarioReply(req, answer);

/** T2 writes the bug; nothing else changes. */
export const buggyEngineer: Record<string, ScenarioOverride> = { T2: reply(buggyT2) };

/** …and the first fix round repairs it with one exact edit. */
export const fixingEngineer: Record<string, ScenarioOverride> = {
  ...buggyEngineer,
  'fix:1': reply({
    cause: `${STORE}: list() filters with todo.done instead of !todo.done, so \`todo list\` shows the completed todos and hides the open ones; the tests "add then list shows the todo unchecked" and the list stories fail on it.`,
    edits: [repairEdit],
    files: [],
    notes: 'One-line fix in list(); no test changed.',
  } satisfies CodeFix),
};

const ANCHOR = "export const DEFAULT_FILE_NAME = 'todos.json';";

/** …and every fix round misses it, each time with a different, useless edit. */
export function engineerWhoNeverFixes(rounds: number): Record<string, ScenarioOverride> {
  const overrides: Record<string, ScenarioOverride> = { ...buggyEngineer };
  for (let round = 1; round <= rounds; round++) {
    overrides[`fix:${round}`] = reply({
      cause: `Round ${round}: the default file name may be read before it is set.`,
      edits: [{ path: STORE, search: ANCHOR, replace: `${ANCHOR}\n// Checked in fix round ${round}: the default file name is a constant.` }],
      files: [],
      notes: '',
    } satisfies CodeFix);
  }
  return overrides;
}

/** …and every fix round proposes the very same useless edit. */
export function engineerWhoRepeatsHimself(rounds: number): Record<string, ScenarioOverride> {
  const same: CodeFix = {
    cause: 'The default file name is not marked as the list file.',
    edits: [{ path: STORE, search: ANCHOR, replace: `${ANCHOR} // the list file` }],
    files: [],
    notes: '',
  };
  const overrides: Record<string, ScenarioOverride> = { ...buggyEngineer };
  for (let round = 1; round <= rounds; round++) overrides[`fix:${round}`] = reply(same);
  return overrides;
}

/** The review that catches the bug in T2's change, pointing at the line. */
export const reviewThatCatchesTheBug: Review = {
  verdict: 'request_changes',
  summary: 'The store is close to the spec, but list() returns the completed todos instead of the open ones, so `todo list` shows exactly what the user finished.',
  comments: [
    {
      file: STORE,
      line: lineOf(STORE, 'async list({ all = false } = {})') + 2,
      severity: 'blocker',
      comment: 'list() keeps the todos whose done is true: the open todos disappear from `todo list` and the completed ones show. The API spec says list returns the open todos unless all is true.',
      suggestion: 'Filter with `(todo) => !todo.done`.',
    },
  ],
};

/** T2 writes the bug, the reviewer catches it in round 1, the revision fixes it, round 2 approves. */
export const pickyReviewer: Record<string, ScenarioOverride> = {
  ...buggyEngineer,
  review_T2: (req) => scenarioReply(req, scenarioReviewRound(req) === 1 ? reviewThatCatchesTheBug : todoCliTaskReviews.T2),
  'T2:rework': reply({ files: [], edits: [repairEdit], notes: 'list() now keeps the open todos, as the review asked.' } satisfies CodeChange),
};
