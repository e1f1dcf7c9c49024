import * as z from 'zod';
import { codeChangeShape, codeChangeShapeIssues } from './code-change.js';
import { field } from './fields.js';

/**
 * An engineer's answer to a failing test report: the root cause, then the smallest edits that
 * remove it. Existing files change through exact search-and-replace edits; whole files only for
 * files that do not exist yet.
 */
export const codeFixSchema = field(
  z
    .object({
      cause: field(
        z.string().min(1),
        'The root cause of the failure: which file and line, what is wrong, and why the output shows it.',
        'src/reading-list.ts line 12 filters finished books instead of unfinished ones, so `list` shows the wrong books.',
      ),
      ...codeChangeShape,
    })
    .superRefine((fix, ctx) => {
      for (const issue of codeChangeShapeIssues(fix)) ctx.addIssue({ code: 'custom', ...issue });
    }),
  "Code fix: an engineer's edits that repair a failing validation.",
);

export type CodeFix = z.infer<typeof codeFixSchema>;
