import * as z from 'zod';
import { field, findDuplicates, normalizeProjectPath, RELATIVE_PATH_RULE } from './fields.js';

/**
 * One exact search-and-replace in an existing file. Applied strictly: the search text must occur
 * exactly once in the file as it is now, so an edit never lands somewhere the model did not mean.
 */
export const fileEditSchema = z.object({
  path: field(z.string().min(1), `A file that exists now: ${RELATIVE_PATH_RULE}; a new file goes under \`files\` instead.`, 'src/reading-list.ts'),
  search: field(
    z.string().min(1, { error: 'search is empty: copy the exact lines to replace from the current file' }),
    'The exact text to replace, copied from the current file (whitespace included); it must occur exactly once, so include enough surrounding lines.',
    'return books.filter((b) => b.finished_at);',
  ),
  replace: field(z.string(), 'The text that takes its place, different from `search`; empty to delete it.', 'return books.filter((b) => !b.finished_at);'),
});

export type FileEdit = z.infer<typeof fileEditSchema>;

export const wholeFileSchema = z.object({
  // Not refused here: the workspace confines every path it writes and refuses an escaping
  // one with a `file.refused` event, so one bad path costs that file, not the task.
  path: field(z.string().min(1), `File path: ${RELATIVE_PATH_RULE}.`, 'src/reading-list.ts'),
  content: field(
    z.string(),
    'The complete new content of the file: never empty, never a diff, never an excerpt.',
    'export interface Book {\n  id: number;\n  title: string;\n}\n',
  ),
});

export const codeChangeShape = {
  files: field(
    z.array(wholeFileSchema),
    "Files written whole, each with its full content and each path once: your task's own files and new files, never a file another task owns, nor (in a fix) a file that exists; change those through `edits`. An empty list when every change is an edit. `files` and `edits` together hold at least one change.",
  ),
  edits: field(
    z.array(fileEditSchema).optional(),
    'Search-and-replace edits of files that already exist, applied in order; a file is either written whole in `files` or edited here, never both. Leave out or empty when every file is written whole.',
  ),
  notes: field(
    z.string(),
    'What was done and anything the reviewer or the next task should know; empty when nothing.',
    'Store writes atomically through a temporary file.',
  ),
};

/** Problems shared by every answer that writes files: nothing at all, or one file twice. */
export function codeChangeShapeIssues(change: { files: { path: string }[]; edits?: { path: string }[] | undefined }): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  if (change.files.length === 0 && (change.edits?.length ?? 0) === 0) {
    issues.push({ path: ['files'], message: 'a code change writes at least one file or edit' });
  }
  for (const path of findDuplicates(change.files.map((f) => normalizeProjectPath(f.path)))) {
    issues.push({ path: ['files'], message: `file "${path}" appears twice: write each file once` });
  }
  const whole = new Set(change.files.map((f) => normalizeProjectPath(f.path)));
  for (const edit of change.edits ?? []) {
    const path = normalizeProjectPath(edit.path);
    if (whole.has(path)) issues.push({ path: ['edits'], message: `"${path}" is both written whole and edited: do one or the other` });
  }
  return issues;
}

/** An engineer's answer for one task: files written whole, and edits of files that exist. */
export const codeChangeSchema = field(
  z.object(codeChangeShape).superRefine((change, ctx) => {
    for (const issue of codeChangeShapeIssues(change)) ctx.addIssue({ code: 'custom', ...issue });
  }),
  "Code change: an engineer's files for one task.",
);

export type CodeChange = z.infer<typeof codeChangeSchema>;
