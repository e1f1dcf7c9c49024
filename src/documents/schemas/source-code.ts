import { z } from 'zod';
import { field, relativePathSchema } from './fields.js';

/** What a stage stores after its engineers ran: an index of the files, not their content (that lives in git). */
export const sourceCodeSchema = field(
  z.object({
    summary: field(z.string().min(1), 'What the code now does, in a few sentences.', 'A working reading list CLI with tests.'),
    files: field(
      z.array(
        z.object({
          path: field(relativePathSchema, 'File path relative to the project root.', 'src/reading-list.ts'),
          task_id: field(z.string().min(1), 'Id of the task that wrote the file.', 'T1'),
          bytes: field(z.number().int().min(0), 'Size of the file in bytes.', 1840),
          description: field(z.string(), 'What the file contains.', 'JSON-file store for books.'),
        }),
      ),
      'Every file written, with the task that wrote it.',
    ),
  }),
  'Source code: the files the engineers wrote for a stage.',
);

export type SourceCode = z.infer<typeof sourceCodeSchema>;
