import type { TestSuite } from '../schemas/test-suite.js';

export const testSuiteExample: TestSuite = {
  plan: {
    approach: 'The P0 user stories are tested through the module the CLI uses, on a data file in a fresh temporary folder; printing is left to the CLI tests.',
    cases: [
      { user_story: 'As a reader, I want to add a book', test: 'add stores the book with the next id', file: 'test/acceptance.test.ts' },
      { user_story: 'As a reader, I want to mark a book as finished', test: 'finish hides the book from the list', file: 'test/acceptance.test.ts' },
    ],
  },
  files: [
    {
      path: 'test/acceptance.test.ts',
      content: [
        "import { test } from 'node:test';",
        "import assert from 'node:assert/strict';",
        "import { addBook, finishBook, unfinished } from '../src/reading-list.js';",
        '',
        "test('add stores the book with the next id', () => {",
        '  const books = [];',
        "  assert.equal(addBook(books, 'Dune').id, 1);",
        "  assert.equal(addBook(books, 'Emma').id, 2);",
        '});',
        '',
        "test('finish hides the book from the list', () => {",
        '  const books = [];',
        "  finishBook(books, addBook(books, 'Dune').id);",
        '  assert.deepEqual(unfinished(books), []);',
        '});',
        '',
      ].join('\n'),
    },
  ],
  notes: 'The tests import the module directly and need no network or home folder.',
};
