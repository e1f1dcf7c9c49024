import type { CodeChange, CodeFix } from '../../../src/documents/index.js';
import { bookmarksApiTasks, bookmarksFile } from './bookmarks-api-tasks.js';
import { replyWith, type ScenarioOverride } from './scripted-scenario.js';

/**
 * The variant where the engineer of T3 deletes by the id as the path spells it (a string)
 * instead of the parsed number: tsc refuses it (TS2345, so the type check and the build fail),
 * and at run time no bookmark ever matches, so DELETE answers 404 and the route and acceptance
 * tests fail. The smoke run still passes: tsc emits despite the error, and /health is untouched.
 */
export const BOOKMARKS_SERVER = 'src/server.ts';
const CORRECT_LINE = '      if (!store.remove(id)) return sendError(res, 404, `no bookmark with id ${id}`);';
const BUGGY_LINE = '      if (!store.remove(raw)) return sendError(res, 404, `no bookmark with id ${raw}`);';

const correctServer = bookmarksFile(BOOKMARKS_SERVER);
if (!correctServer.includes(CORRECT_LINE)) throw new Error(`${BOOKMARKS_SERVER} no longer contains the line the buggy scenario breaks: update bookmarks-api-bugs.ts`);
export const buggyServer = correctServer.replace(CORRECT_LINE, BUGGY_LINE);

const t3 = bookmarksApiTasks.T3!;
const buggyT3: CodeChange = { ...t3, files: t3.files.map((file) => (file.path === BOOKMARKS_SERVER ? { ...file, content: buggyServer } : file)) };

/** The edit that repairs the bug, exactly as a fix round answers it. */
export const deleteRepairEdit = { path: BOOKMARKS_SERVER, search: BUGGY_LINE, replace: CORRECT_LINE };

/** T3 writes the bug; nothing else changes. */
export const stringIdEngineer: Record<string, ScenarioOverride> = { T3: replyWith(buggyT3) };

/** …and the first fix round repairs it with one exact edit. */
export const fixingBookmarksEngineer: Record<string, ScenarioOverride> = {
  ...stringIdEngineer,
  'fix:1': replyWith({
    cause: `${BOOKMARKS_SERVER}: the DELETE route passes the raw path segment (a string) to store.remove, which takes the parsed number id; tsc reports TS2345 there, and at run time no bookmark id equals the string, so every DELETE answers 404 and the delete tests fail.`,
    edits: [deleteRepairEdit],
    files: [],
    notes: 'One-line fix in the DELETE route: remove by the parsed id, as the GET route already reads it; no test changed.',
  } satisfies CodeFix),
};
