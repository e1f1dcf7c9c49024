import type { SystemDesign } from '../schemas/system-design.js';

export const systemDesignExample: SystemDesign = {
  implementation_approach:
    'A commander CLI over a small JSON-file store. List logic lives in pure functions over an array of books so it tests without I/O; the store writes atomically through a temporary file.',
  language: 'TypeScript',
  runtime: { name: 'Node.js 20', frameworks: ['commander', 'vitest'] },
  file_list: ['package.json', 'tsconfig.json', 'src/cli.ts', 'src/reading-list.ts', 'src/store.ts', 'src/reading-list.test.ts'],
  data_structures: [
    {
      name: 'Book',
      kind: 'interface',
      attributes: [
        { name: 'id', type: 'number' },
        { name: 'title', type: 'string' },
        { name: 'author', type: 'string | undefined' },
        { name: 'finished_at', type: 'string | undefined' },
      ],
      methods: [],
      relations: [],
    },
    {
      name: 'ReadingList',
      kind: 'class',
      attributes: [{ name: 'books', type: 'Array<Book>' }],
      methods: [
        { name: 'add', params: 'title: string, author?: string', returns: 'Book' },
        { name: 'finish', params: 'id: number', returns: 'Book' },
        { name: 'unread', params: '', returns: 'Book[]' },
      ],
      relations: [
        { to: 'Book', kind: 'contains' },
        { to: 'JsonStore', kind: 'uses' },
      ],
    },
    {
      name: 'JsonStore',
      kind: 'class',
      attributes: [{ name: 'path', type: 'string' }],
      methods: [
        { name: 'load', params: '', returns: 'Promise<Book[]>' },
        { name: 'save', params: 'books: Book[]', returns: 'Promise<void>' },
      ],
      relations: [],
    },
  ],
  call_flow: [
    { from: 'User', to: 'CLI', message: 'reading add "Dune"' },
    { from: 'CLI', to: 'JsonStore', message: 'load()', returns: 'books' },
    { from: 'CLI', to: 'ReadingList', message: 'add("Dune")', returns: 'Book #4' },
    { from: 'CLI', to: 'JsonStore', message: 'save(books)' },
    { from: 'CLI', to: 'User', message: 'Added #4: Dune' },
  ],
  commands: { install: 'npm install', build: 'npm run build', test: 'npm test', run: 'node dist/cli.js list' },
  open_questions: ['Should the data file location be configurable beyond READING_LIST_FILE?'],
};
