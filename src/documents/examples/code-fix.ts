import type { CodeFix } from '../schemas/code-fix.js';

export const codeFixExample: CodeFix = {
  cause: 'src/reading-list.ts: unfinished() keeps the books that have a finished_at date, the opposite of its name, so `reading list` shows finished books and the test "finish hides the book from the list" fails.',
  edits: [
    {
      path: 'src/reading-list.ts',
      search: 'return books.filter((b) => b.finished_at !== undefined);',
      replace: 'return books.filter((b) => b.finished_at === undefined);',
    },
  ],
  files: [],
  notes: 'One-line fix; no test changed.',
};
