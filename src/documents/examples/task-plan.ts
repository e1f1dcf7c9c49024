import type { TaskPlan } from '../schemas/task-plan.js';

export const taskPlanExample: TaskPlan = {
  required_packages: [
    { name: 'commander', version: '^14.0.0', dev: false },
    { name: 'typescript', version: '~5.9.0', dev: true },
    { name: 'vitest', dev: true },
  ],
  tasks: [
    {
      id: 'T1',
      title: 'Set up the package',
      files: ['package.json', 'tsconfig.json'],
      description: 'ESM package with a `reading` bin, build and test scripts, strict TypeScript.',
      dependencies: [],
      priority: 'P0',
    },
    {
      id: 'T2',
      title: 'Implement the reading list and its store',
      files: ['src/reading-list.ts', 'src/store.ts', 'src/reading-list.test.ts'],
      description: 'Book type, ReadingList with add/finish/unread, JsonStore with atomic save; unit tests over a temporary file.',
      dependencies: ['T1'],
      priority: 'P0',
    },
    {
      id: 'T3',
      title: 'Implement the CLI commands',
      files: ['src/cli.ts'],
      description: 'commander program with add, list, done and stats; exit code 1 with a clear message on user errors.',
      dependencies: ['T2'],
      priority: 'P0',
    },
  ],
  shared_knowledge:
    'Books are { id, title, author?, finished_at? }. The data file is READING_LIST_FILE or ~/.reading-list.json. Source in src/, tests beside their file.',
};
