import * as z from 'zod';
import { field, RELATIVE_PATH_RULE, relativePathSchema } from './fields.js';

const taskReviewSchema = z.object({
  task_id: field(z.string().min(1), 'Id of the reviewed task.', 'T2'),
  verdict: field(z.enum(['approve', 'request_changes']), "The reviewer's last verdict on the task.", 'approve'),
  rounds: field(z.number().int().min(1), 'How many times the task was reviewed.', 1),
  document: field(z.string().min(1), 'The review document.', 'review_T2'),
});

/** What a stage stores after its engineers ran: an index of the files, not their content (that lives in git). */
export const sourceCodeSchema = field(
  z.object({
    summary: field(z.string().min(1), 'What the code now does, in a few sentences.', 'A working reading list CLI with tests.'),
    files: field(
      z.array(
        z.object({
          path: field(relativePathSchema, `File path: ${RELATIVE_PATH_RULE}.`, 'src/reading-list.ts'),
          task_id: field(z.string().min(1), 'Id of the task that wrote the file.', 'T1'),
          bytes: field(z.number().int().min(0), 'Size of the file in bytes.', 1840),
          sha256: field(z.string().regex(/^[0-9a-f]{64}$/).optional(), 'SHA-256 of the content as written (hex).', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
          description: field(z.string(), 'What the file contains.', 'JSON-file store for books.'),
        }),
      ),
      'Every file written, with the task that wrote it.',
    ),
    reviews: field(z.array(taskReviewSchema).optional(), "The code reviewer's verdict on each task, when tasks were reviewed."),
  }),
  'Source code: the files the engineers wrote for a stage.',
);

export type SourceCode = z.infer<typeof sourceCodeSchema>;
export type TaskReviewSummary = z.infer<typeof taskReviewSchema>;
