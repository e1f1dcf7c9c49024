import type { ApiSpec } from '../schemas/api-spec.js';

export const apiSpecExample: ApiSpec = {
  style: 'interface',
  summary: 'The reading list is used from the terminal through four commands; each prints plain text and exits non-zero on a user error.',
  interface: {
    entries: [
      {
        name: 'reading add',
        kind: 'command',
        signature: 'reading add <title> [--author <name>]',
        description: 'Adds an unread book and prints its id. Fails with exit code 1 when the title is empty.',
        examples: ['reading add "Dune" --author "Frank Herbert"'],
      },
      {
        name: 'reading list',
        kind: 'command',
        signature: 'reading list [--all]',
        description: 'Prints unread books, or every book with --all, in aligned columns.',
        examples: ['reading list', 'reading list --all'],
      },
      {
        name: 'reading done',
        kind: 'command',
        signature: 'reading done <id>',
        description: 'Marks the book as finished today. Fails with exit code 1 for an unknown id.',
        examples: ['reading done 4'],
      },
      {
        name: 'ReadingList.add',
        kind: 'function',
        signature: 'add(title: string, author?: string): Book',
        description: 'Pure list operation used by the CLI; assigns the next free id.',
        examples: ['list.add("Dune", "Frank Herbert")'],
      },
    ],
  },
};

/** The same product offered over HTTP: what an `openapi` style spec looks like. */
export const openApiSpecExample: ApiSpec = {
  style: 'openapi',
  summary: 'A small HTTP API over the reading list, for a future web front end.',
  openapi: {
    openapi: '3.1.0',
    info: { title: 'Reading list API', version: '1.0.0' },
    paths: {
      '/books': {
        get: { summary: 'List books', responses: { '200': { description: 'The books' } } },
        post: { summary: 'Add a book', responses: { '201': { description: 'The new book' } } },
      },
      '/books/{id}/finish': {
        post: {
          operationId: 'finishBook',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '200': { description: 'The finished book' }, '404': { description: 'Unknown id' } },
        },
      },
    },
  },
};
