import type { Review } from '../schemas/review.js';

export const reviewExample: Review = {
  verdict: 'request_changes',
  summary: 'Clear structure and good tests; saving can lose the whole list if the process dies mid-write.',
  comments: [
    {
      file: 'src/store.ts',
      line: 18,
      severity: 'major',
      comment: 'writeFile truncates the data file before writing: a crash leaves it empty.',
      suggestion: 'Write to `books.json.tmp`, then rename it over the original.',
    },
    { file: 'src/cli.ts', severity: 'nit', comment: 'The `done` command prints "Finised".' },
  ],
};
