import type { SourceCode } from '../schemas/source-code.js';

export const sourceCodeExample: SourceCode = {
  summary: 'A working reading list CLI: add, list, finish and stats commands over a JSON file, with unit tests.',
  files: [
    { path: 'package.json', task_id: 'T1', bytes: 512, description: 'Package manifest with the `reading` bin and scripts.' },
    { path: 'src/reading-list.ts', task_id: 'T2', bytes: 1840, description: 'Book type and pure list operations.' },
    { path: 'src/store.ts', task_id: 'T2', bytes: 960, description: 'JSON-file store with atomic save.' },
    { path: 'src/cli.ts', task_id: 'T3', bytes: 2210, description: 'commander program | four commands.' },
  ],
  reviews: [
    { task_id: 'T1', verdict: 'approve', rounds: 1, document: 'review_T1' },
    { task_id: 'T2', verdict: 'approve', rounds: 2, document: 'review_T2' },
    { task_id: 'T3', verdict: 'approve', rounds: 1, document: 'review_T3' },
  ],
};
