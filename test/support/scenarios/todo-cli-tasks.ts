import { readFileSync } from 'node:fs';
import type { CodeChange } from '../../../src/documents/index.js';
import { todoCliSystemDesign, todoCliTaskPlan } from './todo-cli-design.js';

// The generated project is kept as real files beside this module, so it is linted and can be read
// and run as it is; the engineers' answers are built from it.
const PROJECT_ROOT = new URL('./todo-cli-project/', import.meta.url);

/** Every file of the project the scenario's engineers write, by path relative to the project root. */
export const todoCliProjectFiles: Readonly<Record<string, string>> = Object.fromEntries(
  todoCliSystemDesign.file_list.map((path) => [path, readFileSync(new URL(path, PROJECT_ROOT), 'utf8')]),
);

/** The content of one project file; throws naming the file when the scenario does not have it. */
export function projectFile(path: string): string {
  const content = todoCliProjectFiles[path];
  if (content === undefined) throw new Error(`the todo-cli scenario has no file "${path}": add it to system_design.file_list`);
  return content;
}

/** The 1-based line of the first line of `file` containing `snippet`, so review comments point at real lines. */
export function lineOf(file: string, snippet: string): number {
  const index = projectFile(file)
    .split('\n')
    .findIndex((line) => line.includes(snippet));
  if (index === -1) throw new Error(`"${snippet}" is not in ${file}: update the review comment that points at it`);
  return index + 1;
}

const NOTES: Record<string, string> = {
  T1: 'No dependencies and no build step: `npm test` runs `node --test`, which finds test/*.test.js. The README documents the commands, TODO_FILE and the exit codes that T2 and T3 implement.',
  T2: 'TodoError carries a stable code (EMPTY_TEXT, INVALID_ID, NOT_FOUND, BAD_FILE) the CLI can rely on; complete and remove accept the id as typed on the command line and validate it with parseId. Every change reloads the file, so the store holds no state between calls.',
  T3: 'The CLI sets process.exitCode instead of calling process.exit, so stdout is flushed before the process ends. Options are parsed per command, so `todo add` treats "--all" as an unknown option rather than text; `todo add -- <text>` is the escape hatch, documented in the README.',
};

/** The engineers' answers, one code change per task of the plan, each writing exactly the files its task owns. */
export const todoCliTasks: Record<string, CodeChange> = Object.fromEntries(
  todoCliTaskPlan.tasks.map((task) => [
    task.id,
    { files: task.files.map((path) => ({ path, content: projectFile(path) })), notes: NOTES[task.id] ?? '' },
  ]),
);
