import { readFileSync } from 'node:fs';
import type { CodeChange } from '../../../src/documents/index.js';
import { bookmarksApiSystemDesign, bookmarksApiTaskPlan } from './bookmarks-api-design.js';

// The generated project is kept as real files beside this module (its lockfile included), so it
// is linted, type-checked and can be installed and run as it is; the engineers' answers are built from it.
export const BOOKMARKS_API_PROJECT_ROOT = new URL('./bookmarks-api-project/', import.meta.url);

/** Every file of the project the scenario's engineers write, by path relative to the project root. */
export const bookmarksApiProjectFiles: Readonly<Record<string, string>> = Object.fromEntries(
  bookmarksApiSystemDesign.file_list.map((path) => [path, readFileSync(new URL(path, BOOKMARKS_API_PROJECT_ROOT), 'utf8')]),
);

/** The content of one project file; throws naming the file when the scenario does not have it. */
export function bookmarksFile(path: string): string {
  const content = bookmarksApiProjectFiles[path];
  if (content === undefined) throw new Error(`the bookmarks-api scenario has no file "${path}": add it to system_design.file_list`);
  return content;
}

/** The 1-based line of the first line of `file` containing `snippet`, so review comments point at real lines. */
export function bookmarksLineOf(file: string, snippet: string): number {
  const index = bookmarksFile(file)
    .split('\n')
    .findIndex((line) => line.includes(snippet));
  if (index === -1) throw new Error(`"${snippet}" is not in ${file}: update the review comment that points at it`);
  return index + 1;
}

const NOTES: Record<string, string> = {
  T1: 'typescript, vitest and @types/node are devDependencies only: the service itself needs nothing but node:http. package-lock.json pins the whole tree with registry URLs and integrity hashes, so the install is `npm ci` and needs no lifecycle script. tsconfig.json type-checks src and test without emitting; tsconfig.build.json emits src alone to dist.',
  T2: 'validateBookmarkInput takes `unknown` and narrows it field by field, collecting every problem instead of stopping at the first. The store hands out copies (tags included), so a caller cannot change what is stored; DuplicateBookmarkError carries the existing id for the 409 message.',
  T3: 'Routing is a handful of path checks, no framework. Every handler returns early with its status; an unexpected error is a 500 without details. stop() calls closeAllConnections() after close(): fetch keeps connections alive, and without it the smoke script would wait for the keep-alive timeout before exiting.',
};

/** The engineers' answers, one code change per task of the plan, each writing exactly the files its task owns. */
export const bookmarksApiTasks: Record<string, CodeChange> = Object.fromEntries(
  bookmarksApiTaskPlan.tasks.map((task) => [
    task.id,
    { files: task.files.map((path) => ({ path, content: bookmarksFile(path) })), notes: NOTES[task.id] ?? '' },
  ]),
);
