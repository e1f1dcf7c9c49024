import { readFileSync } from 'node:fs';
import type { CodeChange } from '../../../src/documents/index.js';
import { expenseTrackerSystemDesign, expenseTrackerTaskPlan } from './expense-tracker-design.js';

// The generated project is kept as real Python files beside this module, so it can be read and
// run as it is (expense-tracker.test.ts runs its tests); the engineers' answers are built from it.
const PROJECT_ROOT = new URL('./expense-tracker-project/', import.meta.url);

/** Every file of the project the scenario's engineers write, by path relative to the project root. */
export const expenseTrackerProjectFiles: Readonly<Record<string, string>> = Object.fromEntries(
  expenseTrackerSystemDesign.file_list.map((path) => [path, readFileSync(new URL(path, PROJECT_ROOT), 'utf8')]),
);

/** The content of one project file; throws naming the file when the scenario does not have it. */
export function expenseFile(path: string): string {
  const content = expenseTrackerProjectFiles[path];
  if (content === undefined) throw new Error(`the expense-tracker scenario has no file "${path}": add it to system_design.file_list`);
  return content;
}

/** The 1-based line of the first line of `file` containing `snippet`, so review comments point at real lines. */
export function expenseLineOf(file: string, snippet: string): number {
  const index = expenseFile(file)
    .split('\n')
    .findIndex((line) => line.includes(snippet));
  if (index === -1) throw new Error(`"${snippet}" is not in ${file}: update the review comment that points at it`);
  return index + 1;
}

const NOTES: Record<string, string> = {
  T1: 'No runtime dependencies: pytest is only the optional "test" extra, and `python3 -m pytest -q` finds tests/ through [tool.pytest.ini_options]. The console script points at expenses.cli:main, which T3 writes; the README documents the commands, EXPENSES_FILE and the exit codes T2 and T3 implement.',
  T2: 'Amounts never pass through float: parse_amount multiplies the Decimal by 100, which is exact once at most two decimals are allowed. ExpenseError carries a stable code (INVALID_AMOUNT, EMPTY_CATEGORY, INVALID_DATE, BAD_FILE). Every method reloads the file, so the store keeps no state between calls; the CSV is written with the csv module default line ending (\\r\\n).',
  T3: 'main(argv) returns the exit code instead of calling sys.exit, so it is tested in-process with capsys; argparse still exits 2 on usage errors, as the design says. The list output is tab-separated with four fields always, so `cut -f2` gives the amounts even when the note is empty.',
};

/** The engineers' answers, one code change per task of the plan, each writing exactly the files its task owns. */
export const expenseTrackerTasks: Record<string, CodeChange> = Object.fromEntries(
  expenseTrackerTaskPlan.tasks.map((task) => [
    task.id,
    { files: task.files.map((path) => ({ path, content: expenseFile(path) })), notes: NOTES[task.id] ?? '' },
  ]),
);
