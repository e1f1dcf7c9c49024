import { z } from 'zod';
import { field, findDuplicates, normalizeProjectPath } from './fields.js';

/** An engineer's answer for one task: the complete new content of every file it writes. */
export const codeChangeSchema = field(
  z
    .object({
      files: field(
        z
          .array(
            z.object({
              // Not refused here: the workspace confines every path it writes and refuses an escaping
              // one with a `file.refused` event, so one bad path costs that file, not the task.
              path: field(z.string().min(1), 'File path relative to the project root.', 'src/reading-list.ts'),
              content: field(
                z.string(),
                'The complete new content of the file (never a diff, never an excerpt).',
                'export interface Book {\n  id: number;\n  title: string;\n}\n',
              ),
            }),
          )
          .min(1, { error: 'a code change writes at least one file' }),
        'Every file this task writes, each with its full content.',
      ),
      notes: field(
        z.string(),
        'What was done and anything the reviewer or the next task should know; empty when nothing.',
        'Store writes atomically through a temporary file.',
      ),
    })
    .superRefine((change, ctx) => {
      for (const path of findDuplicates(change.files.map((f) => normalizeProjectPath(f.path)))) {
        ctx.addIssue({ code: 'custom', path: ['files'], message: `file "${path}" appears twice: write each file once` });
      }
    }),
  "Code change: an engineer's files for one task.",
);

export type CodeChange = z.infer<typeof codeChangeSchema>;
